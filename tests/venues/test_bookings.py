"""Booking rules: who may book for whom, the capacity, double booking, the answers, visit counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from venues import selectors, services
from venues.models import Booking, BookingStatus

from .factories import make_booking, make_venue

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 10)


def book(user, venue, **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("slot", "morning")
    fields.setdefault("group_size", 20)
    fields.setdefault("purpose", "主题党日")
    fields.setdefault("contact_name", "周敏")
    fields.setdefault("contact_phone", "13812345678")
    return services.booking_create(user=user, venue=venue, **fields)


def test_a_sibling_community_books_the_base_and_it_waits_for_confirmation(cora, tree, base_c1):
    booking = book(cora, base_c1, booker_org=tree.c2)
    assert booking.status == BookingStatus.REQUESTED and booking.channel == "web"
    assert booking.created_by == cora


def test_the_street_books_for_one_of_its_resident_units(alice, base_c1, unit_s1):
    booking = book(alice, base_c1, resident_unit=unit_s1)
    assert booking.booker == unit_s1


def test_a_group_larger_than_the_venue_is_refused(cora, tree, base_c1):
    with pytest.raises(ValidationError, match="大于场地可容纳人数"):
        book(cora, base_c1, booker_org=tree.c2, group_size=31)
    assert book(cora, base_c1, booker_org=tree.c2, group_size=30).group_size == 30


def test_a_slot_already_requested_or_confirmed_is_refused(cora, carol, tree, base_c1):
    first = book(cora, base_c1, booker_org=tree.c2)
    with pytest.raises(ValidationError, match="该时段已被预约"):
        book(carol, base_c1, booker_org=tree.c1)
    services.booking_answer(user=carol, booking=first, step="confirm")
    with pytest.raises(ValidationError, match="该时段已被预约"):
        book(carol, base_c1, booker_org=tree.c1)
    # Another slot the same day is free.
    assert book(carol, base_c1, booker_org=tree.c1, slot="afternoon").slot == "afternoon"


def test_a_declined_or_cancelled_booking_frees_its_slot(cora, carol, tree, base_c1):
    first = book(cora, base_c1, booker_org=tree.c2)
    services.booking_answer(user=carol, booking=first, step="decline", note="场地维修")
    second = book(cora, base_c1, booker_org=tree.c2)
    services.booking_answer(user=cora, booking=second, step="cancel")
    assert book(carol, base_c1, booker_org=tree.c1).status == BookingStatus.REQUESTED


def test_the_database_refuses_a_second_live_booking_of_a_slot(tree, base_c1):
    # What the service's check cannot stop (two bookers at the same instant), the index does.
    make_booking(base_c1, booker_org=tree.c1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(base_c1, booker_org=tree.c2)
    make_booking(base_c1, booker_org=tree.c2, status=BookingStatus.DECLINED)


def test_the_database_refuses_a_booking_with_two_bookers_or_none(tree, base_c1, unit_s1):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(base_c1, booker_org=tree.c1, resident_unit=unit_s1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(base_c1, slot="evening")


def test_two_bookers_or_none_are_refused_in_words(cora, alice, tree, base_c1, unit_s1):
    with pytest.raises(ValidationError, match="一个党组织或一个驻区单位"):
        book(alice, base_c1, booker_org=tree.c2, resident_unit=unit_s1)
    with pytest.raises(ValidationError, match="一个党组织或一个驻区单位"):
        book(cora, base_c1)


def test_a_past_date_is_refused(cora, tree, base_c1):
    with pytest.raises(ValidationError, match="请选择今天或以后的日期"):
        book(cora, base_c1, booker_org=tree.c2, date=dt.date(2026, 5, 31))


def test_a_venue_that_takes_no_bookings_is_refused(cora, tree):
    room = make_venue(tree.c1, name="调解室", kind="mediation_room", is_bookable=False)
    with pytest.raises(ValidationError, match=r"不接受预约|请选择本街道可预约的场地"):
        book(cora, room, booker_org=tree.c2)


def test_a_web_booking_is_only_for_an_organisation_one_may_edit(cora, tree, base_c1, audrey):
    with pytest.raises(PermissionDenied, match="只能为本辖区"):
        book(cora, base_c1, booker_org=tree.c1)
    with pytest.raises(PermissionDenied):
        book(audrey, base_c1, booker_org=tree.s1)


def test_a_venue_of_another_street_cannot_be_booked_on_the_web(charlie, tree, base_c1):
    with pytest.raises(ValidationError, match="请选择本街道可预约的场地"):
        book(charlie, base_c1, booker_org=tree.s2)


def test_staff_record_hotline_bookings_and_nobody_else_does(carol, cora, tree, base_c1, unit_s1):
    booking = book(carol, base_c1, booker_org=tree.c1, channel="hotline")
    assert booking.channel == "hotline"
    with pytest.raises(PermissionDenied, match="由场地工作人员登记"):
        book(cora, base_c1, booker_org=tree.c2, channel="wechat", slot="evening")


def test_staff_record_for_whom_they_can_see_only(carol, charlie, tree, base_c1):
    with pytest.raises(ValidationError, match="请选择本辖区内的组织或驻区单位"):
        book(carol, base_c1, booker_org=tree.s2, channel="in_person")


def test_only_the_venues_organisation_confirms(cora, carol, tree, base_c1):
    booking = book(cora, base_c1, booker_org=tree.c2)
    with pytest.raises(PermissionDenied, match="只有场地所属组织"):
        services.booking_answer(user=cora, booking=booking, step="confirm")
    services.booking_answer(user=carol, booking=booking, step="confirm", note="欢迎")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.answer_note == "欢迎"
    with pytest.raises(ValidationError, match="只有待确认的预约才能确认"):
        services.booking_answer(user=carol, booking=booking, step="confirm")


def test_confirmed_visits_count_per_venue_and_period(carol, cora, tree, base_c1, dana):
    other = make_venue(tree.c1, name="红色书屋", kind="red_reading_room")
    make_booking(base_c1, booker_org=tree.c2, group_size=20, status=BookingStatus.CONFIRMED)
    make_booking(base_c1, booker_org=tree.c2, group_size=15, slot="afternoon", status=BookingStatus.CONFIRMED)
    make_booking(base_c1, booker_org=tree.c2, group_size=9, slot="evening", status=BookingStatus.REQUESTED)
    make_booking(base_c1, booker_org=tree.c2, group_size=12, date=dt.date(2025, 6, 1), status=BookingStatus.CONFIRMED)
    make_booking(other, booker_org=tree.c1, group_size=5, status=BookingStatus.CONFIRMED)
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert selectors.venue_visits(venue=base_c1, start=year[0], end=year[1]) == {"groups": 2, "visitors": 35}
    rows = {v.name: (v.groups, v.visitors) for v in selectors.visits_per_venue(user=carol, start=year[0], end=year[1])}
    assert rows == {base_c1.name: (2, 35), "红色书屋": (1, 5)}
    assert selectors.visit_totals(user=dana, start=year[0], end=year[1]) == {"groups": 3, "visitors": 40, "bases": 2}


def test_each_side_sees_the_booking_and_nobody_else(cora, carol, alice, charlie, tree, base_c1, unit_s1):
    by_c2 = book(cora, base_c1, booker_org=tree.c2)
    by_unit = book(alice, base_c1, resident_unit=unit_s1, slot="evening")
    assert set(selectors.booking_list(user=carol)) == {by_c2, by_unit}  # the venue's community
    assert set(selectors.booking_list(user=cora)) == {by_c2}  # the booking community
    assert set(selectors.booking_list(user=alice)) == {by_c2, by_unit}
    assert list(selectors.booking_list(user=charlie)) == []
    assert Booking.objects.count() == 2
