"""Joint-meeting figures (联席会议) for the assessment engine (``assessments.registry``): one grouped
query for every organisation at the assessed level. A body counts for the organisation it belongs
to: a community's 大党委 for the community, a street's 大工委 for the street."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assessments.computations import at_depth, in_subtree, ratio
from assessments.registry import Source, Values, Within, register
from organizations.paths import count_per_ancestor

from .models import SOLVED_STATES as SOLVED
from .models import AgendaEntry, AgendaItem, FollowUpTask, Meeting, MeetingStatus

# An item is solved at a meeting (a new entry, the meeting closed) or by its follow-up tasks (edits).
ITEM_SOURCES = [Source(Meeting, "body__organization"),
                Source(AgendaItem, "body__organization"), Source(AgendaEntry, "meeting__body__organization"),
                Source(FollowUpTask, "item__body__organization")]


def _held(start: date, end: date):
    return Meeting.objects.filter(status=MeetingStatus.CLOSED, held_on__range=(start, end))


@register("meetings.meetings_held", label=_("Joint meetings held"), is_count=True,
          records=lambda org, start, end: in_subtree(_held(start, end), org, "body__organization"),
          sources=[Source(Meeting, "body__organization")])
def meetings_held(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Meetings closed (held and minuted) with a date in the period."""
    rows = count_per_ancestor(_held(start, end), field="body__organization", depth=depth, within=within)
    return {path: Decimal(row["total"]) for path, row in at_depth(rows, depth).items()}


def _raised(start: date, end: date):
    return AgendaItem.objects.filter(first_meeting__held_on__range=(start, end))


@register("meetings.items_resolved_share", label=_("Joint meetings: share of the items raised that are resolved (%)"),
          unit="%", records=lambda org, start, end: in_subtree(_raised(start, end), org, "body__organization"),
          sources=ITEM_SOURCES)
def items_resolved_share(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Items first discussed at a meeting of the period, and of those the ones resolved or done
    (as ``selectors.meeting_stats`` counts them)."""
    rows = count_per_ancestor(_raised(start, end), field="body__organization", depth=depth, within=within,
                              solved=Count("pk", filter=Q(state__in=SOLVED)))
    return {path: ratio(row["solved"], row["total"]) for path, row in at_depth(rows, depth).items()}


def _carried(start: date, end: date):
    return AgendaEntry.objects.filter(is_carried=True, meeting__held_on__range=(start, end))


@register("meetings.carry_overs", label=_("Joint meetings: items carried over to a later meeting"), is_count=True,
          records=lambda org, start, end: in_subtree(_carried(start, end), org, "meeting__body__organization"),
          sources=ITEM_SOURCES)
def carry_overs(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Agenda entries carried over from an earlier meeting, at meetings of the period (fewer is better:
    score it with an inverse rule). An organisation that held meetings and carried nothing over has
    0, one that held none has no value (it does not earn an inverse rule's full points)."""
    held = count_per_ancestor(_held(start, end), field="body__organization", depth=depth, within=within)
    carried = count_per_ancestor(_carried(start, end), field="meeting__body__organization", depth=depth,
                                 within=within)
    return {path: Decimal(carried.get(path, {}).get("total", 0)) for path in at_depth(held, depth)}
