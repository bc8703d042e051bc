"""The ledgers home page and the statistics page (visits sentence and per-organisation figures)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from organizations.selectors import organization_roots

from .. import selectors
from .common import can_add_somewhere


@login_required
def home_view(request):
    year = timezone.localdate().year
    return render(request, "services/home.html",
                  {"year": year, "counts": selectors.ledger_counts(user=request.user, year=year),
                   "can_add": can_add_somewhere(request.user)})


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


def _area(user) -> tuple[str, int]:
    """The name of the user's area and the tree depth one level below it (where the table breaks down)."""
    roots = list(organization_roots(user=user)[:2])
    if len(roots) == 1:
        return roots[0].name, min(roots[0].depth + 1, 4)
    return "", 2


@login_required
def stats_view(request):
    user = request.user
    start, end = _period(request)
    area, depth = _area(user)
    return render(request, "services/stats.html", {
        "start": start, "end": end, "area": area, "year": end.year,
        "rows": selectors.ledger_stats_table(user=user, start=start, end=end, depth=depth),
        "visits": selectors.visit_counts(user=user, start=start, end=end),
        "workers": selectors.visit_counts_by(user=user, start=start, end=end, by="worker")[:20],
    })
