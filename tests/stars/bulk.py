"""Many communities with star rows at once, for the tests that pin query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from organizations.models import Level
from stars.models import StarApplication, StarDefinition, Status
from tests.organizations.factories import make_org


def communities_with_stars(street, *, count: int, year: int = 2026, status: str = Status.AWARDED,
                           stars: int = 2, prefix: str = "X") -> list:
    now = timezone.now()
    definitions = list(StarDefinition.objects.filter(star_year__year=year).order_by("position")[:stars])
    made = []
    rows = []
    for i in range(count):
        community = make_org(street, Level.COMMUNITY, f"{prefix}{street.code}{i}", f"{prefix}社区{i}")
        made.append(community)
        for d in definitions:
            rows.append(StarApplication(
                community=community, definition=d, year=year, status=status, evidence_text="材料",
                notice_starts_at=now, notice_ends_at=now + timedelta(days=5),
                awarded_at=now if status == Status.AWARDED else None,
                amount=d.amount if status == Status.AWARDED else None,
            ))
    StarApplication.objects.bulk_create(rows)
    return made


def total(stars: int, count: int) -> Decimal:
    return Decimal("20000") * stars * count
