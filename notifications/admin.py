"""Notifications in the admin: read-only, each staff user sees their own (superusers all)."""

from django.contrib import admin

from .models import Notification
from .selectors import notification_list


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("title",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        if request.user.is_active and request.user.is_superuser:
            return super().get_queryset(request)
        return notification_list(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    # Notifications are written only by notifications.services.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
