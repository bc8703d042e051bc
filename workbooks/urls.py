from django.urls import path

from .views import reports as views

app_name = "workbooks"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("annual/", views.annual_view, name="annual"),
    path("ledgers/", views.ledgers_view, name="ledgers"),
    path("property-ranking/", views.property_ranking_view, name="property-ranking"),
    path("grid-reports/", views.grid_reports_view, name="grid-reports"),
    path("assessment-ranking/", views.assessment_ranking_view, name="assessment-ranking"),
]
