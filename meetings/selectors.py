"""Reads of the regional committees, always through the scoping mechanism; counts in SQL."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from organizations.models import Level, Organization, OrgStatus, PartTimeMember, ResidentUnit
from organizations.paths import prefix_at, subtree_q
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    REGIONAL_KINDS,
    SOLVED_STATES,
    AgendaEntry,
    AgendaItem,
    Attendee,
    Body,
    BodyKind,
    ChairTerm,
    DutyReport,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    MeetingEvent,
    MeetingSeries,
)


def _serving_q(prefix: str, on: date) -> Q:
    """Part-time members serving on ``on`` (term begun, not ended)."""
    return Q(**{f"{prefix}term_start__lte": on}) & (
        Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": on})
    )


def body_list(*, user, action: str = VIEW) -> QuerySet[Body]:
    return scope_queryset(Body.objects.all(), user, action).select_related("organization")


def committee_list(*, user, on: date | None = None) -> QuerySet[Body]:
    """Regional committees with their serving part-time members and the units those come from."""
    on = on or timezone.localdate()
    serving = _serving_q("organization__part_time_members__", on)
    return body_list(user=user).filter(kind__in=REGIONAL_KINDS).annotate(
        serving_count=Count("organization__part_time_members", filter=serving, distinct=True),
        unit_count=Count("organization__part_time_members__unit", filter=serving, distinct=True),
    )


def committee_detail_qs(*, user) -> QuerySet[Body]:
    members = PartTimeMember.objects.select_related("unit").order_by("term_end", "name", "id")
    return body_list(user=user).filter(kind__in=REGIONAL_KINDS).prefetch_related(
        Prefetch("organization__part_time_members", queryset=members, to_attr="seat_list"),
        Prefetch("chair_terms", queryset=ChairTerm.objects.select_related("member").order_by("-starts_on")),
    )


def duty_reports_of(*, body: Body) -> QuerySet[DutyReport]:
    return DutyReport.objects.filter(member__committee=body.organization).select_related("member", "member__unit")


def part_time_member_list(*, user, action: str = VIEW) -> QuerySet[PartTimeMember]:
    return scope_queryset(PartTimeMember.objects.all(), user, action).select_related("committee", "unit")


def resident_unit_list(*, user, action: str = VIEW) -> QuerySet[ResidentUnit]:
    return scope_queryset(ResidentUnit.objects.all(), user, action).select_related("street")


def chair_term_list(*, user) -> QuerySet[ChairTerm]:
    return scope_queryset(ChairTerm.objects.all(), user, VIEW).select_related("body", "member")


def duty_report_list(*, user) -> QuerySet[DutyReport]:
    return scope_queryset(DutyReport.objects.all(), user, VIEW).select_related("member__committee", "member__unit")


def unit_choices(*, body: Body) -> QuerySet[ResidentUnit]:
    """Units of the street the committee lies in (a community's 大党委 draws on its street's units)."""
    return ResidentUnit.objects.filter(street__path=prefix_at(body.organization.path, 2)).order_by("name")


def committee_org_choices(*, user) -> QuerySet[Organization]:
    """Streets and communities the user may edit that have no regional committee yet."""
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(
        level__in=[Level.STREET, Level.COMMUNITY], status=OrgStatus.ACTIVE
    ).exclude(meeting_bodies__kind__in=REGIONAL_KINDS).order_by("path")


def committee_counts(*, user, on: date | None = None) -> dict[str, int]:
    """As the seeds state them: 大工委 and 大党委, co-building units and part-time members serving
    (Yungang: 21 大工委, 152 大党委; Jianxi: 338 co-building organisations, 231 part-time members).
    Three queries whatever the size of the scope."""
    on = on or timezone.localdate()
    bodies = body_list(user=user).filter(is_active=True).aggregate(
        street=Count("id", filter=Q(kind=BodyKind.STREET_COMMITTEE)),
        community=Count("id", filter=Q(kind=BodyKind.COMMUNITY_COMMITTEE)),
    )
    members = part_time_member_list(user=user).filter(_serving_q("", on)).aggregate(
        members=Count("id"), units=Count("unit", distinct=True)
    )
    reports = duty_report_list(user=user).filter(year=on.year - 1).count()
    return {
        "street_committees": bodies["street"], "community_committees": bodies["community"],
        "part_time_members": members["members"], "units": members["units"], "reports_last_year": reports,
    }


JOINT_KINDS = (BodyKind.THREE_PARTY, BodyKind.THEMED_FORUM)


def joint_body_list(*, user, kind: str | None = None) -> QuerySet[Body]:
    """Three-party meetings (三方联动) and themed forums (双月座谈会) of the scope, with their meetings
    counted (open and in all): one query for the page."""
    qs = body_list(user=user).filter(kind__in=[kind] if kind in JOINT_KINDS else JOINT_KINDS)
    return qs.annotate(
        meeting_count=Count("meetings", distinct=True),
        open_count=Count("meetings", filter=Q(meetings__status="open"), distinct=True),
    ).order_by("organization__path", "kind", "name", "id")


def joint_body_org_choices(*, user) -> QuerySet[Organization]:
    """Active organisations the user may edit that can hold a three-party meeting or a forum."""
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(
        level__in=[Level.DISTRICT, Level.STREET, Level.COMMUNITY], status=OrgStatus.ACTIVE
    ).order_by("path")


# --- joint meetings -----------------------------------------------------------------------------


def meeting_list(*, user, action: str = VIEW) -> QuerySet[Meeting]:
    return scope_queryset(Meeting.objects.all(), user, action).select_related("body__organization", "convenor")


def meeting_detail_qs(*, user) -> QuerySet[Meeting]:
    return meeting_list(user=user).select_related("series", "closed_by").prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.order_by("kind", "id")),
        Prefetch("attachments", queryset=MeetingAttachment.objects.select_related("uploaded_by").order_by("id")),
        Prefetch("events", queryset=MeetingEvent.objects.select_related("actor").order_by("at", "id")),
    )


def series_list(*, user, action: str = VIEW) -> QuerySet[MeetingSeries]:
    return scope_queryset(MeetingSeries.objects.all(), user, action).select_related("body__organization", "convenor")


def attendee_list(*, user) -> QuerySet[Attendee]:
    return scope_queryset(Attendee.objects.all(), user, VIEW).select_related("meeting")


def attachment_list(*, user) -> QuerySet[MeetingAttachment]:
    return scope_queryset(MeetingAttachment.objects.all(), user, VIEW).select_related("meeting")


def event_list(*, user) -> QuerySet[MeetingEvent]:
    return scope_queryset(MeetingEvent.objects.all(), user, VIEW).select_related("meeting", "actor")


def body_choices(*, user) -> QuerySet[Body]:
    return body_list(user=user, action=EDIT).filter(is_active=True).order_by("organization__path", "kind")


# --- agenda items and follow-up tasks -----------------------------------------------------------


def item_list(*, user, action: str = VIEW) -> QuerySet[AgendaItem]:
    return scope_queryset(AgendaItem.objects.all(), user, action).select_related(
        "body__organization", "first_meeting", "meeting"
    )


def task_list(*, user) -> QuerySet[FollowUpTask]:
    """Tasks of the user's area, and for department staff the tasks routed to their department."""
    return scope_queryset(FollowUpTask.objects.all(), user, VIEW).select_related("item__body", "department")


def entry_list(*, user) -> QuerySet[AgendaEntry]:
    return scope_queryset(AgendaEntry.objects.all(), user, VIEW).select_related("item", "meeting")


def item_detail_qs(*, user) -> QuerySet[AgendaItem]:
    """Items with their whole history (entries with their meetings) and their tasks: two queries
    more for any number of items."""
    entries = AgendaEntry.objects.select_related("meeting").order_by("meeting__held_on", "id")
    tasks = FollowUpTask.objects.select_related("department").order_by("-is_lead", "id")
    return item_list(user=user).select_related("report", "demand", "earlier").prefetch_related(
        Prefetch("entries", queryset=entries), Prefetch("tasks", queryset=tasks)
    )


def carried_within(since: date | None, until: date | None) -> Exists:
    """Items carried over (结转) to a meeting held between ``since`` and ``until`` (either open): one
    condition for both bounds, so they hold for the same carry-over. The statistics count it and the
    agenda-item list filters by it (``carried_after``/``carried_before``)."""
    entries = AgendaEntry.objects.filter(item=OuterRef("pk"), is_carried=True)
    if since is not None:
        entries = entries.filter(meeting__held_on__gte=since)
    if until is not None:
        entries = entries.filter(meeting__held_on__lte=until)
    return Exists(entries)


def meeting_stats(*, user, since: date, until: date, root: Organization | None = None) -> dict:
    """Meetings held, items raised, resolved, carried over, escalated, and the average number of
    meetings an item took to be resolved, in the user's scope (within ``root``'s subtree if given)
    and the period (by meeting date). Every item figure counts items, so the agenda-item list
    (``filters.AgendaItemFilter``) shows each one: raised, resolved and escalated by the date of the
    meeting that first heard them, carried over by the date of a meeting they were carried to (an
    item carried twice in the period counts once). Four aggregate queries, whatever the size of
    the scope."""
    from django.db.models import Avg

    area = Q() if root is None else subtree_q(root.path, field="body__organization")
    held = meeting_list(user=user).filter(area, status="closed", held_on__range=(since, until)).aggregate(
        held=Count("id"), bodies=Count("body", distinct=True)
    )
    raised = item_list(user=user).filter(area, first_meeting__held_on__range=(since, until))
    items = raised.aggregate(
        raised=Count("id"),
        resolved=Count("id", filter=Q(state__in=SOLVED_STATES)),
        escalated=Count("id", filter=Q(is_escalated=True)),
    )
    carried = item_list(user=user).filter(area, carried_within(since, until)).count()
    average = raised.filter(state__in=SOLVED_STATES).annotate(n=Count("entries")).aggregate(avg=Avg("n"))["avg"]
    return {
        **held, **items, "carried": carried, "average_meetings_to_resolve": round(average, 1) if average else None,
        "since": since, "until": until,
    }
