"""Reads of orders, teams, volunteers and points, always through the scoping mechanism.

Statistics are set-based: one aggregate query per statistic, whatever the number of communities.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization, OrgStatus
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    SERVED_STATUSES,
    CreditHold,
    HoldStatus,
    OrderStatus,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)
from .models import member_fits_community as _member_fits_community
from .services import dispatchable_members


def order_list(*, user, action: str = VIEW) -> QuerySet[ServiceOrder]:
    return scope_queryset(ServiceOrder.objects.all(), user, action).select_related(
        "community", "assigned_member", "assigned_team"
    )


def order_detail_qs(*, user) -> QuerySet[ServiceOrder]:
    steps = OrderStep.objects.select_related("actor").order_by("at", "id")
    entries = PointsEntry.objects.select_related("volunteer").order_by("id")
    return order_list(user=user).select_related("household__building", "assigned_team__leader").prefetch_related(
        Prefetch("steps", queryset=steps), Prefetch("entries", queryset=entries)
    )


def step_list(*, user) -> QuerySet[OrderStep]:
    return scope_queryset(OrderStep.objects.all(), user, VIEW).select_related("actor", "order")


def community_choices(*, user, action: str = EDIT) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, action).filter(
        level=Level.COMMUNITY, status=OrgStatus.ACTIVE
    ).order_by("path")


def dispatch_members(*, order: ServiceOrder) -> QuerySet[Member]:
    """Members the order may go to. Their branches may lie elsewhere: registration is what counts."""
    return dispatchable_members(community=order.community).order_by("name", "id")


def volunteer_member_choices(*, user, community: Organization) -> QuerySet[Member]:
    """Party members who may volunteer in ``community``: current members the user can see, and the
    in-service members registered there (whose own branch may lie in another street)."""
    visible = scope_queryset(Member.objects.all(), user, VIEW).values("pk")
    return Member.objects.exclude(status__in=HISTORICAL_STATUSES).filter(
        Q(pk__in=visible) | Q(is_in_service=True, registered_community=community)
    )


def dispatch_teams(*, order: ServiceOrder) -> QuerySet[VolunteerTeam]:
    """Active teams of the order's community (the order itself was fetched in scope)."""
    return VolunteerTeam.objects.filter(community_id=order.community_id, is_active=True).order_by("name")


def team_volunteers(*, team_id: int) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(team_id=team_id).order_by("name", "id")


def redemption_shops(*, volunteer: Volunteer) -> QuerySet[PartnerShop]:
    """Active partner shops of the volunteer's community, where their points can be spent."""
    return PartnerShop.objects.filter(community_id=volunteer.community_id, is_active=True).order_by("name")


def _balance_subquery(points_field: str = "points") -> Coalesce:
    per_volunteer = (
        PointsEntry.objects.filter(volunteer=OuterRef("pk")).order_by().values("volunteer")
        .annotate(total=Sum(points_field)).values("total")
    )
    return Coalesce(Subquery(per_volunteer, output_field=IntegerField()), 0)


def team_list(*, user, action: str = VIEW) -> QuerySet[VolunteerTeam]:
    return (
        scope_queryset(VolunteerTeam.objects.all(), user, action)
        .select_related("community", "leader")
        .annotate(volunteer_count=Count("volunteers", distinct=True))
        .order_by("community__path", "name")
    )


def team_detail_qs(*, user) -> QuerySet[VolunteerTeam]:
    members = Volunteer.objects.select_related("member").annotate(balance=_balance_subquery()).order_by("name", "id")
    return team_list(user=user).prefetch_related(Prefetch("volunteers", queryset=members))


def volunteer_list(*, user, action: str = VIEW) -> QuerySet[Volunteer]:
    return (
        scope_queryset(Volunteer.objects.all(), user, action)
        .select_related("community", "team", "member")
        .annotate(balance=_balance_subquery())
    )


def volunteer_ledger(*, volunteer: Volunteer) -> QuerySet[PointsEntry]:
    return volunteer.entries.select_related("order", "redemption__shop").order_by("-created_at", "-id")


def entry_list(*, user) -> QuerySet[PointsEntry]:
    return scope_queryset(PointsEntry.objects.all(), user, VIEW).select_related("volunteer")


def hold_list(*, user, status: str | None = HoldStatus.HELD) -> QuerySet[CreditHold]:
    """Credits held over the monthly cap (the anomalies the street reviews), newest first."""
    qs = scope_queryset(CreditHold.objects.all(), user, VIEW)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("volunteer__community", "order").order_by("-created_at", "-id")


def shop_list(*, user, action: str = VIEW) -> QuerySet[PartnerShop]:
    return scope_queryset(PartnerShop.objects.all(), user, action).select_related("community")


def redemption_list(*, user) -> QuerySet[Redemption]:
    return scope_queryset(Redemption.objects.all(), user, VIEW).select_related("volunteer", "shop")


def leaderboard(*, user, since: date, limit: int = 20) -> QuerySet[Volunteer]:
    """Volunteers of the user's area ranked by points earned since ``since``: one grouped query."""
    earned = Q(entries__kind=PointsEntry.Kind.CREDIT, entries__created_at__date__gte=since)
    return (
        scope_queryset(Volunteer.objects.all(), user, VIEW)
        .select_related("community", "team")
        .annotate(
            earned=Coalesce(Sum("entries__points", filter=earned), 0),
            hours=Coalesce(Sum("entries__hours", filter=earned), 0, output_field=DecimalField()),
        )
        .filter(earned__gt=0)
        .order_by("-earned", "name", "id")[:limit]
    )


def order_stats(*, user, since: date) -> dict:
    """This period's order figures for the user's area, in one aggregate query."""
    qs = scope_queryset(ServiceOrder.objects.filter(placed_at__date__gte=since), user, VIEW)
    return qs.aggregate(
        placed=Count("pk"),
        dispatched=Count("pk", filter=Q(dispatched_at__isnull=False)),
        done=Count("pk", filter=Q(status__in=SERVED_STATUSES)),
        cancelled=Count("pk", filter=Q(status=OrderStatus.CANCELLED)),
        average_rating=Avg("rating"),
        hours=Coalesce(Sum("hours"), 0, output_field=DecimalField()),
    )


def points_stats(*, user, since: date) -> dict:
    """Points credited and redeemed in the period, one aggregate query over the ledger."""
    qs = scope_queryset(PointsEntry.objects.filter(created_at__date__gte=since), user, VIEW)
    return qs.aggregate(
        credited=Coalesce(Sum("points", filter=Q(kind=PointsEntry.Kind.CREDIT)), 0),
        redeemed=Coalesce(-Sum("points", filter=Q(kind=PointsEntry.Kind.DEBIT)), 0),
    )


def category_breakdown(*, user, since: date) -> QuerySet:
    """Orders per category in the period: ``values().annotate()``, one query."""
    qs = scope_queryset(ServiceOrder.objects.filter(placed_at__date__gte=since), user, VIEW)
    return qs.order_by().values("category").annotate(
        n=Count("pk"), done=Count("pk", filter=Q(status__in=SERVED_STATUSES))
    ).order_by("-n")


# --- choices of the team and volunteer forms ------------------------------------------------------


def team_choices(*, user, community: Organization | None = None) -> QuerySet[VolunteerTeam]:
    """Teams the user may put a volunteer in: those of the communities they may edit."""
    qs = scope_queryset(VolunteerTeam.objects.all(), user, EDIT).select_related("community")
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("community__path", "name")


def member_choices(*, user) -> QuerySet[Member]:
    """Party members who may volunteer in any community the user may edit (see
    ``volunteer_member_choices``); the form then checks the member fits the chosen community."""
    visible = scope_queryset(Member.objects.all(), user, VIEW).values("pk")
    communities = community_choices(user=user).values("pk")
    return Member.objects.exclude(status__in=HISTORICAL_STATUSES).filter(
        Q(pk__in=visible) | Q(is_in_service=True, registered_community__in=communities)
    ).order_by("name", "id")


def member_fits_community(*, member: Member, community: Organization) -> bool:
    """The model's rule, for the form to say so before the service is called."""
    return _member_fits_community(member, community)


def member_has_account(*, member: Member, community: Organization, exclude_pk: int | None = None) -> bool:
    return Volunteer.objects.filter(member=member, community=community).exclude(pk=exclude_pk).exists()
