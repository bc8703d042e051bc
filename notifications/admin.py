"""Notifications in the admin: read-only, each staff user sees their own (superusers all)."""

from django.contrib import admin

from partybuild.admin_scoping import OwnRecordsAdmin

from .models import Notification
from .selectors import notification_list


@admin.register(Notification)
class NotificationAdmin(OwnRecordsAdmin):
    list_display = ("title", "kind", "recipient", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("title",)
    date_hierarchy = "created_at"

    def own_records(self, user):
        return notification_list(user=user)
