"""The formatted reports page and its downloads. Each download names its organisation and period in
Chinese (``党建工作统计表-中华路街道-2026-2026-12-02.xlsx``), is scoped to the user's area and is
recorded (``audit.background_exports.recorded``). Outside ATOMIC_REQUESTS: a long read holds no
transaction (issue 8)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.background_exports import in_background_above, recorded
from organizations.selectors import organization_scope_name
from partybuild.workbooks import dated_filename

from .. import layouts, selectors


def _require(user) -> None:
    if not selectors.may_use(user):
        raise PermissionDenied(_("Formatted reports are for district administrators, street officials and auditors."))


def _year(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def _root(request):
    code = request.GET.get("root", "")
    root = (selectors.report_roots(user=request.user).filter(code=code).first() if code
            else selectors.default_root(user=request.user))
    if root is None:
        raise Http404(_("No district or street in your area."))
    return root


@login_required
@require_GET
def index_view(request):
    _require(request.user)
    from assessments.selectors import scheme_list

    year = timezone.localdate().year
    return render(request, "workbooks/index.html", {
        "roots": selectors.report_roots(user=request.user), "default_root": selectors.default_root(user=request.user),
        "communities": selectors.community_choices(user=request.user)[:500], "year": year,
        "years": list(range(year, year - 5, -1)), "schemes": scheme_list().order_by("-year", "name")[:50],
        "quarter": (timezone.localdate().month - 1) // 3 + 1,
    })


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def annual_view(request):
    _require(request.user)
    root, year = _root(request), _year(request)
    book = layouts.annual_statistics(user=request.user, root=root, year=year)
    return book.response(dated_filename("党建工作统计表", root.name, f"{year}年度"))


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def ledgers_view(request):
    _require(request.user)
    choices = selectors.community_choices(user=request.user)
    code = request.GET.get("community", "")
    community = choices.filter(code=code).first() if code else choices.first()
    if community is None:
        raise Http404(_("No community in your area."))
    year = _year(request)
    book = layouts.community_ledgers(user=request.user, community=community, year=year)
    return book.response(dated_filename("社区台账", community.name, f"{year}年"))


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def property_ranking_view(request):
    _require(request.user)
    root, year = _root(request), _year(request)
    quarter = request.GET.get("quarter", "")
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else (timezone.localdate().month - 1) // 3 + 1
    book = layouts.property_ranking(user=request.user, root=root, year=year, quarter=quarter)
    return book.response(dated_filename("物业服务企业排名", root.name, f"{year}年第{quarter}季度"))


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def assessment_ranking_view(request):
    _require(request.user)
    from django.core.exceptions import ValidationError

    from assessments.periods import parse_period, periods_of_year
    from assessments.selectors import scheme_list
    from organizations.models import LEVEL_DEPTH

    pk = request.GET.get("scheme", "")
    scheme = scheme_list().filter(pk=int(pk)).first() if pk.isdigit() and int(pk) < 2**31 else None
    if scheme is None:
        raise Http404(_("Choose an assessment scheme."))
    try:
        period = parse_period(request.GET.get("period", "")).code
    except ValidationError:
        period = periods_of_year(scheme.period_kind, scheme.year)[0].code
    level = request.GET.get("level") or scheme.level
    if level not in LEVEL_DEPTH or LEVEL_DEPTH[level] > LEVEL_DEPTH[scheme.level]:
        level = scheme.level
    book = layouts.assessment_ranking(user=request.user, scheme=scheme, period=period, level=level)
    return book.response(dated_filename("考核排名", scheme.name, period))


def _grid_report_filter(request):
    from reports.filters import ReportFilter
    from reports.selectors import report_list

    return ReportFilter(request.GET, queryset=report_list(user=request.user), user=request.user)


@transaction.non_atomic_requests
@login_required
@require_GET
@in_background_above(lambda r: _grid_report_filter(r).qs.count())
def grid_reports_view(request):
    """The grid report list (网格吹哨) as the list page filters it, formatted: title, 序号, widths,
    frozen header. Above EXPORT_SYNC_ROW_LIMIT rows it is written in the background."""
    rows = _grid_report_filter(request).qs.order_by("reported_at", "pk")
    scope = organization_scope_name(user=request.user)
    book = layouts.grid_reports(rows=rows.iterator(chunk_size=2000), scope=scope)
    return book.response(dated_filename("网格吹哨事件清单", scope))
