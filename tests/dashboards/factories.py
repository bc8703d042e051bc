"""A grid report in a given state, placed directly: the dashboards count rows, the lifecycle is
tested in tests/reports."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from accounts.models import User
from reports.models import GridReport, Outcome, Status

_numbers = itertools.count(1)


def make_report(grid, category, *, reporter=None, days_ago: int = 1, status: str = Status.REPORTED,
                overdue: bool = False, department=None) -> GridReport:
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
