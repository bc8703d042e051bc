"""API of the organisation tree, members, transfers and coverage statistics.

Every viewset reads through a scoped selector (an outsider's pk is a 404, lists stay inside the
user's subtrees) and writes through one service per endpoint; ``service_errors`` turns the
services' ValidationError / PermissionDenied into 400 / 403.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import RoleAssignment
from partybuild.api import ScopedViewSetMixin, service_errors, validated_query
from partybuild.api_cache import CachedListMixin

from .. import member_services, selectors, services
from ..filters import MemberFilter, OrganizationFilter
from ..models import Member, Organization
from . import serializers as s
from .permissions import CanWriteSomewhere


def organization_api_list(*, user) -> QuerySet[Organization]:
    """``organization_list`` (dissolved included) with what the serializer shows: the parent's code
    and the secretary's name, both in the same query as the rows."""
    return selectors.with_parent_code(selectors.organization_list(user=user, include_dissolved=True))


class OrganizationApiFilter(OrganizationFilter):
    code = django_filters.CharFilter(field_name="code", label=gettext_lazy("Exact code"))


@extend_schema_view(
    list=extend_schema(summary="Organisations in your area (dissolved ones included)"),
    retrieve=extend_schema(summary="One organisation"),
)
class OrganizationViewSet(
    CachedListMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Party organisations (党组织). Look one up by id, or by code with ``?code=``. Plain pages are
    cached until an organisation, a member (the secretaries) or a role changes (``partybuild.api_cache``)."""

    serializer_class = s.OrganizationSerializer
    list_cache_models = (Organization, Member, RoleAssignment)
    filterset_class = OrganizationApiFilter
    permission_classes = [IsAuthenticated, CanWriteSomewhere]

    def scoped_queryset(self):
        return organization_api_list(user=self.request.user)

    def _read(self, org: Organization) -> dict:
        # Re-read through the scoped selector so the answer has the same shape as a GET.
        return self.get_serializer(self.get_queryset().get(pk=org.pk)).data

    @extend_schema(request=s.OrganizationCreateSerializer, responses={201: s.OrganizationSerializer})
    def create(self, request):
        data = self.validated(s.OrganizationCreateSerializer)
        with service_errors():
            org = services.organization_create(user=request.user, **data)
        return Response(self._read(org), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OrganizationUpdateSerializer, responses=s.OrganizationSerializer)
    def partial_update(self, request, pk=None):
        org = self.get_object()
        data = self.validated(s.OrganizationUpdateSerializer)
        version = data.pop("version")
        with service_errors():
            services.organization_update(user=request.user, org=org, version=version, **data)
        return Response(self._read(org))

    @extend_schema(
        summary="Children with the current members of each subtree",
        parameters=[s.ChildrenQuerySerializer],
        responses=s.OrganizationSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def children(self, request, pk=None):
        org = self.get_object()
        query = validated_query(request, s.ChildrenQuerySerializer)
        children = selectors.with_member_totals(
            selectors.organization_children(
                user=request.user, org=org, include_dissolved=query["include_dissolved"]
            ).annotate(parent_code=Value(org.code))
        )
        return Response(self.get_serializer(children, many=True).data)

    @extend_schema(request=s.OrganizationMoveSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def move(self, request, pk=None):
        org = self.get_object()
        data = self.validated(s.OrganizationMoveSerializer)
        with service_errors():
            services.organization_move(user=request.user, org=org, new_parent=data["parent"])
        return Response(self._read(org))

    @extend_schema(request=s.OrganizationDissolveSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def dissolve(self, request, pk=None):
        org = self.get_object()
        data = self.validated(s.OrganizationDissolveSerializer)
        with service_errors():
            services.organization_dissolve(user=request.user, org=org, on=data.get("on"), reason=data["reason"])
        return Response(self._read(org))


@extend_schema_view(
    list=extend_schema(
        summary="Members in your area",
        parameters=[s.MemberListQuerySerializer],
    ),
    retrieve=extend_schema(summary="One member, current or historical"),
)
class MemberViewSet(
    CachedListMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Party members (党员). ID numbers and phones are masked for every role; the full value only through
    ``POST /api/v1/personal-data/organizations/member/<id>/reveal/``, recorded with its purpose. A search
    (``q``) by a whole ID card number is for roles that may reveal, and recorded. Plain pages are
    cached until a member, an organisation or a role changes (``partybuild.api_cache``)."""

    serializer_class = s.MemberSerializer
    list_cache_models = (Member, Organization, RoleAssignment)
    filterset_class = MemberFilter
    permission_classes = [IsAuthenticated, CanWriteSomewhere]

    def scoped_queryset(self):
        user = self.request.user
        if self.action == "list":
            query = validated_query(self.request, s.MemberListQuerySerializer)
            return selectors.member_list(user=user, historical=query["historical"])
        return selectors.member_detail_qs(user=user)

    def _read(self, member) -> dict:
        return s.MemberSerializer(
            selectors.member_detail_qs(user=self.request.user).get(pk=member.pk), context=self.get_serializer_context()
        ).data

    @extend_schema(request=s.MemberCreateSerializer, responses={201: s.MemberSerializer})
    def create(self, request):
        data = self.validated(s.MemberCreateSerializer)
        with service_errors():
            member = member_services.member_create(
                user=request.user, joined_branch_on=data.pop("joined_branch_on", None), **data
            )
        return Response(self._read(member), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MemberUpdateSerializer, responses=s.MemberSerializer)
    def partial_update(self, request, pk=None):
        member = self.get_object()
        data = self.validated(s.MemberUpdateSerializer, instance=member, partial=True)
        version = data.pop("version")
        with service_errors():
            member_services.member_update(user=request.user, member=member, version=version, **data)
        return Response(self._read(member))

    @extend_schema(request=s.MemberStatusChangeSerializer, responses=s.MemberSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status", filter_backends=[])
    def change_status(self, request, pk=None):
        member = self.get_object()
        data = self.validated(s.MemberStatusChangeSerializer)
        with service_errors():
            member_services.member_change_status(user=request.user, member=member, **data)
        return Response(self._read(member))

    @extend_schema(request=s.MemberTransferSerializer, responses={201: s.TransferSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def transfer(self, request, pk=None):
        member = self.get_object()
        data = self.validated(s.MemberTransferSerializer)
        with service_errors():
            transfer = member_services.transfer_send(user=request.user, member=member, **data)
        transfer = selectors.transfer_list(user=request.user).get(pk=transfer.pk)
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Transfers sent from or to your area"),
    retrieve=extend_schema(summary="One transfer"),
)
class TransferViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Transfers of members' organisational relationship (组织关系转接): the receiver accepts, either side cancels."""

    serializer_class = s.TransferSerializer
    filterset_fields = ["state"]
    permission_classes = [IsAuthenticated, CanWriteSomewhere]

    def scoped_queryset(self):
        return selectors.transfer_list(user=self.request.user)

    @extend_schema(request=s.TransferReceiveSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def receive(self, request, pk=None):
        transfer = self.get_object()
        data = self.validated(s.TransferReceiveSerializer)
        with service_errors():
            transfer = member_services.transfer_receive(user=request.user, transfer=transfer, on=data.get("on"))
        return self.fresh_response(transfer)

    @extend_schema(request=None, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        transfer = self.get_object()
        with service_errors():
            transfer = member_services.transfer_cancel(user=request.user, transfer=transfer)
        return self.fresh_response(transfer)


class CoverageView(APIView):
    """Coverage statistics (覆盖情况) of one organisation's subtree."""

    @extend_schema(
        summary="Coverage counts below an organisation",
        parameters=[s.CoverageQuerySerializer],
        responses={
            200: s.CoverageSerializer,
            400: OpenApiResponse(s.CoverageRootChoiceSerializer, description="Several areas: choose a root."),
            404: OpenApiResponse(description="No organisation in your area has this code."),
        },
    )
    def get(self, request):
        code = validated_query(request, s.CoverageQuerySerializer)["root"].strip()
        if code:
            root = selectors.organization_list(user=request.user, include_dissolved=True).filter(code=code).first()
        else:
            roots = list(selectors.organization_roots(user=request.user))
            if len(roots) > 1:
                return Response(
                    {
                        "root": [_("You have several areas; choose one with ?root=<code>.")],
                        "roots": s.CoverageRootSerializer(roots, many=True).data,
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            root = roots[0] if roots else None
        if root is None:
            raise Http404(_("No organisation in your area has this code."))
        return Response(s.CoverageSerializer(selectors.coverage(root=root).as_dict()).data)


def register(router) -> None:
    """Add this app's viewsets to the shared API router."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("members", MemberViewSet, basename="member")
    router.register("transfers", TransferViewSet, basename="transfer")
