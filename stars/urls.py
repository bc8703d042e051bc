from django.urls import path

from .views import applications, community, notice, years

app_name = "stars"
urlpatterns = [
    path("", applications.home_view, name="home"),
    path("applications/", applications.application_list_view, name="application-list"),
    path("applications/new/", applications.application_create_view, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail_view, name="application-detail"),
    path("applications/<int:pk>/evidence-text/", applications.application_text_view, name="application-text"),
    path("applications/<int:pk>/evidence/", applications.evidence_add_view, name="evidence-add"),
    path("evidence/<int:pk>/", applications.evidence_download_view, name="evidence-download"),
    *[
        path(f"applications/<int:pk>/{step.replace('_', '-')}/", applications.application_step_view, {"step": step},
             name=f"application-{step}")
        for step in applications.STEP_SERVICES
    ],
    path("preview/", applications.preview_view, name="preview"),
    path("notice/", notice.notice_view, name="notice"),
    path("notice/<int:pk>/object/", notice.objection_create_view, name="objection-create"),
    path("objections/<int:pk>/decide/", notice.objection_decide_view, name="objection-decide"),
    path("objections/<int:pk>/file/", notice.objection_file_view, name="objection-file"),
    path("years/", years.year_list_view, name="years"),
    path("years/<int:pk>/edit/", years.year_edit_view, name="year-edit"),
    path("definitions/<int:pk>/edit/", years.definition_edit_view, name="definition-edit"),
    path("communities/<int:pk>/", community.community_view, name="community"),
    path("ledger/", community.ledger_view, name="ledger"),
    path("ledger/export/", community.ledger_export_view, name="ledger-export"),
]
