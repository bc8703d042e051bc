from django.urls import path

from .views import committees, companies, home, items, units

app_name = "estates"
urlpatterns = [
    path("", home.home_view, name="home"),
    path("companies/", companies.company_list_view, name="company-list"),
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
    path("items/", items.item_list_view, name="item-list"),
    path("items/new/", items.item_create_view, name="item-create"),
    path("records/", items.record_list_view, name="record-list"),
    path("records/new/", items.record_create_view, name="record-create"),
]
