"""Complaint statistics for any scope: per street or community, counts by status and matter,
closure and on-time rates; the same figures as a formula-safe xlsx."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.background_exports import recorded
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH
from organizations.selectors import organization_scope_name
from partybuild.forms import bootstrapify
from partybuild.workbooks import dated_filename

from .. import selectors
from ..exports import complaint_stats_workbook
from ..forms import StatsPeriodForm
from ..models import ComplaintStatus, Matter


def _period(request) -> tuple[StatsPeriodForm, date, date, int]:
    """The period and grouping asked for; this year so far when absent or invalid (the form says why)."""
    today = timezone.localdate()
    default_depth = selectors.complaint_stats_depth(user=request.user)
    form = StatsPeriodForm(request.GET or None, initial={
        "since": date(today.year, 1, 1), "until": today,
        "by": "street" if default_depth == STREET_DEPTH else "community"})
    bootstrapify(form)
    since, until, depth = date(today.year, 1, 1), today, default_depth
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        by = form.cleaned_data["by"]
        depth = {"street": STREET_DEPTH, "community": COMMUNITY_DEPTH}.get(by, default_depth)
        # A community secretary's own community is the finest grouping there is.
        depth = max(depth, default_depth)
    return form, since, until, depth


@login_required
@require_GET
def complaint_stats_view(request):
    form, since, until, depth = _period(request)
    rows, total = selectors.complaint_stats(user=request.user, since=since, until=until, depth=depth)
    return render(request, "estates/complaint_stats.html", {
        "form": form, "rows": rows, "total": total, "since": since, "until": until,
        "statuses": ComplaintStatus.choices, "matters": Matter.choices,
        "per_street": depth == STREET_DEPTH, "query": request.GET.urlencode(),
    })


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def complaint_stats_export_view(request):
    _form, since, until, depth = _period(request)
    rows, total = selectors.complaint_stats(user=request.user, since=since, until=until, depth=depth)
    scope = organization_scope_name(user=request.user)
    book = complaint_stats_workbook(scope=scope, rows=rows, total=total, since=since, until=until,
                                    per_street=depth == STREET_DEPTH)
    return book.response(dated_filename("物业投诉统计", scope, f"{since}至{until}"))
