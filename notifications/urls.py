"""The notification inbox (通知)."""

from django.urls import path

from .views import inbox

app_name = "notifications"
urlpatterns = [
    path("", inbox.notification_list_view, name="list"),
    path("read-all/", inbox.notification_read_all_view, name="read-all"),
    path("<int:pk>/read/", inbox.notification_read_view, name="read"),
    path("<int:pk>/open/", inbox.notification_open_view, name="open"),
]
