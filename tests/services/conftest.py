"""Ledger fixtures: a grid worker post for gina in grid G1, a report category, and a fixed 'today'
(2026-06-15) so year and deadline rules do not depend on the day the suite runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from grids.models import GridWorker
from tests.reports.factories import CategoryFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    # The clock stops at 10:00 in Beijing that day: localdate(), now() and date.today() agree.
    time_machine.move_to(dt.datetime.combine(TODAY, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


@pytest.fixture
def worker(tree, gina):
    return GridWorker.objects.create(grid=tree.grid1, name="王网格", user=gina, is_leader=True)


@pytest.fixture
def category(db):
    return CategoryFactory(code="hazard", name="安全隐患", time_limit_hours=72)
