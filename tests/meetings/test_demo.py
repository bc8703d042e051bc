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


def test_a_year_of_meetings_per_body_with_consistent_carry_over(seeded):
    from meetings.models import UNRESOLVED_STATES, AgendaItem, Meeting

    bodies = Body.objects.count()
    assert Meeting.objects.count() == 12 * bodies
    assert Meeting.objects.filter(status="open").count() == bodies
    assert not Meeting.objects.filter(status="closed", minutes="").exists()
    # Every unresolved item waits on its body's open meeting; its current meeting is its last entry's.
    assert not AgendaItem.objects.filter(state__in=UNRESOLVED_STATES).exclude(meeting__status="open").exists()
    assert not AgendaItem.objects.exclude(entries__meeting=F("meeting")).exists()
    assert AgendaItem.objects.filter(times_carried__gte=1).exists()
    assert not AgendaItem.objects.filter(times_carried__gte=2, is_escalated=False).exists()
    assert seeded.counts["joint meetings"] == 12 * bodies
