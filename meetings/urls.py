from django.urls import path

from .views import committees

app_name = "meetings"
urlpatterns = [
    path("committees/", committees.committee_list_view, name="committee-list"),
    path("committees/new/", committees.committee_create_view, name="committee-create"),
    path("committees/<int:pk>/", committees.committee_detail_view, name="committee-detail"),
    path("committees/<int:pk>/edit/", committees.committee_edit_view, name="committee-edit"),
    path("committees/<int:pk>/members/new/", committees.seat_add_view, name="seat-add"),
    path("committees/<int:pk>/chair/new/", committees.chair_add_view, name="chair-add"),
    path("part-time-members/<int:pk>/end/", committees.seat_end_view, name="seat-end"),
    path("part-time-members/<int:pk>/duty-reports/new/", committees.duty_report_create_view, name="duty-report-create"),
]
