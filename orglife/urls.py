from django.urls import path

from .views import committee, compliance, meetings

app_name = "orglife"
urlpatterns = [
    path("", meetings.meeting_list_view, name="home"),
    path("record/", meetings.meeting_record_view, name="meeting-record"),
    path("<int:pk>/", meetings.meeting_detail_view, name="meeting-detail"),
    path("<int:pk>/evidence/", meetings.evidence_add_view, name="evidence-add"),
    path("evidence/<int:pk>/", meetings.evidence_download_view, name="evidence-download"),
    path("attendance/<int:pk>/", meetings.attendance_rate_view, name="attendance-rates"),
    path("compliance/", compliance.compliance_view, name="compliance"),
    path("compliance/export/", compliance.compliance_export_view, name="compliance-export"),
    path("committees/", committee.committee_list_view, name="committee-list"),
    path("committees/<int:pk>/", committee.committee_detail_view, name="committee-detail"),
    path("committees/<int:pk>/seats/new/", committee.seat_add_view, name="seat-add"),
    path("seats/<int:pk>/edit/", committee.seat_edit_view, name="seat-edit"),
    path("seats/<int:pk>/end/", committee.seat_end_view, name="seat-end"),
    path("rules/", compliance.rule_list_view, name="rule-list"),
    path("rules/<int:pk>/", compliance.rule_edit_view, name="rule-edit"),
]
