"""Users and the roles that bind them to nodes of the organisation tree."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Portal user (用户). What a user sees is decided by their role assignments."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # API tokens issued before this no longer authenticate (accounts.authentication). Stamped by
    # set_password itself, so every way of changing a password counts: the portal, the admin,
    # Django's password views and `manage.py changepassword`.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self.password_changed_at = timezone.now()


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_OFFICIAL = "street_official", _("Street official")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    GRID_WORKER = "grid_worker", _("Grid worker")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    AUDITOR = "auditor", _("Read-only auditor")


class RoleAssignment(models.Model):
    """A role held by a user on one organisation node (角色); it reaches the node's whole subtree."""

    scope_field = "organization"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "organization"], name="unique_role_per_node")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization.name}"

    def clean(self) -> None:
        from partybuild.rights import binding_error

        if self.role and self.organization_id:
            error = binding_error(self.role, self.organization)
            if error:
                raise ValidationError({"organization": error})
