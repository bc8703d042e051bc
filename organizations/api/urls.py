"""API routes that are not viewsets: token login and statistics (the viewsets go through the router)."""

from django.urls import path

from accounts.api.views import ObtainAuthTokenView

from .views import CoverageView

urlpatterns = [
    # DRF's token login, except that a refused login keeps axes' record of the failure.
    path("auth/token/", ObtainAuthTokenView.as_view(), name="api-token"),
    path("stats/coverage/", CoverageView.as_view(), name="api-stats-coverage"),
]
