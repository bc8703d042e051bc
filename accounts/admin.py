"""Admin for portal accounts and their roles, scoped to the user's area.

Only superusers and district administrators manage accounts; nobody but a
superuser can grant superuser status or touch a superuser's account, and only
they and district administrators can hand out the district administrator role.
"""

import copy

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from partybuild import rights, scoping
from partybuild.admin_scoping import ScopedAdmin, has_scope, obj_in_scope, user_queryset

from .models import Role, RoleAssignment, User
from .services import may_manage_account, user_deactivate, user_set_password


def _limit_roles(db_field, request, kwargs):
    # Only a district administrator hands out the role; where it may be bound, RoleAssignment.clean says.
    if db_field.name == "role" and not rights.is_district_admin(request.user):
        kwargs["choices"] = [c for c in Role.choices if c[0] != Role.DISTRICT_ADMIN]
    return kwargs


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ("role", "organization", "granted_at")
    readonly_fields = ("granted_at",)
    autocomplete_fields = ("organization",)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("organization")
        return scoping.scope_queryset(qs, request.user, scoping.VIEW)

    def _may_manage(self, request, obj=None):
        return has_scope(request, scoping.MANAGE) and (obj is None or obj_in_scope(request, obj, scoping.MANAGE))

    def has_view_permission(self, request, obj=None):
        return has_scope(request, scoping.VIEW)

    def has_add_permission(self, request, obj=None):
        return self._may_manage(request)

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = scoping.scope_queryset(
                db_field.related_model.objects.all(), request.user, scoping.MANAGE
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        return super().formfield_for_choice_field(db_field, request, **_limit_roles(db_field, request, kwargs))


class PasswordChangeThroughServiceForm(AdminPasswordChangeForm):
    """The admin's password form, saving through ``user_set_password`` (which voids API tokens)."""

    actor: User  # set per request by UserAdmin.user_change_password

    def save(self, commit=True):
        usable = self.cleaned_data["set_usable_password"]
        return user_set_password(user=self.actor, target=self.user,
                                 password=self.cleaned_data["password1"] if usable else None)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "phone", "is_staff", "is_active", "last_login")
    search_fields = ("username", "full_name", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "password1", "password2")}),
    )
    inlines = [RoleAssignmentInline]

    def get_queryset(self, request):
        return user_queryset(request.user).order_by("username")

    def has_module_permission(self, request):
        return has_scope(request, scoping.VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, scoping.VIEW)

    def _manages_accounts(self, request) -> bool:
        user = request.user
        # Accounts span the district, so only a district administrator (bound at the root) manages them.
        return user.is_active and user.is_staff and rights.is_district_admin(user)

    def has_add_permission(self, request):
        return self._manages_accounts(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return may_manage_account(request.user, obj)
        return self._manages_accounts(request)

    def user_change_password(self, request, id, form_url=""):
        # Django's view builds ``self.change_password_form(user, data)``; a copy of this admin
        # for the one request hands the form the acting user, whom the service checks.
        admin_for_request = copy.copy(self)
        admin_for_request.change_password_form = type(
            "PasswordChangeThroughServiceForm", (PasswordChangeThroughServiceForm,), {"actor": request.user}
        )
        return super(UserAdmin, admin_for_request).user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_deactivate(user=request.user, target=obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        fields = ("last_login", "date_joined")
        if not request.user.is_superuser:
            fields += ("is_superuser", "groups", "user_permissions")
        return fields

    def get_inline_instances(self, request, obj=None):
        # Roles are given on the account's page once it exists.
        return super().get_inline_instances(request, obj) if obj is not None else []


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    edit_action = scoping.MANAGE
    list_display = ("user", "role", "organization", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "organization__name", "organization__code")
    list_select_related = ("user", "organization")
    autocomplete_fields = ("organization",)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        return super().formfield_for_choice_field(db_field, request, **_limit_roles(db_field, request, kwargs))
