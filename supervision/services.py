"""Writes of supervision committees, their seats and clues, and of rectifications.

- Committees and seats: whoever may edit the community (its secretary, the street, the district).
- Clue access: granted by the district only (it decides who reads clues about cadres).
- Clues: recorded by the committee's members (``ClueAccess`` on the community) or the district;
  their handling and outcome by the street's discipline staff or the district. Every one of these
  users reaches the clue through ``scope_queryset`` first (see ``supervision.models``).
- Rectifications: listed and reviewed by the district; plan measures and progress reports by
  whoever may edit the organisation. A passed review closes it (``flow.RECTIFICATION_FLOW``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Level, Member, Organization
from organizations.paths import prefix_at
from partybuild import rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT, forget

from .flow import RECTIFICATION_FLOW
from .models import (
    COMPOSITION,
    ClueAccess,
    ClueStatus,
    CommitteeSeat,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    Seat,
    SupervisionCommittee,
    clue_access_paths,
)

SEAT_FIELDS = ("seat", "name", "member", "is_on_residents_committee", "since", "until")
REFUSED = _("You may not change supervision records outside your area.")
DISTRICT_ONLY = _("Only the district may do this.")


def _require_district(user) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(DISTRICT_ONLY)


# --- committees and seats --------------------------------------------------------------------


@transaction.atomic
def committee_create(*, user, community: Organization, established_on: date | None = None) -> SupervisionCommittee:
    rights.require(user, EDIT, community, str(REFUSED))
    if community.level != Level.COMMUNITY or not community.is_active:
        raise ValidationError({"community": _("Choose an active community.")})
    if SupervisionCommittee.objects.filter(community=community).exists():
        raise ValidationError({"community": _("This community already has a supervision committee.")})
    committee = SupervisionCommittee(community=community, established_on=established_on)
    committee.full_clean()
    committee.save()
    return committee


def _active_seats(committee: SupervisionCommittee, on: date):
    return committee.seats.filter(since__lte=on).exclude(until__lt=on)


@transaction.atomic
def seat_add(*, user, committee: SupervisionCommittee, today: date | None = None, **fields) -> CommitteeSeat:
    """Seat a member (委员) if the seat is free: at most the composition's number per seat."""
    rights.require(user, EDIT, committee.community, str(REFUSED))
    # Lock the committee so two seats added at once are counted one after the other.
    SupervisionCommittee.objects.select_for_update().filter(pk=committee.pk).first()
    seat = CommitteeSeat(committee=committee, **{k: v for k, v in fields.items() if k in SEAT_FIELDS})
    seat.full_clean()
    on = today or timezone.localdate()
    taken = _active_seats(committee, max(on, seat.since)).filter(seat=seat.seat).count()
    if taken >= COMPOSITION[seat.seat]:
        raise ValidationError({"seat": _("The committee already has %(n)s in this seat (%(seat)s).") % {
            "n": COMPOSITION[seat.seat], "seat": seat.get_seat_display()}})
    if seat.member_id and not _member_in(seat.member, committee.community):
        raise ValidationError({"member": _("This party member neither belongs to nor lives in this community.")})
    seat.save()
    return seat


def _member_in(member: Member, community: Organization) -> bool:
    return member.branch.path.startswith(community.path) or member.registered_community_id == community.pk


@transaction.atomic
def seat_end(*, user, seat: CommitteeSeat, until: date) -> CommitteeSeat:
    rights.require(user, EDIT, seat.committee.community, str(REFUSED))
    seat.until = until
    seat.full_clean()
    return versioned_save(seat, fields=["until"])


def composition_problems(committee: SupervisionCommittee, *, on: date | None = None) -> list[str]:
    """What the committee's composition lacks today (empty when complete)."""
    on = on or timezone.localdate()
    counts: dict[str, int] = {}
    for seat in _active_seats(committee, on).values_list("seat", flat=True):
        counts[seat] = counts.get(seat, 0) + 1
    return composition_gaps(counts)


def composition_gaps(counts: dict[str, int]) -> list[str]:
    """The seats whose count differs from the composition (the street's stationed cadre, the
    discipline member as chair, two party members not on the residents' committee, one non-party
    resident), each as "seat: have of need"."""
    return [
        _("%(seat)s: %(have)s of %(need)s") % {"seat": Seat(s).label, "have": counts.get(s, 0), "need": need}
        for s, need in COMPOSITION.items() if counts.get(s, 0) != need
    ]


# --- clue access ------------------------------------------------------------------------------


@transaction.atomic
def clue_access_grant(*, user, grantee, organization: Organization, kind: str) -> ClueAccess:
    _require_district(user)
    access = ClueAccess(user=grantee, organization=organization, kind=kind)
    access.full_clean()
    access.save()
    grantee.__dict__.pop("_clue_access_paths", None)
    forget(grantee)
    return access


@transaction.atomic
def clue_access_revoke(*, user, access: ClueAccess) -> None:
    _require_district(user)
    access.delete()


# --- clues ------------------------------------------------------------------------------------


def may_record_clue(user, committee: SupervisionCommittee) -> bool:
    return rights.is_district_admin(user) or committee.community.path in clue_access_paths(user)


def may_handle_clue(user, clue: ProblemClue) -> bool:
    """The street's discipline staff or the district."""
    if rights.is_district_admin(user):
        return True
    street = prefix_at(clue.committee.community.path, 2)
    return street in clue_access_paths(user)


@transaction.atomic
def clue_record(*, user, committee: SupervisionCommittee, found_on: date, matter: str, involves: str) -> ProblemClue:
    if not may_record_clue(user, committee):
        raise PermissionDenied(_("Only the committee's members or the district record its clues."))
    root = Organization.objects.get(path=prefix_at(committee.community.path, 1))
    clue = ProblemClue(
        district=root, committee=committee, found_on=found_on, matter=matter, involves=involves, recorded_by=user
    )
    clue.full_clean()
    clue.save()
    return clue


@transaction.atomic
def clue_handle(
    *, user, clue: ProblemClue, handling: str, outcome: str = "", close: bool = False, version: int | None = None
) -> ProblemClue:
    """Record the handling and the outcome; ``close`` once the outcome is known."""
    if not may_handle_clue(user, clue):
        raise PermissionDenied(_("Only the street's discipline staff or the district handle a clue."))
    if clue.status == ClueStatus.CLOSED:
        raise ValidationError(_("This clue is closed."))
    if close and not outcome.strip():
        raise ValidationError({"outcome": _("A closed clue needs its outcome.")})
    clue.handling, clue.outcome = handling, outcome
    clue.status = ClueStatus.CLOSED if close else ClueStatus.OPEN
    clue.full_clean()
    return versioned_save(clue, fields=["handling", "outcome", "status"], version=version)


# --- rectifications ---------------------------------------------------------------------------


@transaction.atomic
def rectification_list_org(
    *, user, organization: Organization, year: int, reasons: str, answerable_cadre: str, answerable_post: str = "",
    listed_on: date | None = None,
) -> Rectification:
    """The district lists an organisation for rectification in ``year`` (软弱涣散)."""
    _require_district(user)
    if not organization.is_active:
        raise ValidationError({"organization": _("Choose an active organisation.")})
    rect = Rectification(
        organization=organization, year=year, reasons=reasons, answerable_cadre=answerable_cadre,
        answerable_post=answerable_post, listed_on=listed_on or timezone.localdate(), listed_by=user,
    )
    rect.full_clean()
    rect.save()
    return rect


def _require_edit(user, rect: Rectification) -> None:
    rights.require(user, EDIT, rect.organization, str(REFUSED))


@transaction.atomic
def measure_add(*, user, rectification: Rectification, measure: str, deadline: date) -> RectificationMeasure:
    _require_edit(user, rectification)
    if rectification.status != "open":
        raise ValidationError(_("This rectification is closed."))
    row = RectificationMeasure(rectification=rectification, measure=measure, deadline=deadline)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def measure_done(*, user, measure: RectificationMeasure, done_on: date) -> RectificationMeasure:
    _require_edit(user, measure.rectification)
    measure.done_on = done_on
    measure.save(update_fields=["done_on"])
    return measure


@transaction.atomic
def progress_report(*, user, rectification: Rectification, text: str, reported_on: date | None = None):
    _require_edit(user, rectification)
    if rectification.status != "open":
        raise ValidationError(_("This rectification is closed."))
    report = RectificationReport(
        rectification=rectification, kind=RectificationReport.Kind.PROGRESS, text=text, author=user,
        reported_on=reported_on or timezone.localdate(),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def rectification_review(
    *, user, rectification: Rectification, passed: bool, text: str, reviewed_on: date | None = None
) -> Rectification:
    """The district's review (考核): passed closes it (销号), otherwise it stays open. A pass needs
    every plan measure done."""
    _require_district(user)
    on = reviewed_on or timezone.localdate()
    if passed:
        if not rectification.measures.exists():
            raise ValidationError(_("A rectification without a plan cannot pass review."))
        if rectification.measures.filter(done_on__isnull=True).exists():
            raise ValidationError(_("Every measure of the plan must be done before the review closes it."))
        RECTIFICATION_FLOW.advance(rectification, "close", actor=user, closed_on=on)
    elif rectification.status != "open":
        raise ValidationError(_("This rectification is closed."))
    RectificationReport.objects.create(
        rectification=rectification, author=user, reported_on=on, text=text,
        kind=RectificationReport.Kind.REVIEW_PASSED if passed else RectificationReport.Kind.REVIEW_KEPT_OPEN,
    )
    rectification.refresh_from_db()
    return rectification
