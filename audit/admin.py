"""The register of reveals in the admin: read-only, scoped like the data it protects.

django-auditlog's own admin is taken out: it lists every change of every record, unscoped, with
the values as stored (entries written before the log masked personal fields hold them in full)
and searches them. The change history is read on the history pages, scoped and masked.
"""

from auditlog.models import LogEntry
from django.contrib import admin

from partybuild.admin_scoping import ScopedAdmin

from . import policy
from .models import ExportJob, PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ("accessed_at", "user", "object_repr", "field", "purpose", "purpose_detail", "ip_address")
    list_filter = ("purpose", "field")
    search_fields = ("object_repr", "user__username", "user__full_name", "purpose_detail")
    date_hierarchy = "accessed_at"
    list_select_related = ("user",)

    def has_module_permission(self, request) -> bool:
        return policy.can_read_access_log(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return policy.can_read_access_log(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """The record of every export (who, what, filters, rows) and the background jobs, for superusers
    diagnosing a failed one; users see their background exports on its page."""

    list_display = ("created_at", "user", "view_name", "in_background", "status", "total_rows", "filename",
                    "finished_at")
    list_filter = ("in_background", "status", "view_name")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
