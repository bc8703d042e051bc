"""The statistics page: the sentence and tables for one organisation in scope and a period, and the
same figures as a formatted workbook."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from audit.background_exports import recorded
from organizations import selectors as org_selectors
from organizations.selectors import organization_scope_name
from partybuild.forms import bootstrapify
from partybuild.pickers import use_picker
from partybuild.workbooks import INTEGER, ONE_DECIMAL, PERCENT, Column, Workbook, dated_filename
from summaries.selectors import area_cached

from .. import selectors


class StatsForm(forms.Form):
    org = forms.ModelChoiceField(queryset=None, required=False, label=_("Organisation"))
    start = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Districts, streets and communities: the levels statistics are read at.
        self.fields["org"].queryset = org_selectors.organization_list(user=user).filter(depth__lte=3)
        # A district has ~1,600 of them: searched as you type, not a select listing them all.
        use_picker(self.fields["org"], "organization", levels="district,street,community")
        bootstrapify(self)


def _statistics(request) -> dict:
    """The figures of the page for the chosen organisation and period (the export writes the same)."""
    user = request.user
    form = StatsForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or org_selectors.organization_roots(user=user).first()
    period = selectors.Period(start=data.get("start"), end=data.get("end"))

    def compute() -> dict:
        by_category, by_department = selectors.report_stats_breakdown(user=user, org=org, period=period)
        return {
            "stats": selectors.report_stats(user=user, org=org, period=period),
            "by_category": by_category, "by_department": by_department,
            "by_child": selectors.report_stats_by_child(user=user, org=org, period=period) if org else [],
        }

    # A district's figures add up thousands of summary rows: kept per session (the reader), area
    # and period until a report under the area changes (summaries.selectors.area_cached).
    session = request.session.session_key
    figures = compute() if org is None or not session else area_cached(
        "reports-stats", org.path, (session, org.pk, period.start, period.end, get_language()), compute)
    return {"form": form, "org": org, "period": period, **figures}


@login_required
def stats_view(request):
    return render(request, "reports/stats.html", {**_statistics(request), "query": request.GET.urlencode()})


STATS_TITLE = "网格吹哨事件统计"


def _percent(value):
    return None if value is None else value / 100


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def stats_export_view(request):
    """The page's three tables for the same organisation and period, a sheet each, each ending with
    the whole scope's figures (the page's sentence) as 合计."""
    figures = _statistics(request)
    org, period, stats = figures["org"], figures["period"], figures["stats"]
    name = org.name if org else organization_scope_name(user=request.user)
    since = period.start.isoformat() if period.start else "—"
    until = (period.end or timezone.localdate()).isoformat()
    columns = [Column(str(_("Reported")), 9, INTEGER), Column(str(_("Closed")), 9, INTEGER),
               Column(str(_("Closure rate")), 9, PERCENT), Column(str(_("On time")), 9, PERCENT),
               Column(str(_("Mean hours to close")), 12, ONE_DECIMAL), Column(str(_("Overdue")), 9, INTEGER)]

    def rows(table):
        for row in [*table, {**stats, "name": "合计"}]:
            yield [row["name"] or "—", row["reported"], row["closed"], _percent(row["closure_rate"]),
                   _percent(row["on_time_rate"]), row["mean_hours_to_close"], row["overdue"]]

    book = Workbook()
    for sheet, heading, table in (("按组织", _("Organisation"), figures["by_child"]),
                                  ("按类别", _("Category"), figures["by_category"]),
                                  ("按部门", _("Department"), figures["by_department"])):
        book.add_sheet(name=sheet, title=f"{name} {STATS_TITLE}（{sheet}）", subtitle=f"统计期间：{since} 至 {until}",
                       columns=[Column(str(heading), 24), *columns], rows=rows(table))
    return book.response(dated_filename(STATS_TITLE, name))
