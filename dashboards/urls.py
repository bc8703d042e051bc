from django.urls import path

from .views import compare

app_name = "dashboards"

urlpatterns = [
    path("compare/", compare.compare_view, name="compare"),
    path("compare/export.xlsx", compare.compare_export_view, name="compare-export"),
]
