"""The campaigns' and stars' computations for the assessment engine, against hand-counted rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.registry import computation
from campaigns.models import GradeStatus, StarGrade
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.django_db
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def grade(org, value, *, member=None, status=GradeStatus.REVIEWED, year=2026):
    return StarGrade.objects.create(year=year, organization=org, member=member, self_grade=value, self_summary="x",
                                    status=status, rated_grade=value, grade=value if status == "reviewed" else None)


def test_member_grade_mean_per_community_and_street(tree):
    grade(tree.g1, 5, member=MemberFactory(branch=tree.g1))
    grade(tree.c1, 2, member=MemberFactory(branch=tree.c1))
    grade(tree.c1, 4, member=MemberFactory(branch=tree.c1), status=GradeStatus.RATED)  # not reviewed: left out
    grade(tree.c1, 1, member=MemberFactory(branch=tree.c1), year=2025)  # another year: left out
    grade(tree.g3, 3, member=MemberFactory(branch=tree.g3))
    compute = computation("campaigns.member_grade_mean")
    by_community = compute(depth=COMMUNITY_DEPTH, start=YEAR[0], end=YEAR[1])
    assert by_community == {tree.c1.path: Decimal("3.5"), tree.c3.path: Decimal(3)}
    by_street = compute(depth=STREET_DEPTH, start=YEAR[0], end=YEAR[1])
    assert by_street[tree.s1.path] == Decimal("3.5") and by_street[tree.s2.path] == Decimal(3)


def test_share_of_organisations_graded_four_stars_or_more(tree):
    grade(tree.c1, 4)
    grade(tree.g1, 3)
    grade(tree.c3, 5)
    shares = computation("campaigns.graded_branches_share")(depth=STREET_DEPTH, start=YEAR[0], end=YEAR[1])
    assert shares == {tree.s1.path: Decimal(50), tree.s2.path: Decimal(100)}


def test_awarded_stars_count_per_community(tree):
    from stars.models import StarApplication, StarDefinition, StarYear, Status

    star_year = StarYear.objects.create(year=2026)
    defs = [StarDefinition.objects.create(star_year=star_year, code=f"s{i}", name=f"星{i}") for i in range(3)]
    now = timezone.now()
    for d in defs[:2]:
        StarApplication.objects.create(community=tree.c1, definition=d, year=2026, status=Status.AWARDED,
                                       amount=20000, awarded_at=now)
    StarApplication.objects.create(community=tree.c1, definition=defs[2], year=2026, status=Status.REVOKED)
    StarApplication.objects.create(community=tree.c3, definition=defs[0], year=2026, status=Status.NOTICE)
    stars = computation("stars.awarded_stars")(depth=COMMUNITY_DEPTH, start=YEAR[0], end=YEAR[1])
    assert stars == {tree.c1.path: Decimal(2)}
