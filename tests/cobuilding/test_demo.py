"""The co-building demo: lists, claims, secretary projects with some below two, reports."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from cobuilding.models import ListItem, Milestone, ProgressReport, ResponsibilityReport, SecretaryProject
from cobuilding.selectors import secretaries_below_minimum
from organizations import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("cobuilding.demo",))
    return demo.seed(scale="small", seed=7)


def test_small_demo_has_lists_claims_projects_and_reports(seeded):
    counts = seeded.counts
    assert counts["co-building list entries"] == ListItem.objects.count() > 20
    assert counts["secretary-led projects"] == SecretaryProject.objects.count() > 0
    assert counts["responsibility reports"] == ResponsibilityReport.objects.count() > 0
    assert counts["project progress reports"] == ProgressReport.objects.count() > 0
    assert Milestone.objects.exists()
    claimed = ListItem.objects.filter(status__in=["claimed", "completed"])
    assert claimed.exists() and not claimed.filter(Q(unit__isnull=True) | Q(commitment="")).exists()
    # Claims are by units of the item's own street.
    for item in claimed.select_related("organization", "unit__street"):
        assert item.organization.path.startswith(item.unit.street.path)
    admin = get_user_model().objects.get(username="admin")
    year = SecretaryProject.objects.values_list("year", flat=True).first()
    below = secretaries_below_minimum(user=admin, year=year)
    assert len(below) < SecretaryProject.objects.values("organization").distinct().count()
