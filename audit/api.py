"""API of the audit app: reveal one personal field with a stated purpose (recorded)."""

from __future__ import annotations

from django.db import connections
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from accounts.services import api_token_issue
from partybuild.api import service_errors
from partybuild.client_ip import client_ip

from . import selectors, services
from .policy import Purpose


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=50)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_detail = serializers.CharField(max_length=200, min_length=2)


class RevealResponseSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class RevealView(APIView):
    """Reveal a masked ID number or phone (查阅个人信息). Each call is recorded with its purpose."""

    @extend_schema(request=RevealRequestSerializer, responses=RevealResponseSerializer,
                   summary="Reveal one personal field, stating why")
    def post(self, request, app_label: str, model_name: str, pk: int):
        qs = selectors.audited_object_qs(user=request.user, app_label=app_label, model_name=model_name)
        if qs is None:
            raise Http404
        obj = get_object_or_404(qs, pk=pk)
        data = RevealRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with service_errors():
            value = services.personal_data_reveal(user=request.user, obj=obj, ip_address=client_ip(request),
                                                  **data.validated_data)
        return Response({"field": data.validated_data["field"], "value": value})


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
