"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON format, beside /api/v1/."""

from django.urls import path

from . import views

app_name = "open311"
urlpatterns = [
    path("services.json", views.services_view, name="services"),
    path("services/<slug:code>.json", views.service_definition_view, name="service"),
    path("requests.json", views.requests_view, name="requests"),
    path("requests/<int:pk>.json", views.request_view, name="request"),
]
