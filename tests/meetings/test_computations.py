"""The joint-meeting computations for the assessment engine, against hand-counted rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.registry import computation
from meetings.models import AgendaEntry, AgendaItem, BodyKind, Meeting, MeetingStatus
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH

from .factories import make_body

pytestmark = pytest.mark.django_db
H1 = (date(2026, 1, 1), date(2026, 6, 30))


def meeting(body, day: date, *, closed: bool = True) -> Meeting:
    return Meeting.objects.create(body=body, title="联席会议", planned_on=day, held_on=day,
                                  status=MeetingStatus.CLOSED if closed else MeetingStatus.OPEN,
                                  minutes="纪要" if closed else "", closed_at=timezone.now() if closed else None)


def item(body, first: Meeting, state: str, *, at: Meeting | None = None) -> AgendaItem:
    return AgendaItem.objects.create(body=body, title="楼道堆物", first_meeting=first, meeting=at or first, state=state,
                                     resolution="已清理")


@pytest.fixture
def held(tree):
    """C1: three meetings in the half-year (one still open) and one in July; C3: one; S1's 大工委: one."""
    c1, c3 = make_body(tree.c1), make_body(tree.c3)
    street = make_body(tree.s1, kind=BodyKind.STREET_COMMITTEE, name="中华路街道大工委")
    return {
        "c1": [meeting(c1, date(2026, 1, 10)), meeting(c1, date(2026, 3, 10)),
               meeting(c1, date(2026, 5, 10), closed=False), meeting(c1, date(2026, 7, 10))],
        "c3": [meeting(c3, date(2026, 2, 1))],
        "s1": [meeting(street, date(2026, 4, 1))],
        "bodies": (c1, c3, street),
    }


def test_meetings_held_counts_closed_meetings_of_the_period(tree, held):
    compute = computation("meetings.meetings_held")
    by_community = compute(depth=COMMUNITY_DEPTH, start=H1[0], end=H1[1])
    assert by_community == {tree.c1.path: Decimal(2), tree.c3.path: Decimal(1)}
    # The street's own 大工委 counts for the street, with its communities'.
    assert compute(depth=STREET_DEPTH, start=H1[0], end=H1[1]) == {tree.s1.path: Decimal(3), tree.s2.path: Decimal(1)}


def test_share_of_items_resolved_and_carry_overs(tree, held):
    c1_body, c3_body, _street = held["bodies"]
    first, second = held["c1"][0], held["c1"][1]
    solved = item(c1_body, first, "resolved")
    item(c1_body, first, "done")
    carried = item(c1_body, first, "deferred", at=second)
    item(c1_body, second, "open")
    item(c1_body, held["c1"][3], "resolved")  # raised in July: another period
    item(c3_body, held["c3"][0], "decided")
    AgendaEntry.objects.create(item=solved, meeting=first, outcome="resolved")
    AgendaEntry.objects.create(item=carried, meeting=first, outcome="deferred")
    AgendaEntry.objects.create(item=carried, meeting=second, is_carried=True)
    AgendaEntry.objects.create(item=carried, meeting=held["c1"][3], is_carried=True)  # July
    share = computation("meetings.items_resolved_share")(depth=COMMUNITY_DEPTH, start=H1[0], end=H1[1])
    assert share == {tree.c1.path: Decimal(50), tree.c3.path: Decimal(0)}  # 2 of 4; 0 of 1
    carry = computation("meetings.carry_overs")(depth=COMMUNITY_DEPTH, start=H1[0], end=H1[1])
    # C3 held a meeting and carried nothing over: 0, not "no value" (an inverse rule must reward it).
    assert carry == {tree.c1.path: Decimal(1), tree.c3.path: Decimal(0)}
