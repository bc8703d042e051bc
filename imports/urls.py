"""Import and export pages. Names are the contract with other pages (e.g. the member list's Export)."""

from django.urls import path

from .views import jobs as views

app_name = "imports"

urlpatterns = [
    path("", views.upload_view, name="upload"),
    path("jobs/<int:pk>/", views.job_view, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress_view, name="job-progress"),
    path("jobs/<int:pk>/errors/", views.job_errors_view, name="job-errors"),
    path("template/<str:kind>/", views.template_view, name="template"),
    path("export/organizations/", views.org_export_view, name="org-export"),
    path("export/members/", views.member_export_view, name="member-export"),
    path("transfer-requests/", views.transfer_requests_view, name="transfer-requests"),
    path("transfer-requests/<int:pk>/send/", views.transfer_request_send_view, name="transfer-request-send"),
    path("transfer-requests/<int:pk>/dismiss/", views.transfer_request_dismiss_view, name="transfer-request-dismiss"),
]
