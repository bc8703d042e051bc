"""The demo seeder: committees for every street and community, chair terms and duty reports."""

from __future__ import annotations

import pytest
from django.db.models import F

from meetings.models import Body, ChairTerm, DutyReport
from organizations import demo
from organizations.models import Level, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("meetings.demo",))
    return demo.seed(scale="small", seed=7)


def test_every_street_and_community_has_its_committee(seeded):
    orgs = Organization.objects.filter(level__in=[Level.STREET, Level.COMMUNITY], status="active").count()
    assert seeded.counts["regional committees"] == Body.objects.count() == orgs
    assert not ChairTerm.objects.exclude(member__committee=F("body__organization")).exists()
    assert not ChairTerm.objects.filter(body__has_rotating_chair=False).exists()
    assert DutyReport.objects.exists()
