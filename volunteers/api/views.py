"""API of residents' orders, teams, volunteers, points and redemptions.

Every viewset reads through a scoped selector (an outsider's pk is a 404) and writes through one
service per endpoint; ids and codes in request bodies are resolved inside the user's scope too, so
naming an outsider's record reads exactly like naming one that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from grids.selectors import household_list
from organizations.models import Member
from partybuild.api import ScopedViewSetMixin, service_errors

from .. import selectors, services
from ..filters import OrderFilter, VolunteerFilter
from ..models import VolunteerTeam
from . import serializers as s

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


def _one(qs: QuerySet, value, field: str):
    """The row of ``qs`` (already scoped) with this pk or code, or a 400 on ``field``."""
    if value in (None, ""):
        return None
    lookup = {"code": str(value).strip()} if field == "community" else {"pk": value}
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise serializers.ValidationError({field: [_("Nothing in your area matches this value.")]})
    return obj


class _Base(ScopedViewSetMixin):
    permission_classes = [IsAuthenticated]

    def _community(self, data: dict):
        return _one(selectors.community_choices(user=self.request.user), data.pop("community", None), "community")


class TeamViewSet(_Base, *READ):
    """Volunteer service teams (志愿服务队)."""

    serializer_class = s.TeamSerializer
    filterset_fields = ["community", "is_active"]

    def scoped_queryset(self):
        return selectors.team_list(user=self.request.user)

    @extend_schema(request=s.TeamCreateSerializer, responses={201: s.TeamSerializer})
    def create(self, request):
        data = self.validated(s.TeamCreateSerializer)
        community = self._community(data)
        data.pop("leader", None), data.pop("version", None)
        with service_errors():
            team = services.team_create(user=request.user, community=community, **data)
        return self.fresh_response(team, status.HTTP_201_CREATED)

    @extend_schema(request=s.TeamWriteSerializer, responses=s.TeamSerializer)
    def partial_update(self, request, pk=None):
        team = self.get_object()
        data = self.validated(s.TeamWriteSerializer)
        data.pop("community", None)
        if "leader" in data:
            data["leader"] = _one(selectors.volunteer_list(user=request.user), data["leader"], "leader")
        with service_errors():
            services.team_update(user=request.user, team=team, **data)
        return self.fresh_response(team)


class VolunteerViewSet(_Base, *READ):
    """Volunteers (志愿者) with their points balance (积分)."""

    serializer_class = s.VolunteerSerializer
    filterset_class = VolunteerFilter

    def scoped_queryset(self):
        return selectors.volunteer_list(user=self.request.user).order_by("name", "id")

    @extend_schema(request=s.VolunteerCreateSerializer, responses={201: s.VolunteerSerializer})
    def create(self, request):
        data = self.validated(s.VolunteerCreateSerializer)
        community = self._community(data)
        data.pop("version", None)
        data["team"] = _one(selectors.team_list(user=request.user), data.get("team"), "team")
        if community is not None:
            members = selectors.volunteer_member_choices(user=request.user, community=community)
            data["member"] = _one(members, data.get("member"), "member")
        with service_errors():
            volunteer = services.volunteer_create(user=request.user, community=community, **data)
        return self.fresh_response(volunteer, status.HTTP_201_CREATED)

    @extend_schema(request=s.VolunteerWriteSerializer, responses=s.VolunteerSerializer)
    def partial_update(self, request, pk=None):
        volunteer = self.get_object()
        data = self.validated(s.VolunteerWriteSerializer)
        data.pop("community", None)
        if "team" in data:
            data["team"] = _one(selectors.team_list(user=request.user), data["team"], "team")
        if "member" in data:
            members = selectors.volunteer_member_choices(user=request.user, community=volunteer.community)
            data["member"] = _one(members, data["member"], "member")
        with service_errors():
            services.volunteer_update(user=request.user, volunteer=volunteer, **data)
        return self.fresh_response(volunteer)


class OrderViewSet(_Base, *READ):
    """Residents' orders (三单制): place, dispatch, take, complete, rate, cancel."""

    serializer_class = s.OrderSerializer
    filterset_class = OrderFilter

    def scoped_queryset(self):
        return selectors.order_list(user=self.request.user).order_by("-placed_at", "-id")

    @extend_schema(request=s.OrderCreateSerializer, responses={201: s.OrderSerializer})
    def create(self, request):
        data = self.validated(s.OrderCreateSerializer)
        community = self._community(data)
        data["household"] = _one(household_list(user=request.user), data.get("household"), "household")
        with service_errors():
            order = services.order_place(user=request.user, community=community, **data)
        return self.fresh_response(order, status.HTTP_201_CREATED)

    def _assignee(self, order, data: dict) -> dict:
        member_id, team_id = data.pop("member", None), data.pop("team", None)
        members = selectors.dispatch_members(order=order)
        return {
            "member": _one(members, member_id, "member") if member_id else None,
            "team": _one(selectors.team_list(user=self.request.user), team_id, "team") if team_id else None,
            **data,
        }

    @extend_schema(request=s.AssigneeSerializer, responses=s.OrderSerializer)
    # Not named ``dispatch``: that is APIView's request entry point.
    @action(detail=True, methods=["post"], filter_backends=[], url_path="dispatch", url_name="dispatch")
    def dispatch_order(self, request, pk=None):
        order = self.get_object()
        args = self._assignee(order, self.validated(s.AssigneeSerializer))
        with service_errors():
            services.order_dispatch(user=request.user, order=order, **args)
        return self.fresh_response(order)

    @extend_schema(request=s.AssigneeSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def take(self, request, pk=None):
        order = self.get_object()
        data = self.validated(s.AssigneeSerializer)
        # Any member or team id may be named here; the service refuses anyone but the assignee.
        member = Member.objects.filter(pk=data.get("member")).first() if data.get("member") else None
        team = VolunteerTeam.objects.filter(pk=data.get("team")).first() if data.get("team") else None
        with service_errors():
            services.order_take(user=request.user, order=order, member=member, team=team, note=data.get("note", ""))
        return self.fresh_response(order)

    @extend_schema(request=s.CompleteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request, pk=None):
        order = self.get_object()
        data = self.validated(s.CompleteSerializer)
        ids = data.pop("volunteers", None) or []
        volunteers = list(selectors.volunteer_list(user=request.user).filter(pk__in=ids))
        if len(volunteers) != len(set(ids)):
            raise serializers.ValidationError({"volunteers": [_("Nothing in your area matches this value.")]})
        with service_errors():
            services.order_complete(user=request.user, order=order, volunteers=volunteers, **data)
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
    filterset_fields = ["order", "status"]

    def scoped_queryset(self):
        return selectors.step_list(user=self.request.user).order_by("-at", "-id")


class EntryViewSet(_Base, *READ):
    """The points ledger (积分台账): credits for service, debits for redemptions."""

    serializer_class = s.EntrySerializer
    filterset_fields = ["volunteer", "kind", "order"]

    def scoped_queryset(self):
        return selectors.entry_list(user=self.request.user).order_by("-created_at", "-id")


class ShopViewSet(_Base, *READ):
    """Partner shops where points are redeemed."""

    serializer_class = s.ShopSerializer
    filterset_fields = ["community", "is_active"]

    def scoped_queryset(self):
        return selectors.shop_list(user=self.request.user).order_by("community__path", "name")

    @extend_schema(request=s.ShopCreateSerializer, responses={201: s.ShopSerializer})
    def create(self, request):
        data = self.validated(s.ShopCreateSerializer)
        community = self._community(data)
        with service_errors():
            shop = services.shop_create(user=request.user, community=community, **data)
        return self.fresh_response(shop, status.HTTP_201_CREATED)


class RedemptionViewSet(_Base, *READ):
    """Redemptions of points (积分兑换); a redemption never overdraws the balance."""

    serializer_class = s.RedemptionSerializer
    filterset_fields = ["volunteer", "shop"]

    def scoped_queryset(self):
        return selectors.redemption_list(user=self.request.user).order_by("-redeemed_at", "-id")

    @extend_schema(request=s.RedemptionCreateSerializer, responses={201: s.RedemptionSerializer})
    def create(self, request):
        data = self.validated(s.RedemptionCreateSerializer)
        volunteer = _one(selectors.volunteer_list(user=request.user), data.pop("volunteer"), "volunteer")
        shop = _one(selectors.shop_list(user=request.user), data.pop("shop"), "shop")
        with service_errors():
            redemption = services.redemption_create(user=request.user, volunteer=volunteer, shop=shop, **data)
        return self.fresh_response(redemption, status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("volunteer-teams", TeamViewSet, basename="volunteer-team")
    router.register("volunteers", VolunteerViewSet, basename="volunteer")
    router.register("service-orders", OrderViewSet, basename="service-order")
    router.register("service-order-steps", StepViewSet, basename="service-order-step")
    router.register("points-entries", EntryViewSet, basename="points-entry")
    router.register("partner-shops", ShopViewSet, basename="partner-shop")
    router.register("redemptions", RedemptionViewSet, basename="redemption")
