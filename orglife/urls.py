from django.urls import path

from .views import compliance, meetings

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
    path("rules/", compliance.rule_list_view, name="rule-list"),
    path("rules/<int:pk>/", compliance.rule_edit_view, name="rule-edit"),
]
