"""The demo seeder: venues in the seeds' proportions and bookings that keep the rules."""

from __future__ import annotations

import pytest
from django.db.models import Count, F

from organizations import demo
from organizations.models import Level, Organization
from venues.models import LIVE_STATUSES, Booking, Venue, VenueKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    # Only this app's seeder, so the test does not depend on the other apps' demo data.
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("venues.demo",))
    return demo.seed(scale="small", seed=7)


def test_every_community_has_a_service_centre_and_bases_take_bookings(seeded):
    communities = Organization.objects.filter(level=Level.COMMUNITY, status="active").count()
    assert Venue.objects.filter(kind=VenueKind.SERVICE_CENTRE).count() == communities
    assert Venue.objects.filter(kind=VenueKind.LIFE_BASE, is_bookable=True).exists()
    assert seeded.counts["venue bookings"] == Booking.objects.count() > 0


def test_demo_bookings_keep_capacity_and_slot_rules(seeded):
    assert not Booking.objects.filter(group_size__gt=F("venue__capacity")).exists()
    doubles = (Booking.objects.filter(status__in=LIVE_STATUSES).values("venue", "date", "slot")
               .annotate(n=Count("id")).filter(n__gt=1))
    assert not doubles.exists()
    assert not Booking.objects.exclude(venue__is_bookable=True).exists()
