from django.urls import path

from .views import export, lists, reports, secretary

app_name = "cobuilding"
urlpatterns = [
    path("", lists.item_list_view, name="home"),
    path("new/", lists.item_create_view, name="item-create"),
    path("<int:pk>/", lists.item_detail_view, name="item-detail"),
    path("<int:pk>/claim/", lists.item_step_view, {"step": "claim"}, name="item-claim"),
    path("<int:pk>/progress/", lists.item_step_view, {"step": "progress"}, name="item-progress"),
    path("<int:pk>/confirm/", lists.item_step_view, {"step": "confirm"}, name="item-confirm"),
    path("<int:pk>/close/", lists.item_step_view, {"step": "close"}, name="item-close"),
    path("<int:pk>/evidence/", export.evidence_add_view, name="evidence-add"),
    path("evidence/<int:pk>/", export.evidence_download_view, name="evidence-download"),
    path("export.xlsx", export.export_view, name="export"),
    path("secretary-projects/", secretary.project_list_view, name="secretary-list"),
    path("secretary-projects/new/", secretary.project_create_view, name="secretary-create"),
    path("secretary-projects/<int:pk>/", secretary.project_detail_view, name="secretary-detail"),
    path("secretary-projects/<int:pk>/milestone/", secretary.project_step_view, {"step": "milestone"},
         name="secretary-milestone"),
    path("secretary-projects/<int:pk>/done/", secretary.project_step_view, {"step": "done"}, name="secretary-done"),
    path("secretary-projects/<int:pk>/complete/", secretary.project_step_view, {"step": "complete"},
         name="secretary-complete"),
    path("reports/", reports.report_list_view, name="report-list"),
    path("reports/new/", reports.report_create_view, name="report-create"),
    path("reports/<int:pk>/", reports.report_detail_view, name="report-detail"),
    path("reports/<int:pk>/accept/", reports.report_review_view, {"decision": "accept"}, name="report-accept"),
    path("reports/<int:pk>/return/", reports.report_review_view, {"decision": "return"}, name="report-return"),
]
