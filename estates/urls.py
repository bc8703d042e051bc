from django.urls import path

from .views import committees, companies, complaints, home, items, lists, ranking, units

app_name = "estates"
urlpatterns = [
    path("", home.home_view, name="home"),
    path("companies/", companies.company_list_view, name="company-list"),
    path("export.xlsx", companies.registers_export_view, name="registers-export"),
    path("companies/new/", companies.company_create_view, name="company-create"),
    path("companies/<int:pk>/", companies.company_detail_view, name="company-detail"),
    path("companies/<int:pk>/edit/", companies.company_edit_view, name="company-edit"),
    path("units/", units.unit_list_view, name="unit-list"),
    path("units/new/", units.unit_create_view, name="unit-create"),
    path("units/<int:pk>/", units.unit_detail_view, name="unit-detail"),
    path("units/<int:pk>/management/", units.unit_management_view, name="unit-management"),
    path("units/<int:pk>/buildings/", units.unit_building_view, name="unit-building"),
    path("units/<int:unit_pk>/committees/new/", committees.committee_create_view, name="committee-create"),
    path("unit-buildings/<int:pk>/release/", units.coverage_release_view, name="coverage-release"),
    path("committees/", committees.committee_list_view, name="committee-list"),
    path("committees/<int:pk>/", committees.committee_detail_view, name="committee-detail"),
    path("complaints/", complaints.complaint_list_view, name="complaint-list"),
    path("complaints/new/", complaints.complaint_create_view, name="complaint-create"),
    path("complaints/link-report/", complaints.complaint_link_view, name="complaint-link"),
    path("complaints/<int:pk>/", complaints.complaint_detail_view, name="complaint-detail"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer_view, name="complaint-answer"),
    path("complaints/<int:pk>/close/", complaints.complaint_close_view, name="complaint-close"),
    path("complaints/<int:pk>/joint-meeting/", complaints.complaint_joint_meeting_view,
         name="complaint-joint-meeting"),
    path("surveys/", complaints.survey_list_view, name="survey-list"),
    path("inspections/", complaints.inspection_list_view, name="inspection-list"),
    path("ranking/", ranking.ranking_view, name="ranking"),
    path("ranking/weights/", ranking.weights_view, name="ranking-weights"),
    path("lists/", lists.list_view, name="list"),
    path("lists/rule/", lists.list_rule_view, name="list-rule"),
    *(path(f"lists/<int:pk>/{step}/", lists.list_step_view, {"step": step}, name=f"list-{step}")
      for step in lists.STEP_SERVICES),
    path("items/", items.item_list_view, name="item-list"),
    path("items/new/", items.item_create_view, name="item-create"),
    path("records/", items.record_list_view, name="record-list"),
    path("records/new/", items.record_create_view, name="record-create"),
]
