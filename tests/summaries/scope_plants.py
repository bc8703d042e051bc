"""One row of every scoped model of the summaries app, for the scope matrix (tests/test_scope_matrix.py).

Summary rows hold figures, no text to carry a marker: the matrix checks the admin keeps them out
of outsiders' reach by their planted primary key."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from summaries.models import CurrentSummary, MonthSummary, ReportBreakdownSummary


def plant(*, pk, owner, org, marker, tree) -> None:
    now = timezone.now()
    CurrentSummary.objects.create(pk=pk, organization=org, members_active=1, computed_at=now)
    MonthSummary.objects.create(pk=pk, organization=org, month=date(2026, 1, 1), reports=1, computed_at=now)
    ReportBreakdownSummary.objects.create(pk=pk, organization=org, month=date(2026, 1, 1), category_id=1,
                                          reports=1, computed_at=now)
