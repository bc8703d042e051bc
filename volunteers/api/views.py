"""API of residents' orders, teams, volunteers, points and redemptions.

Every viewset reads through a scoped selector (an outsider's pk is a 404) and writes through one
service per endpoint; ids and codes in request bodies are resolved inside the user's scope too, so
naming an outsider's record reads exactly like naming one that does not exist.
"""

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


class TeamViewSet(_Base, *READ):
    """Volunteer service teams (志愿服务队)."""

    serializer_class = s.TeamSerializer
    filterset_class = filters.TeamFilter

    def scoped_queryset(self):
        return selectors.team_list(user=self.request.user)

    @extend_schema(request=s.TeamCreateSerializer, responses={201: s.TeamSerializer})
    def create(self, request):
        data = self.validated(s.TeamCreateSerializer)
        # A new team has no volunteers yet, so no leader; and no version to check.
        data.pop("leader", None), data.pop("version", None)
        with service_errors():
            team = services.team_create(user=request.user, **data)
        return self.fresh_response(team, status.HTTP_201_CREATED)

    @extend_schema(request=s.TeamWriteSerializer, responses=s.TeamSerializer)
    def partial_update(self, request, pk=None):
        team = self.get_object()
        data = self.validated(s.TeamWriteSerializer)
        with service_errors():
            services.team_update(user=request.user, team=team, **data)
        return self.fresh_response(team)


class VolunteerViewSet(_Base, *READ):
    """Volunteers (志愿者) with their points balance (积分)."""

    serializer_class = s.VolunteerSerializer
    filterset_class = filters.VolunteerFilter

    def scoped_queryset(self):
        return selectors.volunteer_list(user=self.request.user).order_by("name", "id")

    @extend_schema(request=s.VolunteerCreateSerializer, responses={201: s.VolunteerSerializer})
    def create(self, request):
        data = self.validated(s.VolunteerCreateSerializer)
        data.pop("version", None)
        with service_errors():
            volunteer = services.volunteer_create(user=request.user, **data)
        return self.fresh_response(volunteer, status.HTTP_201_CREATED)

    @extend_schema(request=s.VolunteerWriteSerializer, responses=s.VolunteerSerializer)
    def partial_update(self, request, pk=None):
        volunteer = self.get_object()
        data = self.validated(s.VolunteerWriteSerializer)
        with service_errors():
            services.volunteer_update(user=request.user, volunteer=volunteer, **data)
        return self.fresh_response(volunteer)


class OrderViewSet(_Base, *READ):
    """Residents' orders (三单制): place, dispatch, take, complete, rate, cancel."""

    serializer_class = s.OrderSerializer
    filterset_class = filters.OrderFilter

    def scoped_queryset(self):
        return selectors.order_list(user=self.request.user).order_by("-placed_at", "-id")

    @extend_schema(request=s.OrderCreateSerializer, responses={201: s.PlacedOrderSerializer})
    def create(self, request):
        data = self.validated(s.OrderCreateSerializer)
        with service_errors():
            order = services.order_place(user=request.user, **data)
        placed = self.scoped_queryset().get(pk=order.pk)
        # The resident's code exists in this answer only; it is stored as a hash.
        placed.confirmation_code = order.confirmation_code
        return Response(s.PlacedOrderSerializer(placed).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AssigneeSerializer, responses=s.OrderSerializer)
    # Not named ``dispatch``: that is APIView's request entry point.
    @action(detail=True, methods=["post"], filter_backends=[], url_path="dispatch", url_name="dispatch")
    def dispatch_order(self, request, pk=None):
        order = self.get_object()
        data = self.validated(s.AssigneeSerializer, order=order)
        with service_errors():
            services.order_dispatch(user=request.user, order=order, **data)
        return self.fresh_response(order)

    @extend_schema(request=s.AssigneeSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def take(self, request, pk=None):
        order = self.get_object()
        # Members and teams are looked up where the order could have gone; the service then
        # refuses anyone but the assignee.
        data = self.validated(s.AssigneeSerializer, order=order)
        with service_errors():
            services.order_take(user=request.user, order=order, **data)
        return self.fresh_response(order)

    @extend_schema(request=s.CompleteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request, pk=None):
        order = self.get_object()
        data = self.validated(s.CompleteSerializer)
        with service_errors():
            services.order_complete(user=request.user, order=order, **data)
        return self.fresh_response(order)

    @extend_schema(request=s.RateSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def rate(self, request, pk=None):
        order = self.get_object()
        with service_errors():
            services.order_rate(user=request.user, order=order, **self.validated(s.RateSerializer))
        return self.fresh_response(order)

    @extend_schema(request=s.CancelSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        order = self.get_object()
        with service_errors():
            services.order_cancel(user=request.user, order=order, **self.validated(s.CancelSerializer))
        return self.fresh_response(order)


class StepViewSet(_Base, *READ):
    """The timeline of orders: every step with who recorded it and when."""

    serializer_class = s.StepSerializer
    filterset_class = filters.StepFilter

    def scoped_queryset(self):
        return selectors.step_list(user=self.request.user).order_by("-at", "-id")


class EntryViewSet(_Base, *READ):
    """The points ledger (积分台账): credits for service, debits for redemptions."""

    serializer_class = s.EntrySerializer
    filterset_class = filters.EntryFilter

    def scoped_queryset(self):
        return selectors.entry_list(user=self.request.user).order_by("-created_at", "-id")


class ShopViewSet(_Base, *READ):
    """Partner shops where points are redeemed."""

    serializer_class = s.ShopSerializer
    filterset_class = filters.ShopFilter

    def scoped_queryset(self):
        return selectors.shop_list(user=self.request.user).order_by("community__path", "name")

    @extend_schema(request=s.ShopCreateSerializer, responses={201: s.ShopSerializer})
    def create(self, request):
        data = self.validated(s.ShopCreateSerializer)
        with service_errors():
            shop = services.shop_create(user=request.user, **data)
        return self.fresh_response(shop, status.HTTP_201_CREATED)


class RedemptionViewSet(_Base, *READ):
    """Redemptions of points (积分兑换); a redemption never overdraws the balance."""

    serializer_class = s.RedemptionSerializer
    filterset_class = filters.RedemptionFilter

    def scoped_queryset(self):
        return selectors.redemption_list(user=self.request.user).order_by("-redeemed_at", "-id")

    @extend_schema(request=s.RedemptionCreateSerializer, responses={201: s.RedemptionSerializer})
    def create(self, request):
        data = self.validated(s.RedemptionCreateSerializer)
        with service_errors():
            redemption = services.redemption_create(user=request.user, **data)
        return self.fresh_response(redemption, status.HTTP_201_CREATED)


class HoldViewSet(_Base, *READ):
    """Credits held over the monthly cap of service hours (the anomalies the street reviews)."""

    serializer_class = s.HoldSerializer
    filterset_class = filters.HoldFilter

    def scoped_queryset(self):
        return selectors.hold_list(user=self.request.user, status=None)

    def _decide(self, request, service):
        hold = self.get_object()
        with service_errors():
            service(user=request.user, hold=hold, **self.validated(s.HoldDecisionSerializer))
        return self.fresh_response(hold)

    @extend_schema(request=s.HoldDecisionSerializer, responses=s.HoldSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def release(self, request, pk=None):
        return self._decide(request, services.credit_hold_release)

    @extend_schema(request=s.HoldDecisionSerializer, responses=s.HoldSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        return self._decide(request, services.credit_hold_reject)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("volunteer-teams", TeamViewSet, basename="volunteer-team")
    router.register("volunteers", VolunteerViewSet, basename="volunteer")
    router.register("service-orders", OrderViewSet, basename="service-order")
    router.register("service-order-steps", StepViewSet, basename="service-order-step")
    router.register("points-entries", EntryViewSet, basename="points-entry")
    router.register("partner-shops", ShopViewSet, basename="partner-shop")
    router.register("redemptions", RedemptionViewSet, basename="redemption")
    router.register("held-credits", HoldViewSet, basename="held-credit")
