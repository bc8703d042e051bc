"""API of grid reports: cases with one action per lifecycle step, categories, departments, statistics.

Reads go through the scoped selectors (an outsider's pk is a 404), writes through the services;
``service_errors`` turns their refusals into 400 / 403 with the services' messages.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors, services
from ..filters import ReportFilter
from . import serializers as s


class ReportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Grid reports (网格吹哨事项). Each lifecycle step is a POST action taking a comment and the version read."""

    serializer_class = s.ReportSerializer
    filterset_class = ReportFilter

    def scoped_queryset(self):
        if self.action == "list":
            return selectors.report_list(user=self.request.user)
        return selectors.report_detail_qs(user=self.request.user)

    def get_serializer_class(self):
        return s.ReportSerializer if self.action == "list" else s.ReportDetailSerializer

    def _read(self, pk: int) -> dict:
        return s.ReportDetailSerializer(selectors.report_detail_qs(user=self.request.user).get(pk=pk)).data

    @extend_schema(request=s.ReportCreateSerializer, responses={201: s.ReportDetailSerializer})
    def create(self, request):
        data = self.validated(s.ReportCreateSerializer)
        with service_errors():
            report = services.report_file(user=request.user, **data)
        return Response(self._read(report.pk), status=status.HTTP_201_CREATED)

    def _step(self, request, name: str):
        report = self.get_object()
        data = self.validated(s.step_serializer(name))
        with service_errors():
            services.ACTION_SERVICES[name](user=request.user, report=report, **data)
        return Response(self._read(report.pk))


def _step_action(name: str):
    @extend_schema(request=s.step_serializer(name), responses=s.ReportDetailSerializer, summary=f"Step: {name}")
    def step(self, request, pk=None):
        return self._step(request, name)

    # Not named after the step itself: "dispatch" would shadow APIView.dispatch.
    step.__name__ = f"{name}_step"
    return action(detail=True, methods=["post"], url_path=name, url_name=name, filter_backends=[])(step)


for _name in services.ACTION_SERVICES:
    setattr(ReportViewSet, f"{_name}_step", _step_action(str(_name)))


class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Report categories with their default department and time limits (district-wide)."""

    serializer_class = s.CategorySerializer
    queryset = selectors.category_list()


class DepartmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Departments and street stations serving the user's area."""

    serializer_class = s.DepartmentSerializer

    def scoped_queryset(self):
        return selectors.department_list(user=self.request.user).order_by("kind", "name")


class ReportStatsViewSet(viewsets.ViewSet):
    """Grid report statistics for one organisation in scope (default: the user's area) and a period."""

    @extend_schema(parameters=[s.ReportStatsQuerySerializer], responses=OpenApiTypes.OBJECT)
    def list(self, request):
        user = request.user
        query = s.ReportStatsQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        org = query.validated_data.get("org")
        period = selectors.Period(start=query.validated_data.get("start"), end=query.validated_data.get("end"))
        by_child = selectors.report_stats_by_child(user=user, org=org, period=period) if org else []
        by_category, by_department = selectors.report_stats_breakdown(user=user, org=org, period=period)
        return Response({
            "overall": selectors.report_stats(user=user, org=org, period=period),
            "by_category": by_category, "by_department": by_department,
            "by_child": by_child,
        })


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("reports", ReportViewSet, basename="report")
    router.register("report-categories", CategoryViewSet, basename="report-category")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("report-statistics", ReportStatsViewSet, basename="report-statistics")
