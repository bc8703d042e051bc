"""The organisational-life computations for the assessment engine, against hand-counted rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.registry import computation
from organizations.models import Level
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH
from orglife.models import FrequencyRule, Meeting, MeetingType, Period

pytestmark = pytest.mark.django_db
Q2 = (date(2026, 4, 1), date(2026, 6, 30))


def record(org, kind: str, day: date, *, counted: bool = True, late: bool = False) -> Meeting:
    return Meeting.objects.create(organization=org, meeting_type=kind, held_on=day, topic="t", lecturer="讲师",
                                  is_counted=counted, is_late=late,
                                  filed_at=timezone.make_aware(datetime.combine(day, datetime.min.time())))


@pytest.fixture
def rules(db):
    """Communities: a committee meeting every month; grid branches: a members' meeting a quarter."""
    FrequencyRule.objects.all().delete()
    FrequencyRule.objects.create(level=Level.COMMUNITY, meeting_type=MeetingType.COMMITTEE, period=Period.MONTH)
    FrequencyRule.objects.create(level=Level.GRID, meeting_type=MeetingType.MEMBERS, period=Period.QUARTER)


def test_compliance_sums_requirements_met_under_each_community(tree, rules):
    # C1 itself: April and June (May missed), June twice counts once; G1 under it: its quarter's meeting.
    for day in (date(2026, 4, 3), date(2026, 6, 3), date(2026, 6, 20)):
        record(tree.c1, MeetingType.COMMITTEE, day)
    record(tree.c1, MeetingType.COMMITTEE, date(2026, 5, 3), counted=False)  # no quorum: does not count
    record(tree.g1, MeetingType.MEMBERS, date(2026, 5, 9))
    # C2: nothing. C3: every month; G3: its quarter's meeting missed.
    for month in (4, 5, 6):
        record(tree.c3, MeetingType.COMMITTEE, date(2026, month, 8))
    compute = computation("orglife.compliance")
    assert compute(depth=COMMUNITY_DEPTH, start=Q2[0], end=Q2[1]) == {
        tree.c1.path: Decimal(75),  # (2 months + 1 quarter) of (3 + 1)
        tree.c2.path: Decimal(0),  # 0 of 3
        tree.c3.path: Decimal(75),  # 3 of (3 + 1)
    }
    assert compute(depth=STREET_DEPTH, start=Q2[0], end=Q2[1]) == {
        tree.s1.path: Decimal("42.8571"),  # 3 of 7
        tree.s2.path: Decimal(75),
    }
    # One month: only the monthly requirement is judged (a quarter is not over within it).
    assert compute(depth=COMMUNITY_DEPTH, start=date(2026, 5, 1), end=date(2026, 5, 31),
                   within=tree.s1.path) == {tree.c1.path: Decimal(0), tree.c2.path: Decimal(0)}


def test_share_of_records_filed_on_time(tree):
    record(tree.c1, MeetingType.COMMITTEE, date(2026, 4, 3))
    record(tree.g1, MeetingType.MEMBERS, date(2026, 5, 3), late=True)
    record(tree.g1, MeetingType.LECTURE, date(2026, 5, 9), counted=False)  # late filing is about filing, not quorum
    record(tree.g1, MeetingType.MEMBERS, date(2026, 3, 31), late=True)  # the quarter before
    record(tree.c3, MeetingType.COMMITTEE, date(2026, 6, 3), late=True)
    compute = computation("orglife.filed_on_time")
    assert compute(depth=COMMUNITY_DEPTH, start=Q2[0], end=Q2[1]) == {
        tree.c1.path: Decimal("66.6667"), tree.c3.path: Decimal(0),
    }
