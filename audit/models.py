"""The register of personal-data reveals (个人信息查阅记录)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .policy import Purpose


class PersonalDataAccess(models.Model):
    """One reveal of one personal field (个人信息查阅记录): who, what, why, when, from where.

    Written once by ``audit.services.personal_data_reveal`` (or its bulk form, for the rows of an
    export or a search) and never changed; ``organization`` is where the record lived at the time,
    so the register is scoped like the data it protects."""

    scope_field = "organization"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                             related_name="personal_data_accesses")
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=200)
    field = models.CharField(_("field"), max_length=50)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.CharField(_("purpose details"), max_length=200)
    organization = models.ForeignKey("organizations.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    accessed_at = models.DateTimeField(_("accessed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="pda_object_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.object_repr} · {self.field}"

    @property
    def field_label(self) -> str:
        """The field's verbose name, or names: an export or a search reveals several fields of a record
        at once and records them comma-separated (content types are cached by Django: no query per row)."""
        model = self.content_type.model_class()
        return "、".join(_verbose_name(model, name) for name in self.field.split(","))


def _verbose_name(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # a field renamed since the reveal: show what was recorded
        return name
