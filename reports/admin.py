"""Admin for grid reports: departments and categories are configured here by district
administrators; cases and their history are shown, never edited (they move through services)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import files, scoping
from partybuild.admin_scoping import (
    ReadOnlyInline,
    ScopedAdmin,
    ServiceFormAdminMixin,
    ServiceModelForm,
    has_scope,
    user_queryset,
)
from partybuild.scoping import VIEW

from .models import Department, GridReport, Open311Key, ReportCategory, ReportEvent, ReportPhoto
from .open311 import keys
from .selectors import department_list


def is_district_admin(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and scoping.has_any_role(user, Role.DISTRICT_ADMIN)


class DistrictConfigMixin:
    """Configuration the district sets: any staff user in scope may read it, district admins change it."""

    def has_add_permission(self, request, *args):
        return is_district_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_district_admin(request) and (obj is None or self.has_view_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: cases keep pointing at their department and category


@admin.register(Department)
class DepartmentAdmin(DistrictConfigMixin, ScopedAdmin):
    list_display = ("name", "kind", "organization", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("staff",)
    autocomplete_fields = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            # Only accounts holding the department-staff role can be put on a department.
            kwargs["queryset"] = user_queryset(request.user).filter(roles__role=Role.DEPARTMENT_STAFF).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(ReportCategory)
class ReportCategoryAdmin(DistrictConfigMixin, admin.ModelAdmin):
    list_display = ("code", "name", "default_department", "auto_dispatch", "accept_limit_hours",
                    "time_limit_hours", "is_active")
    list_editable = ("time_limit_hours",)
    search_fields = ("code", "name")
    list_select_related = ("default_department",)

    def has_module_permission(self, request):
        return has_scope(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "default_department":
            kwargs["queryset"] = department_list(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EventInline(ReadOnlyInline):
    model = ReportEvent


def _photo(photo: ReportPhoto) -> str:
    return files.download_link(photo.image, url=reverse("reports:photo", args=[photo.pk]), label=_("Photo"))


class PhotoInline(ReadOnlyInline):
    model = ReportPhoto
    exclude = ("image",)

    @admin.display(description=_("Photo"))
    def photo(self, obj):
        return _photo(obj)

    def get_readonly_fields(self, request, obj=None):
        # The file has no URL (partybuild.files): a link to the scoped view instead of the stored name.
        return [*(f for f in super().get_readonly_fields(request, obj) if f != "image"), "photo"]


@admin.register(GridReport)
class GridReportAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("number", "category", "grid", "department", "status", "is_overdue", "reported_at", "due_at")
    list_filter = ("status", "is_overdue", "category")
    search_fields = ("number", "description", "location")
    date_hierarchy = "reported_at"
    list_select_related = ("category", "grid", "department")
    inlines = [PhotoInline, EventInline]


@admin.register(ReportEvent)
class ReportEventAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("report", "action", "to_status", "actor", "created_at")
    list_filter = ("action",)
    list_select_related = ("report__category", "actor")


@admin.register(ReportPhoto)
class ReportPhotoAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("report", "content_type", "size", "uploaded_at", "photo")
    fields = ("report", "photo", "content_type", "size", "uploaded_at")
    readonly_fields = ("photo", "uploaded_at")

    @admin.display(description=_("Photo"))
    def photo(self, obj):
        return _photo(obj)
    list_select_related = ("report__category",)


class Open311KeyForm(ServiceModelForm):
    class Meta:
        model = Open311Key
        fields = ("name", "user", "is_active")

    def call_service(self, user):
        data = self.cleaned_data
        fields = {"name": data["name"], "acts_as": data["user"], "is_active": data["is_active"]}
        if self.instance.pk is None:
            return keys.open311_key_create(user=user, **fields)
        return keys.open311_key_update(user=user, key=self.instance, **fields)


@admin.register(Open311Key)
class Open311KeyAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    """API keys act as their user, so only district administrators hand them out, and only for
    accounts that reach nothing they do not (reports.open311.keys decides)."""

    form = Open311KeyForm
    list_display = ("name", "user", "is_active", "created_by", "created_at")
    readonly_fields = ("key", "created_by")
    fields = ("name", "user", "is_active", "key", "created_by")

    def has_module_permission(self, request):
        return is_district_admin(request) or request.user.is_superuser

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )

    def get_queryset(self, request):
        return (super().get_queryset(request).filter(user__in=user_queryset(request.user))
                .select_related("user", "created_by"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.model is Open311Key and db_field.name == "user":
            users = user_queryset(request.user)
            # Offer no account the service would refuse outright; it checks the rest.
            kwargs["queryset"] = users if request.user.is_superuser else users.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
