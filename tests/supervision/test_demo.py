"""The demo seeder: a committee of five in every community, clues and rectifications that keep the rules."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from organizations import demo
from organizations.models import Level, Organization
from supervision import selectors
from supervision.models import ProblemClue, Rectification, SupervisionCommittee

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("supervision.demo",))
    return demo.seed(scale="small", seed=7)


def test_every_community_has_a_committee_and_the_seeds_proportions(seeded):
    communities = Organization.objects.filter(level=Level.COMMUNITY, status="active").count()
    assert SupervisionCommittee.objects.count() == communities
    seats = SupervisionCommittee.objects.annotate(n=Count("seats")).values_list("n", flat=True)
    assert set(seats) == {5}
    assert seeded.counts["problem clues"] == ProblemClue.objects.count() > 0
    assert not ProblemClue.objects.filter(status="closed", outcome="").exists()
    assert Rectification.objects.exists()


def test_closed_demo_rectifications_have_every_measure_done(seeded):
    closed = Rectification.objects.filter(status="closed")
    assert not closed.filter(Q(measures__done_on__isnull=True) | Q(closed_on__isnull=True)).exists()
    open_ids = set(Rectification.objects.filter(status="open").values_list("organization_id", flat=True))
    found = selectors.open_rectifications(open_ids, on=Rectification.objects.first().listed_on)
    assert set(found) == open_ids
