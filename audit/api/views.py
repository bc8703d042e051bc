"""API of the audit app: reveal one personal field with a stated purpose (recorded)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from partybuild.api import service_errors
from partybuild.client_ip import client_ip

from .. import selectors, services
from ..policy import Purpose


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
