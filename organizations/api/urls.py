"""API routes that are not viewsets: token login and statistics (the viewsets go through the router)."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from .views import CoverageView

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("stats/coverage/", CoverageView.as_view(), name="api-stats-coverage"),
]
