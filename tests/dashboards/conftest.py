"""Shared data of the dashboard tests: reports, demands and members hand-placed in the conftest tree,
so each figure can be computed by hand (S1 = C1 + C2 with grid G1; S2 = C3 with grid G3)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from reports.models import GridReport, Outcome, Status
from tests.organizations.factories import MemberFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory
from tests.services.factories import DemandFactory

# Mid-month, so "this month" and "this year" hold every record placed below.
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_report(grid, category, *, reporter=None, days_ago: int = 1, status: str = Status.REPORTED, overdue: bool = False,
                department=None) -> GridReport:
    reported_at = timezone.now() - dt.timedelta(days=days_ago)
    reporter = reporter or User.objects.get_or_create(username="reporter")[0]
    closed = status == Status.CLOSED
    return GridReport.objects.create(
        number=f"T{next(_numbers):06d}", grid=grid, category=category, department=department,
        description="路灯损坏", reported_by=reporter, status=status, outcome=Outcome.FIXED if closed else "",
        reported_at=reported_at, due_at=reported_at + dt.timedelta(days=3),
        resolved_at=reported_at + dt.timedelta(hours=5) if closed else None,
        closed_at=reported_at + dt.timedelta(hours=6) if closed else None, is_overdue=overdue,
    )


@dataclass
class Scene:
    safety: object
    sanitation: object
    station: object


@pytest.fixture
def scene(tree, frozen):
    """S1 (grid G1): 3 reports this year: one closed, one open and overdue (routed to the station),
    one open; plus one closed last year. S2 (grid G3): 2 reports, one overdue.
    Demands: C1 two (one closed), C3 one. Members: two in G1, one in G3."""
    safety = CategoryFactory(name="安全隐患")
    sanitation = CategoryFactory(name="环境卫生")
    station = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    make_report(tree.grid1, safety, status=Status.CLOSED, days_ago=2)
    make_report(tree.grid1, safety, overdue=True, department=station, days_ago=5)
    make_report(tree.grid1, sanitation, days_ago=1)
    make_report(tree.grid1, sanitation, status=Status.CLOSED, days_ago=400)
    make_report(tree.grid3, safety, overdue=True, days_ago=3)
    make_report(tree.grid3, safety, days_ago=40)
    DemandFactory(organization=tree.c1, received_on=dt.date(2026, 6, 2), status="closed",
                  replied_on=dt.date(2026, 6, 5), reply="已修复")
    DemandFactory(organization=tree.c1, received_on=dt.date(2026, 5, 20))
    DemandFactory(organization=tree.c3, received_on=dt.date(2026, 6, 3))
    MemberFactory(branch=tree.g1)
    MemberFactory(branch=tree.g1)
    MemberFactory(branch=tree.g3)
    return Scene(safety, sanitation, station)
