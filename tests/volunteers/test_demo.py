"""The demo seeder: a consistent year of activity at the small scale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q, Sum

from organizations import demo
from volunteers.models import OrderStep, PointsEntry, Redemption, ServiceOrder, Volunteer, VolunteerTeam

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    # Only this app's seeder, so the test does not depend on the other apps' demo data.
    monkeypatch.setattr(demo, "ACTIVITY_SEEDERS", ("volunteers.demo",))
    return demo.seed(scale="small", seed=7)


def test_small_demo_has_teams_orders_credits_and_redemptions(seeded):
    counts = seeded.counts
    assert counts["volunteer teams"] == VolunteerTeam.objects.count() == 4
    assert counts["residents' orders"] == ServiceOrder.objects.count() == 80
    assert counts["points credits"] == PointsEntry.objects.filter(kind="credit").count() > 0
    assert OrderStep.objects.filter(status="placed").count() == 80
    assert VolunteerTeam.objects.filter(leader__isnull=True).count() == 0


def test_demo_orders_follow_the_rules(seeded):
    served = ServiceOrder.objects.filter(status__in=["done", "rated"])
    assert served.exists()
    assert not served.filter(Q(hours__isnull=True) | Q(done_at__isnull=True)).exists()
    assert not ServiceOrder.objects.filter(status="rated", rating__isnull=True).exists()
    # Members are dispatched only where they registered.
    to_members = ServiceOrder.objects.filter(assigned_member__isnull=False)
    assert not to_members.exclude(assigned_member__registered_community=models_f("community")).exists()
    assert not ServiceOrder.objects.filter(assigned_team__isnull=False).exclude(
        assigned_team__community=models_f("community")
    ).exists()
    # Every served order credited someone, and only served orders did.
    credited = PointsEntry.objects.filter(kind="credit").values("order").distinct().count()
    assert credited == served.count()


def test_no_demo_balance_is_negative(seeded):
    balances = Volunteer.objects.annotate(balance=Sum("entries__points"))
    assert not balances.filter(balance__lt=0).exists()
    assert Redemption.objects.count() == PointsEntry.objects.filter(kind="debit").count()


def test_demo_is_deterministic_for_a_seed(seeded):
    """Run the seeder again on the same tree (inside a rolled-back savepoint) with the same seed."""
    import random

    from django.db import transaction
    from faker import Faker

    from organizations.models import Organization
    from volunteers import demo as volunteers_demo

    def run() -> list:
        fake = Faker("zh_CN")
        fake.seed_instance(3)
        with transaction.atomic():
            VolunteerTeam.objects.all().update(leader=None)
            for model in (PointsEntry, Redemption, OrderStep, ServiceOrder, Volunteer, VolunteerTeam):
                model.objects.all().delete()
            volunteers_demo.seed_activity(
                root=Organization.objects.get(code="WC"), scale="small", rng=random.Random(11), fake=fake,
                ref=dt.date(2026, 6, 30),
            )
            rows = list(ServiceOrder.objects.order_by("id").values_list("category", "status", "need", "resident_name"))
            transaction.set_rollback(True)
        return rows

    assert run() == run()


def models_f(name):
    from django.db.models import F

    return F(name)
