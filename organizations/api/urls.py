"""API routes that are not viewsets: token login and statistics (the viewsets go through the router)."""

from django.db import transaction
from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from .views import CoverageView

urlpatterns = [
    # Outside ATOMIC_REQUESTS: a refused login is a DRF error, whose rollback would also undo
    # axes' record of the failure, and the token endpoint would never lock.
    path("auth/token/", transaction.non_atomic_requests(obtain_auth_token), name="api-token"),
    path("stats/coverage/", CoverageView.as_view(), name="api-stats-coverage"),
]
