"""The ledgers home page and the statistics page (visits sentence and per-organisation figures), and
the statistics as a formatted workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.background_exports import recorded
from organizations.paths import GRID_DEPTH, STREET_DEPTH
from organizations.selectors import organization_roots, organization_scope_name
from partybuild.workbooks import INTEGER, Column, Workbook, dated_filename

from .. import selectors
from ..filters import PeriodForm
from ..models import VisitKind
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


def _statistics(request) -> dict:
    """The figures of the statistics page for the chosen period (the export writes the same)."""
    user = request.user
    start, end = PeriodForm(request.GET).period(timezone.localdate())
    area, depth = _area(user)
    return {
        "start": start, "end": end, "area": area, "year": end.year,
        "rows": selectors.ledger_stats_table(user=user, start=start, end=end, depth=depth),
        "visits": selectors.visit_counts(user=user, start=start, end=end),
        "workers": selectors.visit_counts_by_worker(user=user, start=start, end=end)[:20],
    }


@login_required
def stats_view(request):
    return render(request, "services/stats.html", {**_statistics(request), "query": request.GET.urlencode()})


STATS_TITLE = "服务台账统计"


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def stats_export_view(request):
    """The page's figures for the same period: the table per organisation (with its 合计), what the
    visits involved (the page's sentence) and the most active grid workers, a sheet each."""
    figures = _statistics(request)
    name = figures["area"] or organization_scope_name(user=request.user)
    period = f"统计期间：{figures['start']:%Y-%m-%d} 至 {figures['end']:%Y-%m-%d}"
    book = Workbook()
    counts = [("visits", "total", _("Visits")), ("visits", "hazard_found", _("Hazards")),
              ("pledges", "total", _("Pledges")), ("pledges", "pledge_items", _("Items")),
              ("pledges", "fulfilments", _("Fulfilment records")), ("pledges", "fulfilled", _("Fulfilled")),
              ("needy", "total", _("Needy households")), ("needy", "assistance_acts", _("Assistance")),
              ("demands", "total", _("Demands")), ("demands", "closed", _("Closed"))]
    book.add_sheet(
        name="按组织", title=f"{name} {STATS_TITLE}（按组织）", subtitle=period,
        columns=[Column(_("Organisation"), 24), *[Column(label, 10, INTEGER, total=True) for _l, _k, label in counts]],
        rows=([row["name"], *[(row.get(ledger) or {}).get(key) or 0 for ledger, key, _label in counts]]
              for row in figures["rows"]),
        totals=True,
    )
    visits = figures["visits"]
    book.add_sheet(
        name="走访情况", title=f"{name} 网格员走访情况", subtitle=period,
        columns=[Column(_("Visits"), 24), Column(_("Number"), 12, INTEGER)],
        rows=([str(label), visits.get(kind) or 0] for kind, label in VisitKind.choices),
    )
    book.add_sheet(
        name="网格员走访排行", title=f"{name} 走访最多的网格员", subtitle=period,
        columns=[Column(_("Grid worker"), 12), Column(_("Grid"), 22), Column(_("Visits"), 9, INTEGER),
                 Column(_("Heart-to-heart talk"), 12, INTEGER), Column(_("Hazard found"), 12, INTEGER)],
        rows=([w["worker__name"], w["grid__name"], w["visits"], w["heart_to_heart"], w["hazard_found"]]
              for w in figures["workers"]),
    )
    return book.response(dated_filename(STATS_TITLE, name, f"{figures['start']:%Y-%m-%d}至{figures['end']:%Y-%m-%d}"))
