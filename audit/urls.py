"""Pages and API route of the audit trail. Mounted at the site root: the history URL is shared by
every audited model, and the API route sits with the rest of the API under /api/v1/."""

from django.urls import path

from . import api, views

app_name = "audit"

urlpatterns = [
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history_view, name="history"),
    path("personal-data/<str:app_label>/<str:model_name>/<int:pk>/reveal/", views.reveal_view, name="reveal"),
    path("exports/<int:pk>/", views.export_job_view, name="export-job"),
    path("exports/<int:pk>/progress/", views.export_job_progress_view, name="export-job-progress"),
    path("exports/<int:pk>/download/", views.export_job_download_view, name="export-job-download"),
    path("audit/personal-data-accesses/", views.access_list_view, name="access-list"),
    path("api/v1/personal-data/<str:app_label>/<str:model_name>/<int:pk>/reveal/", api.RevealView.as_view(),
         name="api-reveal"),
]
