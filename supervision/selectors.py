"""Reads of supervision committees, clues and rectifications, always through the scoping mechanism."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from organizations.models import Level, Organization, OrgStatus
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    ClueAccess,
    ClueStatus,
    CommitteeSeat,
    Involves,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    Seat,
    SupervisionCommittee,
)


def committee_list(*, user, action: str = VIEW) -> QuerySet[SupervisionCommittee]:
    return scope_queryset(SupervisionCommittee.objects.all(), user, action).select_related("community")


def committee_list_with_composition(*, user, on: date) -> QuerySet[SupervisionCommittee]:
    """Committees with ``n_<seat>``, the members seated in each seat on ``on``: one query."""
    active = Q(seats__since__lte=on) & (Q(seats__until__isnull=True) | Q(seats__until__gte=on))
    return committee_list(user=user).annotate(
        **{f"n_{seat}": Count("seats", filter=active & Q(seats__seat=seat)) for seat in Seat.values}
    ).order_by("community__path")


def committee_detail_qs(*, user) -> QuerySet[SupervisionCommittee]:
    seats = CommitteeSeat.objects.select_related("member").order_by("seat", "name")
    return committee_list(user=user).prefetch_related(Prefetch("seats", queryset=seats))


def seat_list(*, user) -> QuerySet[CommitteeSeat]:
    return scope_queryset(CommitteeSeat.objects.all(), user, VIEW).select_related("committee__community", "member")


def access_list(*, user) -> QuerySet[ClueAccess]:
    return scope_queryset(ClueAccess.objects.all(), user, VIEW).select_related("user", "organization")


def clue_list(*, user, action: str = VIEW) -> QuerySet[ProblemClue]:
    """Clues the user may read: the committee, the street's discipline staff, the district only."""
    return scope_queryset(ProblemClue.objects.all(), user, action).select_related("committee__community")


def clue_counts(*, user, since: date | None = None) -> dict[str, int]:
    """Clues found and how many involve cadres and members (Wuchang: 110, 34), one query."""
    qs = clue_list(user=user)
    if since:
        qs = qs.filter(found_on__gte=since)
    return qs.aggregate(
        total=Count("id"),
        cadres_and_members=Count("id", filter=Q(involves__in=[Involves.CADRE, Involves.MEMBER])),
        open=Count("id", filter=Q(status=ClueStatus.OPEN)),
    )


def community_choices(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(
        level=Level.COMMUNITY, status=OrgStatus.ACTIVE, supervision_committee__isnull=True
    ).order_by("path")


def rectification_list(*, user, action: str = VIEW) -> QuerySet[Rectification]:
    return scope_queryset(Rectification.objects.all(), user, action).select_related("organization")


def rectification_detail_qs(*, user) -> QuerySet[Rectification]:
    return rectification_list(user=user).prefetch_related(
        Prefetch("measures", queryset=RectificationMeasure.objects.order_by("deadline", "id")),
        Prefetch("reports", queryset=RectificationReport.objects.select_related("author").order_by("reported_on")),
    )


def measure_list(*, user) -> QuerySet[RectificationMeasure]:
    return scope_queryset(RectificationMeasure.objects.all(), user, VIEW).select_related("rectification")


def report_list(*, user) -> QuerySet[RectificationReport]:
    return scope_queryset(RectificationReport.objects.all(), user, VIEW).select_related("rectification", "author")


def open_rectifications(org_ids: Iterable[int], *, on: date) -> dict[int, Rectification]:
    """Organisations (of ``org_ids``) under rectification on ``on``: listed by then and not closed
    before it. For star vetoes and assessments: one query, any number of organisations. Not
    scoped: callers pass organisations they already reached through their own scoped reads."""
    rows = Rectification.objects.filter(organization_id__in=list(org_ids), listed_on__lte=on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on)
    ).order_by("organization_id", "-year")
    found: dict[int, Rectification] = {}
    for rect in rows:
        found.setdefault(rect.organization_id, rect)
    return found
