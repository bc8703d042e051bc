"""Factories for ledger rows (written directly: the services are tested on their own)."""

from __future__ import annotations

import datetime as dt

import factory

from grids.models import GridWorker, Household
from services.models import Demand, GridVisit, NeedyHousehold, Pledge, PledgeItem


class GridWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridWorker

    name = factory.Sequence(lambda n: f"网格员{n}")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    unit = factory.Sequence(lambda n: f"2-{n:03d}")
    head_name = factory.Sequence(lambda n: f"住户{n}")
    phone = "13612345678"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridVisit

    organization = factory.LazyAttribute(lambda v: v.grid.branch)
    worker = factory.LazyAttribute(lambda v: GridWorkerFactory(grid=v.grid))
    visited_on = dt.date(2026, 3, 5)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    organization = factory.LazyAttribute(lambda p: p.member.branch)
    year = 2026


class PledgeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeItem

    content = factory.Sequence(lambda n: f"每月走访独居老人{n}户")
    deadline = dt.date(2026, 12, 31)
    target = "全年走访不少于12次"


class NeedyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedyHousehold

    organization = factory.LazyAttribute(lambda n: n.household.building.grid.branch)
    category = "low_income"
    pairing_level = "committee_member"
    registered_on = dt.date(2026, 1, 10)


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    received_on = dt.date(2026, 3, 1)
    source = "hotline"
    resident_name = "张桂英"
    phone = "13712345678"
    content = factory.Sequence(lambda n: f"小区路灯损坏,夜间出行不便{n}")
