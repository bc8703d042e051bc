"""The demo: the 7 × 30 scheme, balanced, scored for the reference year's half-years from the records."""

from __future__ import annotations

import pytest

from assessments import services
from assessments.models import Result, Scheme, Score
from organizations import demo

pytestmark = pytest.mark.django_db


def test_small_demo_scores_the_yungang_scheme(monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("reports.demo", "services.demo", "volunteers.demo",
                                                   "assessments.demo"))
    seeded = demo.seed(scale="small", seed=7)
    scheme = Scheme.objects.get()
    majors = scheme.indicators.filter(parent__isnull=True)
    assert (majors.count(), scheme.indicators.filter(parent__isnull=False).count()) == (7, 30)
    assert services.scheme_problems(scheme) == []
    assert seeded.counts["assessment runs"] >= 1
    communities = Result.objects.filter(organization__level="community")
    assert communities.exists() and communities.filter(total__gt=0).exists()
    assert not Score.objects.filter(points__gt=100).exists()
    # Ranks are 1..n with ties sharing a rank.
    period = communities.first().period
    ranks = sorted(communities.filter(period=period).values_list("rank", flat=True))
    assert ranks[0] == 1 and ranks[-1] <= len(ranks)
