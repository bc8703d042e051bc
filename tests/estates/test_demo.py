"""The demo seeder: the seed's proportions and the registers' rules at the small scale."""

from __future__ import annotations

import pytest
from django.db.models import Count

from estates.models import Complaint, PropertyCompany, ServiceUnit, UnitBuilding
from organizations import demo
from organizations.models import Level, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("estates.demo",))
    return demo.seed(scale="small", seed=7)


def test_small_demo_follows_the_seed_proportions(seeded):
    communities = Organization.objects.filter(level=Level.COMMUNITY).count()
    units, companies = ServiceUnit.objects.count(), PropertyCompany.objects.count()
    assert 2.0 <= units / communities <= 2.7
    assert companies == round(1.5 * communities)
    assert seeded.counts["property service units"] == units
    statuses = dict(PropertyCompany.objects.values_list("party_status").annotate(n=Count("pk")))
    assert statuses.get("instructor", 0) > statuses.get("own_branch", 0)


def test_demo_keeps_the_rules(seeded):
    # One current unit per building, companies where the mode says so, repeats of the same household.
    assert not UnitBuilding.objects.values("building").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert not ServiceUnit.objects.filter(management_mode="company", company__isnull=True).exists()
    assert not ServiceUnit.objects.filter(management_mode="self_managed", company__isnull=False).exists()
    for c in Complaint.objects.filter(repeat_of__isnull=False).select_related("repeat_of"):
        assert (c.household_id, c.matter) == (c.repeat_of.household_id, c.repeat_of.matter)
    assert not Complaint.objects.filter(complaint_status="closed", satisfaction__isnull=True).exists()


def test_demo_shows_red_and_black_lists_with_their_history(seeded):
    from estates.models import ListEntry, ListStep

    entries = ListEntry.objects.all()
    assert entries.filter(kind="red", list_status="listed").exists()
    assert entries.filter(kind="black", list_status="appealed").exclude(appeal_reason="").exists()
    assert entries.filter(kind="black", list_status="proposed").exists()
    # Every entry's history ends in its present state, and listings carry their dates (the constraint).
    for entry in entries.prefetch_related("steps"):
        assert [s.list_status for s in entry.steps.all()][-1] == entry.list_status
        assert entry.steps.all()[0].list_status == "proposed"
    assert ListStep.objects.count() > entries.count()
    # Each entry's street is one the company serves or is registered in: the street page shows it.
    assert not entries.exclude(street__level="street").exists()
