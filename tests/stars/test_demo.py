"""The demo seeder: a year of 五星联创 at the small scale, in Yungang's proportions."""

from __future__ import annotations

import pytest
from django.db.models import Count

from organizations import demo
from organizations.models import Level, Organization
from stars.demo import YUNGANG_AWARDED, YUNGANG_COMMUNITIES
from stars.models import StarApplication, StarObjection, StarStep, StarYear, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    # Only this app's seeder, so the test does not depend on the other apps' demo data.
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("stars.demo",))
    return demo.seed(scale="small", seed=7)


def test_demo_has_a_year_with_applications_in_every_state(seeded):
    assert set(StarApplication.objects.values_list("status", flat=True)) == set(Status.values)
    assert StarYear.objects.get().is_frozen
    assert seeded.counts["stars awarded"] == StarApplication.objects.filter(status=Status.AWARDED).count()


def test_demo_awards_follow_yungangs_proportions(seeded):
    communities = Organization.objects.filter(level=Level.COMMUNITY).count()
    per_star = dict(
        StarApplication.objects.filter(status=Status.AWARDED).values_list("definition__code").annotate(n=Count("pk"))
    )
    for code, awarded in YUNGANG_AWARDED.items():
        assert per_star[code] == max(1, round(awarded * communities / YUNGANG_COMMUNITIES))


def test_demo_steps_and_objections_are_consistent(seeded):
    for app in StarApplication.objects.exclude(status=Status.DRAFT):
        assert StarStep.objects.filter(application=app).order_by("at", "id").last().status == app.status
    assert not StarApplication.objects.filter(status=Status.AWARDED, amount__isnull=True).exists()
    assert StarObjection.objects.filter(status="open").count() == StarApplication.objects.filter(
        status=Status.OBJECTED
    ).count()
