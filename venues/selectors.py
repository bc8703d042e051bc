"""Reads of venues, photos and bookings, always through the scoping mechanism.

Statistics are set-based: one aggregate query for the whole area, whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Avg, Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from organizations.models import Organization, OrgStatus, ResidentUnit
from organizations.paths import prefix_at
from partybuild.scoping import EDIT, VIEW, is_unrestricted, scope_paths, scope_queryset

from .models import LARGE_AREA_M2, ZONE_FIELDS, Booking, BookingStatus, Venue, VenueKind, VenuePhoto

STREET_DEPTH = 2  # streets sit at depth 2 of the tree (the district root is 1)


def venue_list(*, user, action: str = VIEW) -> QuerySet[Venue]:
    return scope_queryset(Venue.objects.all(), user, action).select_related("owner")


def venue_detail_qs(*, user) -> QuerySet[Venue]:
    return venue_list(user=user).prefetch_related("photos")


def photo_list(*, user) -> QuerySet[VenuePhoto]:
    return scope_queryset(VenuePhoto.objects.all(), user, VIEW).select_related("venue")


def booking_list(*, user, action: str = VIEW) -> QuerySet[Booking]:
    return scope_queryset(Booking.objects.all(), user, action).select_related(
        "venue__owner", "booker_org", "resident_unit", "created_by"
    )


def owner_choices(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(status=OrgStatus.ACTIVE).order_by("path")


def bookable_venues(*, user) -> QuerySet[Venue]:
    """Venues the user may book: the active bookable venues of the streets the user works in (a
    resident unit's organisation books a base of another community of its street). Beyond the
    user's own area only these are listed, and only by name; the bookings stay scoped."""
    qs = Venue.objects.filter(is_bookable=True, is_active=True).select_related("owner")
    if not is_unrestricted(user):
        streets = {prefix_at(root, STREET_DEPTH) for root in scope_paths(user, EDIT)}
        qs = qs.filter(reduce(or_, (Q(owner__path__startswith=p) for p in streets), Q(pk__in=[])))
    return qs.order_by("owner__path", "name")


def booker_org_choices(*, user, action: str = EDIT) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, action).filter(status=OrgStatus.ACTIVE).order_by("path")


def resident_unit_choices(*, user, action: str = EDIT) -> QuerySet[ResidentUnit]:
    return scope_queryset(ResidentUnit.objects.all(), user, action).select_related("street").order_by("name")


def upcoming_bookings(*, user, venue: Venue, today: date) -> QuerySet[Booking]:
    return booking_list(user=user).filter(venue=venue, date__gte=today).order_by("date", "slot")


@dataclass(frozen=True)
class VenueStats:
    venues: int
    by_kind: dict[str, int]
    centres: int
    centre_avg_area: Decimal | None
    centres_large: int
    centres_with_all_zones: int

    @property
    def large_share(self) -> float | None:
        return self.centres_large / self.centres if self.centres else None


def venue_stats(*, user, owner_path: str = "") -> VenueStats:
    """Counts by kind, the service centres' average area and share over 1,000 m² (Wuchang) and how
    many have all six function zones (Yungang): one query."""
    qs = venue_list(user=user).filter(is_active=True)
    if owner_path:
        qs = qs.filter(owner__path__startswith=owner_path)
    centre = Q(kind=VenueKind.SERVICE_CENTRE)
    all_zones = Q(**{name: True for name in ZONE_FIELDS})
    row = qs.aggregate(
        venues=Count("id"),
        centres=Count("id", filter=centre),
        centre_avg_area=Avg("area_m2", filter=centre),
        centres_large=Count("id", filter=centre & Q(area_m2__gt=LARGE_AREA_M2)),
        centres_with_all_zones=Count("id", filter=centre & all_zones),
        **{f"kind_{k}": Count("id", filter=Q(kind=k)) for k in VenueKind.values},
    )
    by_kind = {k: row.pop(f"kind_{k}") for k in VenueKind.values}
    avg = row.pop("centre_avg_area")
    return VenueStats(by_kind=by_kind, centre_avg_area=Decimal(avg).quantize(Decimal("0.1")) if avg else None, **row)


def visits_per_venue(*, user, start: date, end: date) -> QuerySet[Venue]:
    """Bookable venues with their confirmed visits between ``start`` and ``end`` (inclusive):
    ``groups`` (bookings) and ``visitors`` (the groups' sizes), in one query."""
    confirmed = Q(bookings__status=BookingStatus.CONFIRMED, bookings__date__range=(start, end))
    return venue_list(user=user).filter(is_bookable=True).annotate(
        groups=Count("bookings", filter=confirmed),
        visitors=Coalesce(Sum("bookings__group_size", filter=confirmed), 0, output_field=IntegerField()),
    ).order_by("-visitors", "name")


def venue_visits(*, venue: Venue, start: date, end: date) -> dict[str, int]:
    """One venue's confirmed groups and visitors in a period."""
    row = venue.bookings.filter(status=BookingStatus.CONFIRMED, date__range=(start, end)).aggregate(
        groups=Count("id"), visitors=Coalesce(Sum("group_size"), 0)
    )
    return {"groups": row["groups"], "visitors": row["visitors"]}


def visit_totals(*, user, start: date, end: date) -> dict[str, int]:
    """The area's bookable venues, confirmed groups and visitors in a period (Jianxi: 16 bases,
    460 groups, 10,000+ visitors)."""
    row = booking_list(user=user).filter(
        status=BookingStatus.CONFIRMED, date__range=(start, end),
        venue__in=venue_list(user=user).values("pk"),
    ).aggregate(groups=Count("id"), visitors=Coalesce(Sum("group_size"), 0))
    row["bases"] = venue_list(user=user).filter(is_bookable=True, is_active=True).count()
    return row
