"""Factories and helpers for venues and bookings."""

from __future__ import annotations

import datetime as dt

from organizations.models import ResidentUnit
from venues.models import Booking, Venue, VenueKind


def make_venue(owner, name="西城壕开放式组织生活基地", **fields) -> Venue:
    fields.setdefault("kind", VenueKind.LIFE_BASE)
    fields.setdefault("address", "中华路8号")
    fields.setdefault("capacity", 30)
    fields.setdefault("is_bookable", True)
    return Venue.objects.create(owner=owner, name=name, **fields)


def make_unit(street, name="武汉长江设计院") -> ResidentUnit:
    return ResidentUnit.objects.create(street=street, name=name, kind=ResidentUnit.Kind.RESIDENT_UNIT)


def make_booking(venue, *, booker_org=None, resident_unit=None, **fields) -> Booking:
    fields.setdefault("date", dt.date(2026, 6, 10))
    fields.setdefault("slot", "morning")
    fields.setdefault("group_size", 20)
    fields.setdefault("purpose", "主题党日活动")
    fields.setdefault("contact_name", "周敏")
    fields.setdefault("contact_phone", "13812345678")
    return Booking.objects.create(venue=venue, booker_org=booker_org, resident_unit=resident_unit, **fields)
