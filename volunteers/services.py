"""Writes of the 三单制 orders, teams, volunteers, points and redemptions.

Orders move through ``volunteers.flow.ORDER_FLOW``: every step claims the order with a conditional
``UPDATE … WHERE status IN (…)`` (audited) and checks the row count, so a double click, a retried
request or two people acting at once move an order only once; in particular the completion
(which credits points) can succeed only once.

A completion needs a second party besides whoever records it (see ``order_complete``), and
credits that would take a volunteer past the monthly cap are held for the street to review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization
from organizations.paths import is_within
from partybuild import rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT
from summaries.services import summaries_touch

from . import confirmation
from .flow import HOLD_FLOW, ORDER_FLOW, REFUSED, REVIEW_ROLES
from .models import (
    Confirmation,
    CreditHold,
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


def points_for(hours: Decimal) -> int:
    return int((Decimal(hours) * POINTS_PER_HOUR).to_integral_value())


def _check_community(community: Organization) -> None:
    if community.level != Level.COMMUNITY or not community.is_active:
        raise ValidationError({"community": _("Choose an active community.")})


def _move(order: ServiceOrder, step: str, *, user, note: str = "", **changes) -> ServiceOrder:
    """Take ``step`` (rights and state were checked first) if nobody moved the order in between."""
    summaries_touch(orgs=[order.community_id])  # the area's order figures (dashboards, big screen)
    return ORDER_FLOW.advance(order, step, actor=user, comment=note, check_actor=False, **changes)


def _check(user, order: ServiceOrder, step: str) -> None:
    # Rights first, then the state: an outsider learns nothing about the order's state.
    rights.require(user, EDIT, order.community, REFUSED)
    ORDER_FLOW.check(user, order, step)


# --- orders ---------------------------------------------------------------------------------------


@transaction.atomic
def order_place(*, user, community: Organization, placed_at: datetime | None = None, **fields) -> ServiceOrder:
    """Record a resident's order (居民下单) for ``community``.

    The returned order carries ``confirmation_code``, the resident's code, this once: it is stored
    only as a keyed hash, so the caller shows it now (to hand to the resident) or never."""
    rights.require(user, EDIT, community, REFUSED)
    _check_community(community)
    unknown = set(fields) - set(ORDER_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown order fields: %s") % ", ".join(sorted(unknown)))
    household = fields.get("household")
    if household is not None and not is_within(household.building.grid.branch.path, community.path):
        raise ValidationError({"household": _("The household does not live in this community.")})
    code = confirmation.new_code()
    order = ServiceOrder(
        community=community, placed_at=placed_at or timezone.now(), created_by=user,
        confirmation_digest=confirmation.digest(code), **fields,
    )
    order.full_clean()
    order.save()
    OrderStep.objects.create(order=order, status=OrderStatus.PLACED, actor=user, at=order.placed_at)
    summaries_touch(orgs=[community])
    order.confirmation_code = code
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
    _check(user, order, "dispatch")
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
    return _move(
        order, "dispatch", user=user, note=note or str(member or team),
        assigned_member=member, assigned_team=team, dispatched_at=timezone.now(), dispatched_by=user,
    )


@transaction.atomic
def order_take(
    *, user, order: ServiceOrder, member: Member | None = None, team: VolunteerTeam | None = None, note: str = ""
) -> ServiceOrder:
    """The assignee takes the order (党员接单). Nobody else may take it."""
    _check(user, order, "take")
    is_assignee = (member is not None and member.pk == order.assigned_member_id) or (
        team is not None and team.pk == order.assigned_team_id
    )
    if not is_assignee:
        raise ValidationError(
            _("This order was dispatched to %(assignee)s; only they can take it.") % {"assignee": order.assignee}
        )
    return _move(order, "take", user=user, note=note or str(order.assignee), taken_at=timezone.now())


def _member_account(order: ServiceOrder) -> Volunteer:
    """The member's points account in the order's community, opened on their first service there.

    It holds the name only: the member's phone stays on the member's own record (and its street),
    so a member serving in another street's community leaves no copy of it there."""
    member = order.assigned_member
    account, _created = Volunteer.objects.get_or_create(
        community=order.community, member=member, defaults={"name": member.name}
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
    return list({v.pk: v for v in chosen}.values())


def _second_party(user, order: ServiceOrder, code: str) -> str:
    """How the completion is confirmed by someone besides the person recording it, or a refusal.

    - the resident's confirmation code, handed over when the service was done; or
    - the level above: a street official (or the district) over the community who neither placed
      nor dispatched the order, e.g. after calling the resident back.
    """
    code = (code or "").strip()
    if code:
        if not order.confirmation_digest:
            raise ValidationError({"confirmation_code": _(
                "This order was recorded without a confirmation code; a street official must confirm the completion."
            )})
        if confirmation.is_locked(order.pk):
            raise ValidationError({"confirmation_code": _(
                "Too many wrong confirmation codes for this order; a street official must now confirm the completion."
            )})
        if not confirmation.matches(order.confirmation_digest, code):
            confirmation.count_failure(order.pk)
            raise ValidationError({"confirmation_code": _("This is not the resident's confirmation code.")})
        return Confirmation.RESIDENT_CODE
    involved = {order.created_by_id, order.dispatched_by_id} - {None}
    if rights.holds_role_over(user, REVIEW_ROLES, order.community) and user.pk not in involved:
        return Confirmation.STREET_OFFICIAL
    raise ValidationError({"confirmation_code": _(
        "Enter the resident's confirmation code. Without it, only a street official who neither placed nor "
        "dispatched the order can confirm that the service was done."
    )})


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The calendar month (local time) around ``moment``, as aware datetimes [start, end)."""
    local = timezone.localtime(moment)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def _month_hours(volunteer_ids: list[int], moment: datetime) -> dict[int, Decimal]:
    """Hours credited (minted) to each volunteer in the month of ``moment``: one grouped query."""
    start, end = month_bounds(moment)
    rows = (
        PointsEntry.objects.filter(
            volunteer_id__in=volunteer_ids, kind=PointsEntry.Kind.CREDIT, created_at__gte=start, created_at__lt=end
        ).order_by().values("volunteer_id").annotate(total=Sum("hours"))
    )
    return {row["volunteer_id"]: row["total"] or Decimal("0") for row in rows}


@dataclass
class Credits:
    entries: list[PointsEntry]
    holds: list[CreditHold]


def _credit(order: ServiceOrder, servers: list[Volunteer], *, hours: Decimal, at: datetime) -> Credits:
    """Mint the points, except where they would pass the monthly cap: those are held."""
    cap = Decimal(settings.VOLUNTEER_MONTHLY_HOURS_CAP)
    so_far = _month_hours([v.pk for v in servers], at)
    points = points_for(hours)
    reason = _("Service for order #%(pk)s (%(category)s)") % {"pk": order.pk, "category": order.get_category_display()}
    entries, holds = [], []
    for v in servers:
        already = so_far.get(v.pk, Decimal("0"))
        if already + hours > cap:
            holds.append(CreditHold(
                volunteer=v, order=order, hours=hours, points=points, month_hours=already, created_at=at,
            ))
        else:
            entries.append(PointsEntry(
                volunteer=v, kind=PointsEntry.Kind.CREDIT, points=points, hours=hours, order=order, created_at=at,
                reason=reason,
            ))
    return Credits(PointsEntry.objects.bulk_create(entries), CreditHold.objects.bulk_create(holds))


@transaction.atomic
def order_complete(
    *, user, order: ServiceOrder, hours: Decimal, volunteers: Iterable[Volunteer] | None = None, note: str = "",
    confirmation_code: str = "",
) -> ServiceOrder:
    """Mark the order done with its service hours and credit hours and points to whoever served.

    A second party must vouch for the service (:func:`_second_party`). A second submission finds
    the order no longer taken and is refused, so nobody is credited twice. Credits that would take
    a volunteer past ``VOLUNTEER_MONTHLY_HOURS_CAP`` hours in the month are held
    (``order.credits.holds``), not minted, until the street releases them."""
    _check(user, order, "complete")
    hours = Decimal(hours)
    if not Decimal("0.5") <= hours <= Decimal("24"):
        raise ValidationError({"hours": _("Service hours must be between 0.5 and 24.")})
    servers = _servers(order, volunteers)
    how = _second_party(user, order, confirmation_code)
    now = timezone.now()
    order = _move(order, "complete", user=user, note=note, done_at=now, hours=hours, confirmation=how)
    order.credits = _credit(order, servers, hours=hours, at=now)
    if how == Confirmation.RESIDENT_CODE:
        confirmation.forget_failures(order.pk)
    return order


@transaction.atomic
def order_rate(*, user, order: ServiceOrder, rating: int, comment: str = "") -> ServiceOrder:
    """Record the resident's rating (1-5) of a done order."""
    _check(user, order, "rate")
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("The rating is 1 to 5 stars.")})
    return _move(order, "rate", user=user, note=comment, rating=rating, rating_comment=comment)


@transaction.atomic
def order_cancel(*, user, order: ServiceOrder, reason: str) -> ServiceOrder:
    _check(user, order, "cancel")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    return _move(order, "cancel", user=user, note=reason.strip())


# --- held credits ---------------------------------------------------------------------------------


def _review(user, hold: CreditHold, step: str) -> None:
    HOLD_FLOW.check(user, hold, step)
    completed_by = OrderStep.objects.filter(order_id=hold.order_id, status=OrderStatus.DONE).values_list(
        "actor_id", flat=True
    ).first()
    if completed_by == user.pk:
        raise PermissionDenied(_("You recorded this service yourself, so someone else must review its credit."))


@transaction.atomic
def credit_hold_release(*, user, hold: CreditHold, note: str = "") -> PointsEntry:
    """The street releases a held credit after checking it: the points are minted now."""
    _review(user, hold, "release")
    now = timezone.now()
    HOLD_FLOW.advance(
        hold, "release", actor=user, check_actor=False, decided_by=user, decided_at=now, decision_note=note.strip()
    )
    order = hold.order
    summaries_touch(orgs=[order.community_id])  # points credited in the area
    return PointsEntry.objects.create(
        volunteer_id=hold.volunteer_id, kind=PointsEntry.Kind.CREDIT, points=hold.points, hours=hold.hours,
        order=order, created_at=now,
        reason=_("Service for order #%(pk)s (%(category)s), released above the monthly cap")
        % {"pk": order.pk, "category": order.get_category_display()},
    )


@transaction.atomic
def credit_hold_reject(*, user, hold: CreditHold, note: str) -> CreditHold:
    """The street refuses a held credit (e.g. the hours were not served); no points are minted."""
    _review(user, hold, "reject")
    if not note.strip():
        raise ValidationError({"note": _("Say why the credit is refused.")})
    return HOLD_FLOW.advance(
        hold, "reject", actor=user, check_actor=False, decided_by=user, decided_at=timezone.now(),
        decision_note=note.strip(),
    )


# --- teams and volunteers -------------------------------------------------------------------------


def _apply(obj, fields: dict, allowed: tuple[str, ...], version: int | None) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    # Optimistic locking: a stale form (someone saved in between) is refused instead of overwriting.
    versioned_save(obj, fields=fields, version=version)


@transaction.atomic
def team_create(*, user, community: Organization, name: str, **fields) -> VolunteerTeam:
    rights.require(user, EDIT, community, REFUSED)
    _check_community(community)
    team = VolunteerTeam(community=community, name=name, **{k: v for k, v in fields.items() if k != "leader"})
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def team_update(*, user, team: VolunteerTeam, version: int | None = None, **fields) -> VolunteerTeam:
    rights.require(user, EDIT, team.community, REFUSED)
    _apply(team, fields, TEAM_FIELDS, version)
    return team


@transaction.atomic
def volunteer_create(*, user, community: Organization, name: str, **fields) -> Volunteer:
    rights.require(user, EDIT, community, REFUSED)
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
    rights.require(user, EDIT, volunteer.community, REFUSED)
    _apply(volunteer, fields, VOLUNTEER_FIELDS, version)
    return volunteer


@transaction.atomic
def shop_create(*, user, community: Organization, name: str, address: str = "", offer: str = "") -> PartnerShop:
    rights.require(user, EDIT, community, REFUSED)
    _check_community(community)
    shop = PartnerShop(community=community, name=name, address=address, offer=offer)
    shop.full_clean()
    shop.save()
    return shop


SHOP_FIELDS = ("name", "address", "offer", "is_active")


@transaction.atomic
def shop_update(*, user, shop: PartnerShop, version: int | None = None, **fields) -> PartnerShop:
    """Edit a partner shop; a shop that stops taking points is made inactive, never deleted, so
    past redemptions keep naming it."""
    rights.require(user, EDIT, shop.community, REFUSED)
    _apply(shop, fields, SHOP_FIELDS, version)
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
    rights.require(user, EDIT, volunteer.community, REFUSED)
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

