"""Grid reports (网格吹哨,部门报到): departments, categories, cases and their events."""

from django.urls import path

from .views import cases, stats

app_name = "reports"
urlpatterns = [
    path("", cases.report_list_view, name="list"),
    path("new/", cases.report_create_view, name="create"),
    path("overdue/", cases.overdue_view, name="overdue"),
    path("inbox/", cases.inbox_view, name="inbox"),
    path("statistics/", stats.stats_view, name="stats"),
    path("statistics/export/", stats.stats_export_view, name="stats-export"),
    path("<int:pk>/", cases.report_detail_view, name="detail"),
    path("<int:pk>/<slug:action>/", cases.report_action_view, name="act"),
    path("photos/<int:pk>/", cases.photo_view, name="photo"),
]
