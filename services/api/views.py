"""API of grid visits and the four ledgers.

Every viewset reads through a scoped selector (an outsider's pk is a 404, lists stay inside the
user's subtrees) and writes through one service per endpoint; ``service_errors`` turns the
services' ValidationError / PermissionDenied into 400 / 403.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors
from .. import services as ledger_services
from ..filters import (
    AssistanceFilter,
    DemandFilter,
    FulfilmentFilter,
    NeedyFilter,
    PledgeFilter,
    PledgeItemFilter,
    VisitFilter,
)
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class GridVisitViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, *READ):
    """Grid visits (网格走访). A visit that found a hazard files a grid report in the same request."""

    serializer_class = s.VisitSerializer
    filterset_class = VisitFilter

    def scoped_queryset(self):
        return selectors.visit_list(user=self.request.user)

    @extend_schema(request=s.VisitCreateSerializer, responses={201: s.VisitSerializer})
    def create(self, request):
        data = self.validated(s.VisitCreateSerializer)
        with service_errors():
            visit = ledger_services.visit_create(user=request.user, **data)
        return self.fresh_response(visit, status.HTTP_201_CREATED)


class PledgeViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, *READ):
    """Member pledges (党员承诺) with their items; evaluation (评诺) closes the year."""

    filterset_class = PledgeFilter

    def get_serializer_class(self):
        return s.PledgeSerializer if self.action == "list" else s.PledgeDetailSerializer

    def scoped_queryset(self):
        user = self.request.user
        return selectors.pledge_list(user=user) if self.action == "list" else selectors.pledge_detail_qs(user=user)

    @extend_schema(request=s.PledgeCreateSerializer, responses={201: s.PledgeDetailSerializer})
    def create(self, request):
        data = self.validated(s.PledgeCreateSerializer)
        with service_errors():
            pledge = ledger_services.pledge_create(user=request.user, **data)
        return self.fresh_response(pledge, status.HTTP_201_CREATED)

    @extend_schema(request=s.EvaluateSerializer, responses=s.PledgeDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def evaluate(self, request, pk=None):
        pledge = self.get_object()
        data = self.validated(s.EvaluateSerializer)
        with service_errors():
            ledger_services.pledge_evaluate(user=request.user, pledge=pledge, **data)
        return self.fresh_response(pledge)

    @extend_schema(request=s.ItemInputSerializer, responses={201: s.PledgeItemSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def items(self, request, pk=None):
        pledge = self.get_object()
        data = self.validated(s.ItemInputSerializer)
        with service_errors():
            item = ledger_services.pledge_item_add(user=request.user, pledge=pledge, **data)
        return Response(s.PledgeItemSerializer(item).data, status=status.HTTP_201_CREATED)


class PledgeItemViewSet(ScopedViewSetMixin, *READ):
    """Pledge items (承诺事项); fulfilment (践诺) is recorded against one."""

    serializer_class = s.PledgeItemSerializer
    filterset_class = PledgeItemFilter

    def scoped_queryset(self):
        return selectors.pledge_item_list(user=self.request.user)

    @extend_schema(request=s.FulfilSerializer, responses={201: s.FulfilmentSerializer})
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[MultiPartParser, FormParser,
                                                                               JSONParser])
    def fulfil(self, request, pk=None):
        item = self.get_object()
        data = self.validated(s.FulfilSerializer)
        with service_errors():
            record = ledger_services.fulfilment_record(user=request.user, item=item, **data)
        return Response(s.FulfilmentSerializer(record, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class FulfilmentViewSet(ScopedViewSetMixin, *READ):
    """Fulfilment records (践诺台账)."""

    serializer_class = s.FulfilmentSerializer
    filterset_class = FulfilmentFilter

    def scoped_queryset(self):
        return selectors.fulfilment_list(user=self.request.user)


class NeedyHouseholdViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, *READ):
    """Needy households (困难群众) with their 三级包抓 pairing; assistance is recorded against one."""

    serializer_class = s.NeedySerializer
    filterset_class = NeedyFilter

    def scoped_queryset(self):
        return selectors.needy_list(user=self.request.user)

    @extend_schema(request=s.NeedyCreateSerializer, responses={201: s.NeedySerializer})
    def create(self, request):
        data = self.validated(s.NeedyCreateSerializer)
        with service_errors():
            needy = ledger_services.needy_register(user=request.user, **data)
        return self.fresh_response(needy, status.HTTP_201_CREATED)

    @extend_schema(request=s.NeedyUpdateSerializer, responses=s.NeedySerializer)
    def partial_update(self, request, pk=None):
        needy = self.get_object()
        data = self.validated(s.NeedyUpdateSerializer)
        with service_errors():
            ledger_services.needy_update(user=request.user, needy=needy, **data)
        return self.fresh_response(needy)

    @extend_schema(request=s.AssistanceInputSerializer, responses={201: s.AssistanceSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def assistance(self, request, pk=None):
        needy = self.get_object()
        data = self.validated(s.AssistanceInputSerializer)
        with service_errors():
            record = ledger_services.assistance_record(user=request.user, needy=needy, **data)
        return Response(s.AssistanceSerializer(record).data, status=status.HTTP_201_CREATED)


class AssistanceViewSet(ScopedViewSetMixin, *READ):
    """Assistance records (帮扶情况)."""

    serializer_class = s.AssistanceSerializer
    filterset_class = AssistanceFilter

    def scoped_queryset(self):
        return selectors.assistance_list(user=self.request.user)


class DemandViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, *READ):
    """Residents' opinions and demands (群众意见和诉求). Phones are masked for every role."""

    serializer_class = s.DemandSerializer
    filterset_class = DemandFilter

    def scoped_queryset(self):
        return selectors.demand_list(user=self.request.user)

    @extend_schema(request=s.DemandCreateSerializer, responses={201: s.DemandSerializer})
    def create(self, request):
        data = self.validated(s.DemandCreateSerializer)
        with service_errors():
            demand = ledger_services.demand_create(user=request.user, **data)
        return self.fresh_response(demand, status.HTTP_201_CREATED)

    @extend_schema(request=s.DemandUpdateSerializer, responses=s.DemandSerializer)
    def partial_update(self, request, pk=None):
        demand = self.get_object()
        data = self.validated(s.DemandUpdateSerializer)
        with service_errors():
            ledger_services.demand_update(user=request.user, demand=demand, **data)
        return self.fresh_response(demand)

    @extend_schema(request=s.DemandReportSerializer, responses={201: s.DemandSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def report(self, request, pk=None):
        demand = self.get_object()
        data = self.validated(s.DemandReportSerializer)
        with service_errors():
            ledger_services.demand_to_report(user=request.user, demand=demand, **data)
        return self.fresh_response(demand, status.HTTP_201_CREATED)


class LedgerStatsViewSet(viewsets.ViewSet):
    """Ledger statistics per organisation (dashboards and assessments): set-based, five queries."""

    @extend_schema(parameters=[s.StatsQuerySerializer], responses=s.LedgerStatsSerializer(many=True))
    def list(self, request):
        query = s.StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        rows = selectors.ledger_stats_table(user=request.user, start=date(year, 1, 1), end=date(year, 12, 31),
                                            depth=query.validated_data["depth"])
        return Response(s.LedgerStatsSerializer(rows, many=True).data)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("ledgers/visits", GridVisitViewSet, basename="ledger-visit")
    router.register("ledgers/pledges", PledgeViewSet, basename="ledger-pledge")
    router.register("ledgers/pledge-items", PledgeItemViewSet, basename="ledger-pledge-item")
    router.register("ledgers/fulfilments", FulfilmentViewSet, basename="ledger-fulfilment")
    router.register("ledgers/needy", NeedyHouseholdViewSet, basename="ledger-needy")
    router.register("ledgers/assistance", AssistanceViewSet, basename="ledger-assistance")
    router.register("ledgers/demands", DemandViewSet, basename="ledger-demand")
    router.register("ledgers/statistics", LedgerStatsViewSet, basename="ledger-stats")
