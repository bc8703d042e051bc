"""Shared data of the dashboard tests: reports, demands and members hand-placed in the conftest tree,
so each figure can be computed by hand (S1 = C1 + C2 with grid G1; S2 = C3 with grid G3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from reports.models import Status
from tests.organizations.factories import MemberFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory
from tests.services.factories import DemandFactory

from .factories import make_report

# Mid-month, so "this month" and "this year" hold every record placed below.
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _fresh_cache(local_cache):
    # Figures are cached per area; tests must not see each other's.
    yield local_cache


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


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
