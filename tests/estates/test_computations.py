"""The property computation for the assessment engine, against hand-counted rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.registry import computation
from estates.models import Complaint
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
H1 = (date(2026, 1, 1), date(2026, 6, 30))


def complain(unit, day: date):
    at = timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))
    return Complaint.objects.create(unit=unit, company=unit.company, source="community", matter="water",
                                    filed_at=at, answer_due_at=at)


def test_complaints_per_100_households_per_community_and_street(tree):
    company = make_company(tree.s1)
    c1a, c1b = make_unit(tree.c1, company, households=150), make_unit(tree.c1, company, name="二号院", households=50)
    c2 = make_unit(tree.c2, company, name="户部巷", households=400)
    make_unit(tree.c3, company, name="杨园", households=0)  # no households: no rate
    for day in (date(2026, 1, 5), date(2026, 3, 1), date(2026, 6, 30)):
        complain(c1a, day)
    complain(c1b, date(2026, 2, 2))
    complain(c1b, date(2025, 12, 31))  # before the period
    complain(c1b, date(2026, 7, 1))  # after it
    complain(c2, date(2026, 4, 4))
    compute = computation("estates.complaints_per_100_households")
    assert compute(depth=COMMUNITY_DEPTH, start=H1[0], end=H1[1]) == {
        tree.c1.path: Decimal(2),  # 4 complaints × 100 / 200 households
        tree.c2.path: Decimal("0.25"),  # 1 × 100 / 400
        tree.c3.path: None,
    }
    by_street = compute(depth=STREET_DEPTH, start=H1[0], end=H1[1])
    assert by_street == {tree.s1.path: Decimal("0.8333"), tree.s2.path: None}  # 5 × 100 / 600
    # One street's chunk answers for its own communities only.
    assert compute(depth=COMMUNITY_DEPTH, start=H1[0], end=H1[1], within=tree.s2.path) == {tree.c3.path: None}
