"""The REST API under /api/v1/: one router collecting every app's viewsets."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from grids.api.views import register as register_grids
from organizations.api.views import register as register_organizations

router = DefaultRouter()
register_organizations(router)
register_grids(router)

urlpatterns = [
    path("", include("organizations.api.urls")),
    path("", include(router.urls)),
]
