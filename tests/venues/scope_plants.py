"""One S1-owned row of every scoped model of the venues app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from organizations.models import ResidentUnit
from venues.models import Booking, Venue, VenuePhoto


def plant(*, pk, owner, org, marker, tree) -> None:
    venue = Venue.objects.create(
        pk=pk, owner=tree.c1, kind="life_base", name=f"{marker}组织生活基地", address=marker, capacity=40,
        is_bookable=True, opening_hours=marker,
    )
    # A row only: no file is written to the media folder (its download then answers 404 to anyone).
    VenuePhoto.objects.create(
        pk=pk, venue=venue, image="venues/photos/planted.png", content_type="image/png", caption=marker
    )
    Booking.objects.create(
        pk=pk, venue=venue, booker_org=org, date=dt.date(2030, 1, 2), slot="morning", group_size=10,
        purpose=marker, contact_name=f"{marker}联系人", contact_phone="13912345678",
    )
    unit = ResidentUnit.objects.filter(street=tree.s1).first() or ResidentUnit.objects.create(
        street=tree.s1, name=f"{marker}驻区单位", kind="resident_unit"
    )
    Booking.objects.create(
        venue=venue, resident_unit=unit, date=dt.date(2030, 1, 2), slot="afternoon", group_size=10,
        purpose=marker, contact_name=f"{marker}联系人", contact_phone="13912345678",
    )
