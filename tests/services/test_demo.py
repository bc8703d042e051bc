"""``seed_activity`` at small scale: a valid year of ledgers, linked to the seeded grid reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from organizations import demo
from organizations.models import Organization
from services.models import (
    PAIRING_FOR_CATEGORY,
    Assistance,
    Demand,
    Fulfilment,
    GridVisit,
    NeedyHousehold,
    Pledge,
    PledgeItem,
)


def fixed_ref() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()  # the suite's fixed day (conftest)


@pytest.fixture
def seeded(db):
    result = demo.seed(scale="small", seed=7)
    return result


def test_small_seed_creates_every_ledger(seeded):
    counts = seeded.counts
    for key in ("grid visits", "member pledges", "pledge items", "fulfilment records", "needy households",
                "assistance records", "resident demands"):
        assert counts[key] > 0, key
    assert counts["grid visits"] == GridVisit.objects.count()
    assert counts["fulfilment records"] == Fulfilment.objects.count()


def test_seeded_rows_obey_the_ledger_rules(seeded):
    for item in PledgeItem.objects.select_related("pledge")[:200]:
        item.full_clean()
    assert not Fulfilment.objects.exclude(done_on__year=F("item__pledge__year")).exists()
    assert not Fulfilment.objects.filter(done_on__gt=fixed_ref()).exists()
    for needy in NeedyHousehold.objects.all():
        assert needy.pairing_level == PAIRING_FOR_CATEGORY[needy.category]
        assert needy.organization_id == needy.household.building.grid.branch_id
    for visit in GridVisit.objects.select_related("household__building", "worker")[:200]:
        try:
            visit.full_clean(exclude=["report"])
        except ValidationError as exc:  # pragma: no cover - shows which rule broke
            pytest.fail(str(exc))
    assert Assistance.objects.exists()


def test_hazard_visits_and_demands_link_to_reports_of_their_own_source(seeded):
    linked = GridVisit.objects.filter(report__isnull=False)
    assert linked.exists()
    assert not linked.exclude(report__source="visit").exists()
    assert not linked.exclude(report__grid_id=F("grid_id")).exists()
    assert not Demand.objects.filter(report__isnull=False).exclude(report__source="demand").exists()


def test_evaluations_only_where_every_deadline_has_passed(seeded):
    for pledge in Pledge.objects.exclude(evaluation="").prefetch_related("items"):
        assert max(i.deadline for i in pledge.items.all()) < fixed_ref()


def test_everything_lies_under_the_demo_root(seeded):
    root = Organization.objects.get(code=demo.DEMO_ROOT_CODE)
    assert not GridVisit.objects.exclude(organization__path__startswith=root.path).exists()
    assert not Demand.objects.exclude(organization__path__startswith=root.path).exists()


def test_last_years_pledges_are_closed_by_an_evaluation_within_the_seeded_year(seeded):
    ref = fixed_ref()
    last_year = Pledge.objects.filter(year=ref.year - 1)
    assert last_year.exists() and not last_year.filter(evaluation="").exists()
    assert not last_year.filter(evaluated_on__gt=ref).exists()
    window = ref - dt.timedelta(days=364)
    assert not Fulfilment.objects.filter(item__pledge__year=ref.year - 1, done_on__lt=window).exists()
