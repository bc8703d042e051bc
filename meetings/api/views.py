"""API of the regional committees (大工委 / 大党委): bodies, resident units, part-time members and
their terms, rotating chairs and duty reports, and the counts of the user's scope.

Reads go through the scoped selectors (an outsider's pk is a 404); writes through one service per
endpoint; ids in request bodies are resolved inside the user's scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import filters, selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class BodyViewSet(_Base, *READ):
    """Meeting bodies: street 大工委, community 大党委, three-party meetings, themed forums."""

    serializer_class = s.BodySerializer
    filterset_class = filters.BodyFilter

    def scoped_queryset(self):
        return selectors.body_list(user=self.request.user).order_by("organization__path", "id")

    @extend_schema(request=s.BodyCreateSerializer, responses={201: s.BodySerializer})
    def create(self, request):
        data = self.validated(s.BodyCreateSerializer)
        with service_errors():
            body = services.body_create(user=request.user, **data)
        return self.fresh_response(body, status.HTTP_201_CREATED)

    @extend_schema(request=s.BodyWriteSerializer, responses=s.BodySerializer)
    def partial_update(self, request, pk=None):
        body = self.get_object()
        with service_errors():
            services.body_update(user=request.user, body=body, **self.validated(s.BodyWriteSerializer))
        return self.fresh_response(body)

    @extend_schema(responses=s.CountsSerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def counts(self, request):
        """大工委, 大党委, co-building units and part-time members serving in the user's scope."""
        return Response(s.CountsSerializer(selectors.committee_counts(user=request.user)).data)


class ResidentUnitViewSet(_Base, *READ):
    """Resident units (驻区单位) that send part-time members."""

    serializer_class = s.ResidentUnitSerializer

    def scoped_queryset(self):
        return selectors.resident_unit_list(user=self.request.user).order_by("name", "id")


class PartTimeMemberViewSet(_Base, *READ):
    """Part-time members (兼职委员) with their terms; seat one, end a term."""

    serializer_class = s.PartTimeMemberSerializer
    filterset_class = filters.PartTimeMemberFilter

    def scoped_queryset(self):
        return selectors.part_time_member_list(user=self.request.user).order_by("committee__path", "name", "id")

    @extend_schema(request=s.PartTimeMemberCreateSerializer, responses={201: s.PartTimeMemberSerializer})
    def create(self, request):
        data = self.validated(s.PartTimeMemberCreateSerializer)
        with service_errors():
            member = services.part_time_member_add(user=request.user, **data)
        return self.fresh_response(member, status.HTTP_201_CREATED)

    @extend_schema(request=s.EndTermSerializer, responses=s.PartTimeMemberSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="end-term")
    def end_term(self, request, pk=None):
        member = self.get_object()
        with service_errors():
            services.part_time_member_end(user=request.user, member=member, **self.validated(s.EndTermSerializer))
        return self.fresh_response(member)


class ChairTermViewSet(_Base, *READ):
    """Rotating chair terms (第一书记轮值)."""

    serializer_class = s.ChairTermSerializer

    def scoped_queryset(self):
        return selectors.chair_term_list(user=self.request.user).order_by("body", "-starts_on", "id")

    @extend_schema(request=s.ChairTermCreateSerializer, responses={201: s.ChairTermSerializer})
    def create(self, request):
        data = self.validated(s.ChairTermCreateSerializer)
        with service_errors():
            term = services.chair_term_add(user=request.user, **data)
        return self.fresh_response(term, status.HTTP_201_CREATED)


class DutyReportViewSet(_Base, *READ):
    """Part-time members' annual duty reports (兼职委员述职)."""

    serializer_class = s.DutyReportSerializer
    filterset_class = filters.DutyReportFilter

    def scoped_queryset(self):
        return selectors.duty_report_list(user=self.request.user).order_by("-year", "id")

    @extend_schema(request=s.DutyReportCreateSerializer, responses={201: s.DutyReportSerializer})
    def create(self, request):
        data = self.validated(s.DutyReportCreateSerializer)
        with service_errors():
            report = services.duty_report_file(user=request.user, **data)
        return self.fresh_response(report, status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("meeting-bodies", BodyViewSet, basename="meeting-body")
    router.register("resident-units", ResidentUnitViewSet, basename="resident-unit")
    router.register("part-time-members", PartTimeMemberViewSet, basename="part-time-member")
    router.register("chair-terms", ChairTermViewSet, basename="chair-term")
    router.register("duty-reports", DutyReportViewSet, basename="duty-report")
