"""API of supervision committees, seats, clue access, clues and rectifications. Reads through the
scoped selectors (clues narrowly: see ``supervision.models``), writes through the services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors, services
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin, *READ):
    permission_classes = [IsAuthenticated]


class CommitteeViewSet(_Base):
    """Residents' affairs supervision committees (居务监督委员会)."""

    serializer_class = s.CommitteeSerializer

    def scoped_queryset(self):
        return selectors.committee_list(user=self.request.user).order_by("community__path", "id")

    @extend_schema(request=s.CommitteeCreateSerializer, responses={201: s.CommitteeSerializer})
    def create(self, request):
        data = self.validated(s.CommitteeCreateSerializer)
        with service_errors():
            committee = services.committee_create(user=request.user, **data)
        return self.fresh_response(committee, status.HTTP_201_CREATED)


class SeatViewSet(_Base):
    """Committee seats (监督委员)."""

    serializer_class = s.SeatSerializer

    def scoped_queryset(self):
        return selectors.seat_list(user=self.request.user).order_by("committee", "seat", "id")

    @extend_schema(request=s.SeatCreateSerializer, responses={201: s.SeatSerializer})
    def create(self, request):
        data = self.validated(s.SeatCreateSerializer)
        with service_errors():
            seat = services.seat_add(user=request.user, **data)
        return self.fresh_response(seat, status.HTTP_201_CREATED)


class ClueAccessViewSet(_Base):
    """Who reads problem clues beyond the district (granted by the district)."""

    serializer_class = s.ClueAccessSerializer

    def scoped_queryset(self):
        return selectors.access_list(user=self.request.user).order_by("id")


class ClueViewSet(_Base):
    """Problem clues (问题线索): only the committee, the street's discipline staff and the district."""

    serializer_class = s.ClueSerializer

    def scoped_queryset(self):
        return selectors.clue_list(user=self.request.user).order_by("-found_on", "-id")

    @extend_schema(request=s.ClueCreateSerializer, responses={201: s.ClueSerializer})
    def create(self, request):
        data = self.validated(s.ClueCreateSerializer)
        with service_errors():
            clue = services.clue_record(user=request.user, **data)
        return self.fresh_response(clue, status.HTTP_201_CREATED)

    @extend_schema(request=s.ClueHandleSerializer, responses=s.ClueSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def handle(self, request, pk=None):
        clue = self.get_object()
        data = self.validated(s.ClueHandleSerializer)
        with service_errors():
            services.clue_handle(user=request.user, clue=clue, **data)
        return self.fresh_response(clue)


class RectificationViewSet(_Base):
    """Rectifications of weak and lax organisations (软弱涣散整顿)."""

    serializer_class = s.RectificationSerializer

    def scoped_queryset(self):
        return selectors.rectification_list(user=self.request.user).order_by("-year", "id")

    @extend_schema(request=s.RectificationCreateSerializer, responses={201: s.RectificationSerializer})
    def create(self, request):
        data = self.validated(s.RectificationCreateSerializer)
        with service_errors():
            rect = services.rectification_list_org(user=request.user, **data)
        return self.fresh_response(rect, status.HTTP_201_CREATED)

    @extend_schema(request=s.ProgressSerializer, responses=s.RectificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def progress(self, request, pk=None):
        rect = self.get_object()
        data = self.validated(s.ProgressSerializer)
        with service_errors():
            services.progress_report(user=request.user, rectification=rect, **data)
        return self.fresh_response(rect)

    @extend_schema(request=s.ReviewSerializer, responses=s.RectificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        rect = self.get_object()
        data = self.validated(s.ReviewSerializer)
        with service_errors():
            services.rectification_review(user=request.user, rectification=rect, **data)
        return self.fresh_response(rect)


class MeasureViewSet(_Base):
    """Measures of rectification plans (整改措施)."""

    serializer_class = s.MeasureSerializer

    def scoped_queryset(self):
        return selectors.measure_list(user=self.request.user).order_by("deadline", "id")

    @extend_schema(request=s.MeasureCreateSerializer, responses={201: s.MeasureSerializer})
    def create(self, request):
        data = self.validated(s.MeasureCreateSerializer)
        with service_errors():
            measure = services.measure_add(user=request.user, **data)
        return self.fresh_response(measure, status.HTTP_201_CREATED)


class ReportViewSet(_Base):
    """Progress reports and reviews of rectifications."""

    serializer_class = s.ReportSerializer

    def scoped_queryset(self):
        return selectors.report_list(user=self.request.user).order_by("reported_on", "id")


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("supervision-committees", CommitteeViewSet, basename="supervision-committee")
    router.register("supervision-seats", SeatViewSet, basename="supervision-seat")
    router.register("clue-accesses", ClueAccessViewSet, basename="clue-access")
    router.register("problem-clues", ClueViewSet, basename="problem-clue")
    router.register("rectifications", RectificationViewSet, basename="rectification")
    router.register("rectification-measures", MeasureViewSet, basename="rectification-measure")
    router.register("rectification-reports", ReportViewSet, basename="rectification-report")
