"""Writes of the 三单制 orders, teams, volunteers, points and redemptions.

Every order step claims the order with a conditional ``UPDATE … WHERE status IN (…)`` and checks
the row count, so a double click, a retried request or two people acting at once move an order
only once; in particular the completion (which credits points) can succeed only once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization
from partybuild import scoping

from .models import (
    OrderStatus,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)

# Time bank: one hour of service earns ten points.
POINTS_PER_HOUR = 10
ORDER_FIELDS = ("resident_name", "household", "phone", "category", "need", "preferred_time")
TEAM_FIELDS = ("name", "speciality", "leader", "founded_on", "is_active")
VOLUNTEER_FIELDS = ("name", "phone", "member", "team", "joined_on")
# From which states each step may be taken.
ALLOWED_FROM = {
    OrderStatus.DISPATCHED: (OrderStatus.PLACED, OrderStatus.DISPATCHED),
    OrderStatus.TAKEN: (OrderStatus.DISPATCHED,),
    OrderStatus.DONE: (OrderStatus.TAKEN,),
    OrderStatus.RATED: (OrderStatus.DONE,),
    OrderStatus.CANCELLED: (OrderStatus.PLACED, OrderStatus.DISPATCHED),
}


def points_for(hours: Decimal) -> int:
    return int((Decimal(hours) * POINTS_PER_HOUR).to_integral_value())


def _require_edit(user, community: Organization) -> None:
    if not scoping.can_act_on_org(user, scoping.EDIT, community):
        raise PermissionDenied(_("You may not change volunteering records outside your area."))


def _check_community(community: Organization) -> None:
    if community.level != Level.COMMUNITY or not community.is_active:
        raise ValidationError({"community": _("Choose an active community.")})


def _refusal(order: ServiceOrder, step: str) -> ValidationError:
    """Why ``step`` cannot be taken from the order's current state, in the user's words."""
    current = order.get_status_display()
    messages = {
        OrderStatus.DISPATCHED: _("Only a new or not yet taken order can be dispatched; this one is %(status)s."),
        OrderStatus.TAKEN: _("Only a dispatched order can be taken; this one is %(status)s."),
        OrderStatus.DONE: _("Only a taken order can be marked done; this one is %(status)s."),
        OrderStatus.RATED: _("The resident can rate an order only once it is done; this one is %(status)s."),
        OrderStatus.CANCELLED: _("Only an order nobody has taken yet can be cancelled; this one is %(status)s."),
    }
    return ValidationError(messages[step] % {"status": current})


def _advance(order: ServiceOrder, *, user, step: str, note: str = "", **changes) -> ServiceOrder:
    """Claim the move with a conditional update (0 rows: someone moved the order first), then log it."""
    now = timezone.now()
    claimed = ServiceOrder.objects.filter(pk=order.pk, status__in=ALLOWED_FROM[step]).update(status=step, **changes)
    order.refresh_from_db()
    if not claimed:
        raise _refusal(order, step)
    OrderStep.objects.create(order=order, status=step, actor=user, at=now, note=note)
    return order


def _validate_move(order: ServiceOrder, step: str) -> None:
    # Checked before the claim too, so a refused move explains itself before any other validation.
    if order.status not in ALLOWED_FROM[step]:
        raise _refusal(order, step)


# --- orders ---------------------------------------------------------------------------------------


@transaction.atomic
def order_place(*, user, community: Organization, placed_at: datetime | None = None, **fields) -> ServiceOrder:
    """Record a resident's order (居民下单) for ``community``."""
    _require_edit(user, community)
    _check_community(community)
    unknown = set(fields) - set(ORDER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown order fields: %s") % ", ".join(sorted(unknown)))
    household = fields.get("household")
    if household is not None and not household.building.grid.branch.path.startswith(community.path):
        raise ValidationError({"household": _("The household does not live in this community.")})
    order = ServiceOrder(community=community, placed_at=placed_at or timezone.now(), created_by=user, **fields)
    order.full_clean()
    order.save()
    OrderStep.objects.create(order=order, status=OrderStatus.PLACED, actor=user, at=order.placed_at)
    return order


def dispatchable_members(*, community: Organization):
    """In-service members (在职党员) registered at ``community``: the only members it may dispatch to."""
    return Member.objects.filter(is_in_service=True, registered_community=community).exclude(
        status__in=HISTORICAL_STATUSES
    )


@transaction.atomic
def order_dispatch(
    *, user, order: ServiceOrder, member: Member | None = None, team: VolunteerTeam | None = None, note: str = ""
) -> ServiceOrder:
    """The community dispatches the order (社区派单) to one in-service member or one of its teams."""
    _require_edit(user, order.community)
    _validate_move(order, OrderStatus.DISPATCHED)
    if (member is None) == (team is None):
        raise ValidationError(_("Dispatch the order to one party member or to one volunteer team."))
    if member is not None and not dispatchable_members(community=order.community).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("%(name)s is not an in-service party member registered at this community.") % {"name": member}}
        )
    if team is not None and (team.community_id != order.community_id or not team.is_active):
        raise ValidationError(
            {"team": _("%(name)s is not an active volunteer team of this community.") % {"name": team}}
        )
    return _advance(
        order, user=user, step=OrderStatus.DISPATCHED, note=note or str(member or team),
        assigned_member=member, assigned_team=team, dispatched_at=timezone.now(),
    )


@transaction.atomic
def order_take(
    *, user, order: ServiceOrder, member: Member | None = None, team: VolunteerTeam | None = None, note: str = ""
) -> ServiceOrder:
    """The assignee takes the order (党员接单). Nobody else may take it."""
    _require_edit(user, order.community)
    _validate_move(order, OrderStatus.TAKEN)
    is_assignee = (member is not None and member.pk == order.assigned_member_id) or (
        team is not None and team.pk == order.assigned_team_id
    )
    if not is_assignee:
        raise ValidationError(
            _("This order was dispatched to %(assignee)s; only they can take it.") % {"assignee": order.assignee}
        )
    return _advance(order, user=user, step=OrderStatus.TAKEN, note=note or str(order.assignee), taken_at=timezone.now())


def _member_account(order: ServiceOrder) -> Volunteer:
    member = order.assigned_member
    account, _created = Volunteer.objects.get_or_create(
        community=order.community, member=member, defaults={"name": member.name, "phone": member.phone}
    )
    return account


def _servers(order: ServiceOrder, volunteers: Iterable[Volunteer] | None) -> list[Volunteer]:
    """Who served: the member's own account, or the named team members (the leader by default)."""
    if order.assigned_member_id:
        return [_member_account(order)]
    chosen = list(volunteers or [])
    if not chosen and order.assigned_team.leader_id:
        chosen = [order.assigned_team.leader]
    if not chosen:
        raise ValidationError({"volunteers": _("Name the team members who served.")})
    if any(v.team_id != order.assigned_team_id for v in chosen):
        raise ValidationError({"volunteers": _("Only members of the team that took the order can be credited.")})
    return chosen


@transaction.atomic
def order_complete(
    *, user, order: ServiceOrder, hours: Decimal, volunteers: Iterable[Volunteer] | None = None, note: str = ""
) -> ServiceOrder:
    """Mark the order done with its service hours and credit hours and points to whoever served.
    A second submission finds the order no longer taken and is refused, so nobody is credited twice."""
    _require_edit(user, order.community)
    _validate_move(order, OrderStatus.DONE)
    hours = Decimal(hours)
    if not Decimal("0.5") <= hours <= Decimal("24"):
        raise ValidationError({"hours": _("Service hours must be between 0.5 and 24.")})
    servers = _servers(order, volunteers)
    now = timezone.now()
    order = _advance(order, user=user, step=OrderStatus.DONE, note=note, done_at=now, hours=hours)
    points = points_for(hours)
    reason = _("Service for order #%(pk)s (%(category)s)") % {"pk": order.pk, "category": order.get_category_display()}
    PointsEntry.objects.bulk_create(
        PointsEntry(
            volunteer=v, kind=PointsEntry.Kind.CREDIT, points=points, hours=hours, order=order, created_at=now,
            reason=reason,
        )
        for v in {v.pk: v for v in servers}.values()
    )
    return order


@transaction.atomic
def order_rate(*, user, order: ServiceOrder, rating: int, comment: str = "") -> ServiceOrder:
    """Record the resident's rating (1-5) of a done order."""
    _require_edit(user, order.community)
    _validate_move(order, OrderStatus.RATED)
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("The rating is 1 to 5 stars.")})
    return _advance(order, user=user, step=OrderStatus.RATED, note=comment, rating=rating, rating_comment=comment)


@transaction.atomic
def order_cancel(*, user, order: ServiceOrder, reason: str) -> ServiceOrder:
    _require_edit(user, order.community)
    _validate_move(order, OrderStatus.CANCELLED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    return _advance(order, user=user, step=OrderStatus.CANCELLED, note=reason.strip())


# --- teams and volunteers -------------------------------------------------------------------------


def _apply(obj, fields: dict, allowed: tuple[str, ...], version: int | None, model) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    expected = obj.version if version is None else version
    # Optimistic locking: a stale form (someone saved in between) is refused instead of overwriting.
    if not model.objects.filter(pk=obj.pk, version=expected).update(version=F("version") + 1):
        raise ValidationError(_("Someone else changed this record while you were editing. Reload and try again."))
    obj.version = expected + 1
    obj.save(update_fields=[*fields, "version"])


@transaction.atomic
def team_create(*, user, community: Organization, name: str, **fields) -> VolunteerTeam:
    _require_edit(user, community)
    _check_community(community)
    team = VolunteerTeam(community=community, name=name, **{k: v for k, v in fields.items() if k != "leader"})
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_update(*, user, team: VolunteerTeam, version: int | None = None, **fields) -> VolunteerTeam:
    _require_edit(user, team.community)
    _apply(team, fields, TEAM_FIELDS, version, VolunteerTeam)
    return team


@transaction.atomic
def volunteer_create(*, user, community: Organization, name: str, **fields) -> Volunteer:
    _require_edit(user, community)
    _check_community(community)
    unknown = set(fields) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown volunteer fields: %s") % ", ".join(sorted(unknown)))
    volunteer = Volunteer(community=community, name=name, **fields)
    volunteer.full_clean()
    volunteer.save()
    return volunteer


@transaction.atomic
def volunteer_update(*, user, volunteer: Volunteer, version: int | None = None, **fields) -> Volunteer:
    _require_edit(user, volunteer.community)
    _apply(volunteer, fields, VOLUNTEER_FIELDS, version, Volunteer)
    return volunteer


@transaction.atomic
def shop_create(*, user, community: Organization, name: str, address: str = "", offer: str = "") -> PartnerShop:
    _require_edit(user, community)
    _check_community(community)
    shop = PartnerShop(community=community, name=name, address=address, offer=offer)
    shop.full_clean()
    shop.save()
    return shop


# --- points ---------------------------------------------------------------------------------------


def volunteer_balance(*, volunteer_id: int) -> int:
    """The balance is the ledger's sum, computed by the database: nothing stored can drift."""
    return PointsEntry.objects.filter(volunteer_id=volunteer_id).aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def redemption_create(
    *, user, volunteer: Volunteer, shop: PartnerShop, item: str, points: int, on: date | None = None
) -> Redemption:
    """Redeem points at a partner shop (积分兑换). The volunteer's row is locked first, so concurrent
    redemptions queue up and each one checks the balance after the previous debit."""
    _require_edit(user, volunteer.community)
    if shop.community_id != volunteer.community_id or not shop.is_active:
        raise ValidationError({"shop": _("Choose an active partner shop of the volunteer's community.")})
    if points is None or points < 1:
        raise ValidationError({"points": _("Redeem at least one point.")})
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    balance = volunteer_balance(volunteer_id=volunteer.pk)
    if points > balance:
        raise ValidationError(
            {"points": _("Only %(balance)s points are left; %(points)s cannot be redeemed.")
             % {"balance": balance, "points": points}}
        )
    now = timezone.now()
    redemption = Redemption(
        volunteer=volunteer, shop=shop, item=item, points=points, recorded_by=user,
        redeemed_at=now if on is None else timezone.make_aware(datetime.combine(on, datetime.min.time())),
    )
    redemption.full_clean()
    redemption.save()
    PointsEntry.objects.create(
        volunteer=volunteer, kind=PointsEntry.Kind.DEBIT, points=-points, redemption=redemption,
        created_at=redemption.redeemed_at,
        reason=_("Redeemed at %(shop)s: %(item)s") % {"shop": shop.name, "item": item},
    )
    return redemption


@transaction.atomic
def shop_update(*, user, shop: PartnerShop, **fields) -> PartnerShop:
    _require_edit(user, shop.community)
    unknown = set(fields) - {"name", "address", "offer", "is_active"}
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(shop, name, value)
    shop.full_clean()
    shop.save(update_fields=list(fields))
    return shop
