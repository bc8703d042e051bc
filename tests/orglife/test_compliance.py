"""应开/实开: counting per branch and period, the branches that fall short, constant query count."""

from __future__ import annotations

import datetime as dt

import pytest

from organizations.models import Level
from orglife import services
from orglife.models import FrequencyRule, MeetingType
from orglife.selectors import Window, compliance
from tests.organizations.factories import make_org

from .factories import member, seat

D = dt.date


def record(user, org, kind, held_on, present):
    return services.meeting_record(user=user, organization=org, meeting_type=kind, held_on=held_on, topic="t",
                                   lecturer="讲师", present_ids=[m.pk for m in present])


@pytest.fixture
def g1_members(tree):
    return [member(tree.g1, name=n) for n in ("甲", "乙", "丙")]


def row_of(rows, org):
    return next(r for r in rows if r.org_id == org.pk)


def test_quarterly_members_meeting_counts_only_with_quorum(tree, dana, g1_members):
    window = Window(2026, quarter=2)
    record(dana, tree.g1, MeetingType.MEMBERS, D(2026, 4, 10), g1_members[:1])  # 1 of 3: no quorum
    cell = row_of(compliance(user=dana, window=window)[1], tree.g1).cells[MeetingType.MEMBERS]
    assert (cell.required, cell.held, cell.is_short) == (1, 0, True)
    record(dana, tree.g1, MeetingType.MEMBERS, D(2026, 5, 10), g1_members[:2])  # 2 of 3: counts
    cell = row_of(compliance(user=dana, window=window)[1], tree.g1).cells[MeetingType.MEMBERS]
    assert (cell.required, cell.held, cell.is_short) == (1, 1, False)


def test_monthly_requirement_needs_a_meeting_in_every_month_of_the_quarter(tree, dana, g1_members):
    record(dana, tree.g1, MeetingType.THEMED_DAY, D(2026, 4, 1), g1_members)
    record(dana, tree.g1, MeetingType.THEMED_DAY, D(2026, 4, 20), g1_members)
    record(dana, tree.g1, MeetingType.THEMED_DAY, D(2026, 6, 1), g1_members)
    cell = row_of(compliance(user=dana, window=Window(2026, quarter=2))[1], tree.g1).cells[MeetingType.THEMED_DAY]
    assert (cell.required, cell.held, cell.is_short) == (3, 3, True)  # May had none
    may = row_of(compliance(user=dana, window=Window(2026, month=5))[1], tree.g1)
    assert may.cells[MeetingType.THEMED_DAY].is_short and MeetingType.MEMBERS not in may.cells


def test_yearly_meeting_falls_short_only_in_the_last_quarter(tree, dana, g1_members):
    q2 = row_of(compliance(user=dana, window=Window(2025, quarter=2))[1], tree.g1).cells[MeetingType.REVIEW]
    q4 = row_of(compliance(user=dana, window=Window(2025, quarter=4))[1], tree.g1).cells[MeetingType.REVIEW]
    assert (q2.is_short, q4.is_short) == (False, True)


def test_committee_meeting_counts_with_its_committee_quorum(tree, dana, g1_members):
    for m in g1_members:
        seat(tree.g1, m)
    record(dana, tree.g1, MeetingType.COMMITTEE, D(2026, 6, 3), g1_members[:1])
    june = row_of(compliance(user=dana, window=Window(2026, month=6))[1], tree.g1).cells[MeetingType.COMMITTEE]
    assert (june.held, june.is_short) == (0, True)
    record(dana, tree.g1, MeetingType.COMMITTEE, D(2026, 6, 4), g1_members[:2])
    june = row_of(compliance(user=dana, window=Window(2026, month=6))[1], tree.g1).cells[MeetingType.COMMITTEE]
    assert (june.held, june.is_short) == (1, False)


def test_rules_follow_the_district_table_per_organisation_type(tree, dana, g1_members):
    _columns, rows = compliance(user=dana, window=Window(2026, quarter=2))
    c1, c2, b1 = row_of(rows, tree.c1), row_of(rows, tree.c2), row_of(rows, tree.b1)
    # C1 is a community party committee, C2 a community that is one branch, B1 a party group.
    assert set(c1.cells) == {MeetingType.COMMITTEE, MeetingType.LECTURE, MeetingType.LIFE_MEETING}
    assert MeetingType.MEMBERS in c2.cells
    assert set(b1.cells) == {MeetingType.GROUP}
    services.rule_create(user=dana, level=Level.BUILDING, org_type="", meeting_type=MeetingType.LECTURE,
                         period="quarter", times=2)
    b1 = row_of(compliance(user=dana, window=Window(2026, quarter=2))[1], tree.b1)
    assert b1.cells[MeetingType.LECTURE].required == 2


def test_short_only_lists_the_branches_that_fall_short(tree, dana, g1_members):
    FrequencyRule.objects.exclude(level="grid", meeting_type=MeetingType.MEMBERS).delete()
    record(dana, tree.g1, MeetingType.MEMBERS, D(2026, 5, 10), g1_members)
    _cols, rows = compliance(user=dana, window=Window(2026, quarter=2), short_only=True)
    assert [r.code for r in rows] == ["G3"]


def test_a_street_sees_only_its_own_branches(tree, alice, charlie):
    _cols, rows = compliance(user=charlie, window=Window(2026, quarter=2))
    assert {r.code for r in rows} == {"C3", "G3"}
    _cols, rows = compliance(user=alice, window=Window(2026, quarter=2))
    assert {r.code for r in rows} == {"C1", "C2", "G1", "B1"}


@pytest.mark.parametrize("extra", [0, 30])
def test_compliance_costs_the_same_queries_for_any_number_of_branches(tree, dana, extra, django_assert_num_queries):
    for n in range(extra):
        grid = make_org(tree.c1, Level.GRID, f"GX{n}")
        services.meeting_record(user=dana, organization=grid, meeting_type=MeetingType.THEMED_DAY,
                                held_on=D(2026, 5, 1), topic="t", present_ids=[])
    dana = type(dana).objects.get(pk=dana.pk)  # fresh user: grants not cached yet
    # 1 role grants of the user, 2 the rule table, 3 the organisations, 4 counted meetings per (org, type, month)
    with django_assert_num_queries(4):
        _cols, rows = compliance(user=dana, window=Window(2026, quarter=2))
    assert len(rows) == 6 + extra  # C1, C2, C3, G1, G3, B1 and the new grids
