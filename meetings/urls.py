from django.urls import path

from .views import committees, items, meetings

app_name = "meetings"
urlpatterns = [
    path("", meetings.meeting_list_view, name="meeting-list"),
    path("new/", meetings.meeting_create_view, name="meeting-create"),
    path("<int:pk>/", meetings.meeting_detail_view, name="meeting-detail"),
    path("<int:pk>/edit/", meetings.meeting_edit_view, name="meeting-edit"),
    path("<int:pk>/move/", meetings.meeting_move_view, name="meeting-move"),
    path("<int:pk>/attendees/", meetings.attendee_add_view, name="attendee-add"),
    path("<int:pk>/attendees/part-time/", meetings.attendees_part_time_view, name="attendees-part-time"),
    path("<int:pk>/attendance/", meetings.attendance_view, name="attendance"),
    path("<int:pk>/attachments/", meetings.attachment_add_view, name="attachment-add"),
    path("<int:pk>/close/", meetings.meeting_close_view, name="meeting-close"),
    path("<int:pk>/print/", meetings.meeting_print_view, name="meeting-print"),
    path("<int:pk>/agenda.xlsx", meetings.meeting_export_view, name="meeting-export"),
    path("statistics/", meetings.meeting_stats_view, name="stats"),
    path("<int:pk>/items/new/", items.item_raise_view, name="item-raise"),
    path("raise/", items.raise_pick_view, name="raise-pick"),
    path("items/<int:pk>/", items.item_detail_view, name="item-detail"),
    path("items/<int:pk>/resolve/", items.item_outcome_view, {"outcome": "resolve"}, name="item-resolve"),
    path("items/<int:pk>/defer/", items.item_outcome_view, {"outcome": "defer"}, name="item-defer"),
    path("items/<int:pk>/decide/", items.item_outcome_view, {"outcome": "decide"}, name="item-decide"),
    path("items/<int:pk>/close/", items.item_outcome_view, {"outcome": "drop"}, name="item-drop"),
    path("tasks/", items.task_list_view, name="task-list"),
    path("tasks/<int:pk>/done/", items.task_complete_view, name="task-complete"),
    path("attachments/<int:pk>/", meetings.attachment_download_view, name="attachment-download"),
    path("committees/", committees.committee_list_view, name="committee-list"),
    path("committees/new/", committees.committee_create_view, name="committee-create"),
    path("committees/<int:pk>/", committees.committee_detail_view, name="committee-detail"),
    path("committees/<int:pk>/edit/", committees.committee_edit_view, name="committee-edit"),
    path("committees/<int:pk>/members/new/", committees.seat_add_view, name="seat-add"),
    path("committees/<int:pk>/chair/new/", committees.chair_add_view, name="chair-add"),
    path("part-time-members/<int:pk>/end/", committees.seat_end_view, name="seat-end"),
    path("part-time-members/<int:pk>/duty-reports/new/", committees.duty_report_create_view, name="duty-report-create"),
]
