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

from .. import filters, review_services, selectors, services
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

    @extend_schema(request=s.DecisionSerializer, responses=s.ResultSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        result = self.get_object()
        with service_errors():
            services.result_approve(user=request.user, result=result, **self.validated(s.DecisionSerializer))
        return self.fresh_response(result)

    @extend_schema(request=s.SendBackSerializer, responses=s.ResultSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="send-back", url_name="send-back")
    def send_back(self, request, pk=None):
        result = self.get_object()
        with service_errors():
            services.result_send_back(user=request.user, result=result, **self.validated(s.SendBackSerializer))
        return self.fresh_response(result)


class LockExceptionViewSet(_Base, *READ):
    """Exceptions to locked periods (解锁例外), granted by the district for one organisation and a limited time."""

    serializer_class = s.LockExceptionSerializer

    def scoped_queryset(self):
        return selectors.lock_exception_list(user=self.request.user)

    @extend_schema(request=s.LockExceptionCreateSerializer, responses={201: s.LockExceptionSerializer})
    def create(self, request):
        data = self.validated(s.LockExceptionCreateSerializer)
        with service_errors():
            exception = services.lock_exception_grant(user=request.user, **data)
        return self.fresh_response(exception, status.HTTP_201_CREATED)


class ScoreViewSet(_Base, *READ):
    """Indicator scores (指标得分): value and points per organisation, indicator and period."""

    serializer_class = s.ScoreSerializer
    filterset_class = filters.ScoreFilter

    def scoped_queryset(self):
        return selectors.score_list(user=self.request.user).order_by("scheme", "period", "organization", "indicator")


class PairingViewSet(_Base, *READ):
    """Pairings (包联): leaders and units paired with a community for a year, with the community's
    annual score as their own (``?year=`` ranks them; this year by default)."""

    serializer_class = s.PairingSerializer

    def scoped_queryset(self):
        from django.utils import timezone

        year = self.request.query_params.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
        return selectors.pairing_ranking(user=self.request.user, year=year)

    @extend_schema(request=s.PairingCreateSerializer, responses={201: s.PairingSerializer})
    def create(self, request):
        data = self.validated(s.PairingCreateSerializer)
        with service_errors():
            pairing = services.pairing_create(user=request.user, **data)
        pairing = selectors.pairing_ranking(user=request.user, year=pairing.year).get(pk=pairing.pk)
        return Response(s.PairingSerializer(pairing).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("assessment-schemes", SchemeViewSet, basename="assessment-scheme")
    router.register("assessment-runs", RunViewSet, basename="assessment-run")
    router.register("assessment-results", ResultViewSet, basename="assessment-result")
    router.register("assessment-scores", ScoreViewSet, basename="assessment-score")
    router.register("assessment-lock-exceptions", LockExceptionViewSet, basename="assessment-lock-exception")
    router.register("assessment-pairings", PairingViewSet, basename="assessment-pairing")
    register_reviews(router)


class ReviewAssignmentViewSet(_Base, *READ):
    """Reviewer assignments (评议分工): who scores which organisation on a manual indicator for a period.
    A reviewer lists their own; the levels above an organisation see the reviewers' names, the
    organisation and the levels below do not. A district administrator creates them (an organisation
    above the assessed level assigns all of them under it)."""

    serializer_class = s.ReviewAssignmentSerializer

    def scoped_queryset(self):
        return selectors.assignment_list(user=self.request.user).order_by("period", "organization__path", "pk")

    @extend_schema(request=s.ReviewAssignmentCreateSerializer, responses={201: s.ReviewAssignmentSerializer(many=True)})
    def create(self, request):
        data = self.validated(s.ReviewAssignmentCreateSerializer)
        with service_errors():
            created = review_services.assignments_create(user=request.user, **data)
        rows = self.scoped_queryset().filter(pk__in=[a.pk for a in created])
        return Response(self.get_serializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class ReviewSheetViewSet(_Base, *READ):
    """Review sheets (评议表): a reviewer's score and comment. POST submits or changes one of your own
    sheets (``version`` when changing); the reviewer's name is masked below the level above."""

    serializer_class = s.ReviewSheetSerializer

    def scoped_queryset(self):
        return selectors.sheet_list(user=self.request.user).order_by("pk")

    @extend_schema(request=s.ReviewSheetSubmitSerializer, responses={201: s.ReviewSheetSerializer})
    def create(self, request):
        from django.http import Http404

        data = self.validated(s.ReviewSheetSubmitSerializer)
        assignment = selectors.reviewer_assignments(user=request.user).filter(pk=data.pop("assignment")).first()
        if assignment is None:
            raise Http404
        with service_errors():
            sheet = review_services.sheet_submit(user=request.user, assignment=assignment, **data)
        return self.fresh_response(sheet, status.HTTP_201_CREATED)


class ReviewTallyViewSet(_Base, *READ):
    """Review tallies (评议汇总): the sheets combined by the last rollup, with quorum and disagreement."""

    serializer_class = s.ReviewTallySerializer

    def scoped_queryset(self):
        return selectors.tally_list(user=self.request.user).order_by("period", "organization", "indicator")


def register_reviews(router) -> None:
    router.register("assessment-review-assignments", ReviewAssignmentViewSet, basename="assessment-review-assignment")
    router.register("assessment-review-sheets", ReviewSheetViewSet, basename="assessment-review-sheet")
    router.register("assessment-review-tallies", ReviewTallyViewSet, basename="assessment-review-tally")
