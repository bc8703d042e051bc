"""The demo seeder: cadres in the seeds' proportions, a file per secretary, training days."""

from __future__ import annotations

import datetime as dt

import pytest

from cadres import selectors
from cadres.models import CommunityCadre, Post, SecretaryFile
from organizations import demo
from organizations.models import Level, Organization
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("cadres.demo",))
    return demo.seed(scale="small", seed=7)


def test_a_secretary_and_a_file_per_community_and_the_seeds_shares(seeded):
    communities = Organization.objects.filter(level=Level.COMMUNITY, status="active").count()
    assert CommunityCadre.objects.filter(post=Post.SECRETARY).count() == SecretaryFile.objects.count() == communities
    admin = make_user("demo_admin", is_superuser=True)
    stats = selectors.cadre_stats(user=admin, on=dt.date(2026, 6, 1))
    assert stats["college_share"] >= 0.7 and stats["total"] == seeded.counts["community cadres"]
    year = CommunityCadre.objects.first().attendances.first().course.starts_on.year
    below = selectors.below_requirement(selectors.training_days(user=admin, year=year)).count()
    assert 0 < below < stats["total"] / 3


def test_every_grid_and_building_has_a_leader_and_in_service_members_have_duties(seeded):
    from cadres.models import ConductLetter, InServiceDuty, LeaderPost
    from grids.models import Building, Grid
    from organizations.models import Member

    assert LeaderPost.objects.filter(kind="grid").count() == Grid.objects.count()
    assert LeaderPost.objects.filter(kind="building").count() == Building.objects.exclude(leader_name="").count()
    assert LeaderPost.objects.filter(member__isnull=False).exists()
    registered = Member.objects.filter(is_in_service=True, status="active").count()
    duties = InServiceDuty.objects.count()
    assert 0 < duties <= 2 * registered
    # Last year's duties are assessed; a share of them has had its letter sent.
    assert not InServiceDuty.objects.filter(year=seeded_year(), grade="").exists()
    assert 0 < ConductLetter.objects.count() < InServiceDuty.objects.exclude(grade="").count()
    assert not ConductLetter.objects.filter(recipient="").exists()


def seeded_year() -> int:
    from cadres.models import InServiceDuty

    return min(InServiceDuty.objects.values_list("year", flat=True))
