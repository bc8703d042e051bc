"""Regional committees (大工委 / 大党委): setting one up, seating and ending part-time members, the
rotating chair (第一书记轮值), duty reports (兼职委员述职) and the counts of a scope."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import selectors, services
from meetings.models import BodyKind, DutyReport

from .factories import make_body, make_seat, make_unit

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC)


def test_community_gets_a_big_party_committee_named_after_it(carol, tree):
    body = services.body_create(user=carol, organization=tree.c1)
    assert body.kind == BodyKind.COMMUNITY_COMMITTEE and tree.c1.name in body.name


def test_a_street_holds_one_regional_committee_only(alice, tree, committee_s1):
    with pytest.raises(ValidationError, match="已有"):
        services.body_create(user=alice, organization=tree.s1)


def test_a_street_committee_cannot_sit_on_a_community(alice, tree):
    with pytest.raises(ValidationError, match="不属于"):
        services.body_create(user=alice, organization=tree.c1, kind=BodyKind.STREET_COMMITTEE)


def test_outsider_and_auditor_may_not_set_up_a_committee(charlie, audrey, tree):
    for user in (charlie, audrey):
        with pytest.raises(PermissionDenied):
            services.body_create(user=user, organization=tree.c1)


def test_part_time_member_is_seated_from_a_unit_of_the_street(carol, council_c1, unit_s1):
    seat = services.part_time_member_add(
        user=carol, body=council_c1, name="钱委员", unit=unit_s1, term_start=dt.date(2026, 1, 1), position="党委书记"
    )
    assert seat.committee_id == council_c1.organization_id and seat.term_end is None


def test_unit_of_another_street_is_refused(carol, council_c1, tree):
    other = make_unit(tree.s2, name="杨园物业")
    with pytest.raises(ValidationError, match="另一个街道"):
        services.part_time_member_add(
            user=carol, body=council_c1, name="钱委员", unit=other, term_start=dt.date(2026, 1, 1)
        )


def test_same_person_of_same_unit_cannot_be_seated_twice(carol, council_c1, unit_s1, seat_c1):
    with pytest.raises(ValidationError, match="已在"):
        services.part_time_member_add(
            user=carol, body=council_c1, name=seat_c1.name, unit=unit_s1, term_start=dt.date(2026, 1, 1)
        )


def test_term_cannot_end_before_it_starts(carol, seat_c1):
    with pytest.raises(ValidationError, match="早于"):
        services.part_time_member_end(user=carol, member=seat_c1, term_end=dt.date(2023, 1, 1))


@time_machine.travel(TODAY)
def test_ended_member_no_longer_counts_as_serving(carol, seat_c1, council_c1):
    assert selectors.committee_counts(user=carol)["part_time_members"] == 1
    services.part_time_member_end(user=carol, member=seat_c1, term_end=dt.date(2026, 3, 31))
    assert selectors.committee_counts(user=carol)["part_time_members"] == 0
    with pytest.raises(ValidationError, match="已经结束"):
        services.part_time_member_end(user=carol, member=seat_c1, term_end=dt.date(2026, 4, 1))


def test_chair_rotates_only_where_the_body_uses_it(alice, committee_s1, unit_s1, tree):
    seat = make_seat(tree.s1, unit_s1)
    with pytest.raises(ValidationError, match="不实行"):
        services.chair_term_add(
            user=alice, body=committee_s1, member=seat, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30)
        )


def test_chair_terms_do_not_overlap(carol, council_c1, seat_c1, unit_s1, tree):
    services.chair_term_add(
        user=carol, body=council_c1, member=seat_c1, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30)
    )
    second = make_seat(tree.c1, unit_s1, name="吴委员")
    with pytest.raises(ValidationError, match="轮值"):
        services.chair_term_add(
            user=carol, body=council_c1, member=second, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 12, 31)
        )


def test_chair_must_sit_on_this_committee(carol, council_c1, unit_s1, tree):
    stranger = make_seat(tree.s1, unit_s1, name="街道委员")
    with pytest.raises(ValidationError, match="本委员会"):
        services.chair_term_add(
            user=carol, body=council_c1, member=stranger, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1)
        )


@time_machine.travel(TODAY)
def test_duty_report_once_per_member_and_year(carol, seat_c1):
    report = services.duty_report_file(
        user=carol, member=seat_c1, year=2025, summary="协调停车位30个", matters_solved=4
    )
    assert report.filed_by == carol and report.reported_on == dt.date(2026, 4, 15)
    with pytest.raises(ValidationError, match="已述职"):
        services.duty_report_file(user=carol, member=seat_c1, year=2025, summary="again")


@time_machine.travel(TODAY)
def test_duty_report_for_a_year_outside_the_term_or_to_come_is_refused(carol, seat_c1):
    with pytest.raises(ValidationError, match="尚未开始"):
        services.duty_report_file(user=carol, member=seat_c1, year=2027, summary="x")
    with pytest.raises(ValidationError, match="不在委员会"):
        services.duty_report_file(user=carol, member=seat_c1, year=2020, summary="x")


@time_machine.travel(TODAY)
def test_counts_follow_the_scope(alice, carol, charlie, committee_s1, council_c1, seat_c1, unit_s1, tree):
    make_body(tree.c2)
    make_body(tree.c3)  # in S2
    make_seat(tree.s1, unit_s1, name="街道兼职委员")
    make_seat(tree.c1, make_unit(tree.s1, name="某物业公司", kind="property_company"), name="物业委员")
    make_seat(tree.c1, unit_s1, name="已卸任", end=dt.date(2025, 12, 31))
    DutyReport.objects.create(member=seat_c1, year=2025, reported_on=dt.date(2026, 1, 5), summary="x")
    assert selectors.committee_counts(user=alice) == {
        "street_committees": 1, "community_committees": 2, "part_time_members": 3, "units": 2,
        "reports_last_year": 1,
    }
    assert selectors.committee_counts(user=carol)["street_committees"] == 0
    assert selectors.committee_counts(user=carol)["part_time_members"] == 2
    assert selectors.committee_counts(user=charlie) == {
        "street_committees": 0, "community_committees": 1, "part_time_members": 0, "units": 0,
        "reports_last_year": 0,
    }
