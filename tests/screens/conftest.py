"""The big screen's fixtures: a clock frozen on 15 June 2026, 10:00 in Wuhan, and grid reports, orders,
ledger rows and stars placed around the day and month boundaries (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from reports.models import GridReport, Outcome, Status
from tests.conftest import PASSWORD
from tests.reports.factories import CategoryFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)
_numbers = count(1)


def at(day: str, hhmm: str = "09:00") -> dt.datetime:
    """A moment in Wuhan's local time."""
    return dt.datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=SHANGHAI)


def file_report(grid, reporter, category, reported_at, *, closed_at=None, overdue=False, **fields) -> GridReport:
    """A report written directly (the reports' services are tested on their own)."""
    closed = closed_at is not None
    return GridReport.objects.create(
        number=f"T{next(_numbers):08d}", grid=grid, category=category, reported_by=reporter,
        reported_at=reported_at, description=fields.pop("description", "井盖缺失"),
        status=Status.CLOSED if closed else Status.REPORTED, outcome=Outcome.FIXED if closed else "",
        closed_at=closed_at, resolved_at=closed_at, is_overdue=overdue, **fields,
    )


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_cache(local_cache):
    # The screen caches its figures per organisation and day; tests must not see each other's.
    yield local_cache


@pytest.fixture
def reporter(tree):
    return User.objects.create_user(username="wangxm", password=PASSWORD, full_name="王小明")


@pytest.fixture
def category(db):
    return CategoryFactory(name="安全隐患")


@pytest.fixture
def reports(tree, reporter, category):
    """Reports of S1 (grid G1) and one of S2 (grid G3), named by what they test."""
    g1, g3 = tree.grid1, tree.grid3
    return {
        # 00:30 in Wuhan is the previous day in UTC: it still counts as today.
        "new_after_midnight": file_report(g1, reporter, category, at("2026-06-15", "00:30")),
        "new_closed_today": file_report(g1, reporter, category, at("2026-06-15", "08:00"),
                                        closed_at=at("2026-06-15", "09:30")),
        "month_closed_today": file_report(g1, reporter, category, at("2026-06-03"),
                                          closed_at=at("2026-06-15", "08:00")),
        "may_closed_in_june": file_report(g1, reporter, category, at("2026-05-20"), closed_at=at("2026-06-02")),
        "month_overdue": file_report(g1, reporter, category, at("2026-06-10"), overdue=True),
        "april_overdue": file_report(g1, reporter, category, at("2026-04-01"), overdue=True),
        # 23:30 on the 14th in Wuhan: yesterday, though the same UTC day as the 15th's first hours.
        "yesterday_late": file_report(g1, reporter, category, at("2026-06-14", "23:30"),
                                      description="联系人张三 13812345678", location="张三家门口"),
        "other_street_today": file_report(g3, reporter, category, at("2026-06-15", "07:00"),
                                          closed_at=at("2026-06-15", "09:00")),
    }
