"""API of the accounts app: the token login (``POST /api/v1/auth/token/``)."""

from __future__ import annotations

from django.db import connections
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..services import api_token_issue


def _exception_handler_keeping_the_transaction(exc, context):
    """DRF's handler, except that a refused login does not roll the request back: nothing was
    written that must be undone, and django-axes' record of the failure must be committed, or
    the token endpoint would never lock an account."""
    response = exception_handler(exc, context)
    if isinstance(exc, ValidationError):
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                connection.set_rollback(False)
    return response


class ObtainAuthTokenView(ObtainAuthToken):
    """``POST /api/v1/auth/token/``: DRF's token login, throttled by django-axes like the login page.
    The token expires (``API_TOKEN_TTL_HOURS``); an expired one is replaced by a new one here."""

    def get_exception_handler(self):
        return _exception_handler_keeping_the_transaction

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})
