"""The ledgers home page and the statistics page (visits sentence and per-organisation figures)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from organizations.paths import GRID_DEPTH, STREET_DEPTH
from organizations.selectors import organization_roots

from .. import selectors
from ..filters import PeriodForm
from .common import can_add_somewhere


@login_required
def home_view(request):
    year = timezone.localdate().year
    return render(request, "services/home.html",
                  {"year": year, "counts": selectors.ledger_counts(user=request.user, year=year),
                   "can_add": can_add_somewhere(request.user)})


def _area(user) -> tuple[str, int]:
    """The name of the user's area and the tree depth one level below it (where the table breaks down)."""
    roots = list(organization_roots(user=user)[:2])
    if len(roots) == 1:
        return roots[0].name, min(roots[0].depth + 1, GRID_DEPTH)
    return "", STREET_DEPTH


@login_required
def stats_view(request):
    user = request.user
    start, end = PeriodForm(request.GET).period(timezone.localdate())
    area, depth = _area(user)
    return render(request, "services/stats.html", {
        "start": start, "end": end, "area": area, "year": end.year,
        "rows": selectors.ledger_stats_table(user=user, start=start, end=end, depth=depth),
        "visits": selectors.visit_counts(user=user, start=start, end=end),
        "workers": selectors.visit_counts_by_worker(user=user, start=start, end=end)[:20],
    })
