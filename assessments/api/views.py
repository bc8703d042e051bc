"""API of schemes, runs, results (rankings) and scores. Schemes are the district's rules (every
signed-in user reads them); runs, results and scores read through the scoped selectors, so an
outsider's result is a 404. Writes go through the services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import filters, selectors, services
from ..models import Indicator
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]


class SchemeViewSet(_Base, *READ):
    """Assessment schemes (考核方案) with their indicator trees; ``run`` queues a rollup."""

    serializer_class = s.SchemeSerializer

    def scoped_queryset(self):
        return selectors.scheme_list().prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.select_related("parent").order_by("position", "code"))
        )

    @extend_schema(request=s.RunCreateSerializer, responses={202: s.RunSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def run(self, request, pk=None):
        scheme = self.get_object()
        data = self.validated(s.RunCreateSerializer)
        with service_errors():
            run = services.rollup_start(user=request.user, scheme=scheme, period=data["period"],
                                        incremental=data["incremental"])
        return Response(s.RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunViewSet(_Base, *READ):
    """Assessment runs (考核计算) with their progress."""

    serializer_class = s.RunSerializer

    def scoped_queryset(self):
        return selectors.run_list(user=self.request.user)


class ResultViewSet(_Base, *READ):
    """Results (考核结果): total, rank, grade and approval; filter by scheme, period and level for a ranking."""

    serializer_class = s.ResultSerializer
    filterset_class = filters.ResultFilter

    def scoped_queryset(self):
        return selectors.result_list(user=self.request.user).order_by("scheme", "period", "organization__depth",
                                                                      "rank", "id")


class ScoreViewSet(_Base, *READ):
    """Indicator scores (指标得分): value and points per organisation, indicator and period."""

    serializer_class = s.ScoreSerializer
    filterset_class = filters.ScoreFilter

    def scoped_queryset(self):
        return selectors.score_list(user=self.request.user).order_by("scheme", "period", "organization", "indicator")


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")
    router.register("assessment-runs", RunViewSet, basename="assessment-run")
    router.register("assessment-results", ResultViewSet, basename="assessment-result")
    router.register("assessment-scores", ScoreViewSet, basename="assessment-score")
