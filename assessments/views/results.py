"""Rankings and the drill-down: district → street → community → indicator → the records behind
the value. Every result is read through the scoped selectors (an outsider gets 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.background_exports import recorded
from organizations.models import LEVEL_DEPTH, Level
from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.workbooks import dated_filename

from .. import selectors, services
from ..flow import RESULT_FLOW
from ..forms import ExceptionForm, SendBackForm
from ..locks import lock_for
from ..models import ASSESSED_LEVELS, IndicatorKind
from ..periods import parse_period, periods_of_year
from ..registry import computation_or_none

LEVELS = [Level.DISTRICT.value, *[v for v, _l in ASSESSED_LEVELS]]


def _ranking_args(request, pk: int):
    """The scheme, the period (``?period=``, default the scheme's first) and the level (``?level=``)."""
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    period = request.GET.get("period", "")
    try:
        period = parse_period(period).code
    except ValidationError:
        period = periods_of_year(scheme.period_kind, scheme.year)[0].code
    level = request.GET.get("level") or scheme.level
    if level not in LEVELS or LEVEL_DEPTH[level] > LEVEL_DEPTH[scheme.level]:
        level = scheme.level
    return scheme, period, level


def _majors(scheme):
    return list(scheme.indicators.filter(parent__isnull=True).order_by("position", "code"))


@login_required
def ranking_view(request, pk: int):
    scheme, period, level = _ranking_args(request, pk)
    ranking = selectors.ranking(user=request.user, scheme=scheme, period=period, level=level)
    page = CappedPaginator(ranking, 50).get_page(request.GET.get("page"))
    majors = _majors(scheme)
    points = selectors.major_item_points(scheme=scheme, period=period, org_ids=[r.organization_id for r in page])
    rows = [(r, [points.get(r.organization_id, {}).get(m.pk) for m in majors],
             None if r.previous_total is None else r.total - r.previous_total) for r in page]
    levels = [(v, label) for v, label in Level.choices if v in LEVELS and LEVEL_DEPTH[v] <= LEVEL_DEPTH[scheme.level]]
    return render(request, "assessments/ranking.html", {
        "scheme": scheme, "period": period, "level": level, "levels": levels, "majors": majors, "rows": rows,
        "page_obj": page, "periods": [p.code for p in periods_of_year(scheme.period_kind, scheme.year)],
    })


@transaction.non_atomic_requests
@login_required
@recorded
def ranking_export_view(request, pk: int):
    """序号, organisation, points per major item, total, previous total, rank, grade: the workbooks
    app's ranking layout, for the scheme, period and level of the page."""
    from workbooks.layouts import assessment_ranking

    scheme, period, level = _ranking_args(request, pk)
    book = assessment_ranking(user=request.user, scheme=scheme, period=period, level=level)
    return book.response(dated_filename("考核排名", scheme.name, period))


@login_required
def result_detail_view(request, pk: int):
    result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
    return render(request, "assessments/result_detail.html", {
        "result": result, "scores": _with_tallies(result),
        "children": selectors.child_results(user=request.user, result=result),
        "is_assessed_level": result.organization.level == result.scheme.level,
        "steps": RESULT_FLOW.allowed(request.user, result), "send_back_form": SendBackForm(),
        "can_grant": rights.is_district_admin(request.user), "exception_form": ExceptionForm(),
        "lock": lock_for(result.organization, on_date=parse_period(result.period).start),
    })


def _with_tallies(result):
    """(score, indicator, depth, review tally or None): manual indicators show their quorum and flag."""
    tallies = selectors.result_tallies(result=result)
    return [(score, ind, depth, tallies.get(ind.pk)) for score, ind, depth in selectors.result_scores(result=result)]


@login_required
@require_POST
def result_decide_view(request, pk: int, step: str):
    result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
    try:
        if step == "approve":
            services.result_approve(user=request.user, result=result, version=request.POST.get("version"))
            messages.success(request, _("Result approved."))
        else:
            form = SendBackForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.result_send_back(user=request.user, result=result, reason=reason,
                                      version=request.POST.get("version"))
            messages.success(request, _("Result sent back."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("assessments:result-detail", pk=result.pk)


@login_required
@require_POST
def exception_grant_view(request, pk: int):
    result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            services.lock_exception_grant(user=request.user, organization=result.organization, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Exception granted."))
    return redirect("assessments:result-detail", pk=result.pk)


@login_required
def result_records_view(request, pk: int, indicator_pk: int):
    """The records that produced a computed indicator's value for one organisation."""
    result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
    indicator = get_object_or_404(result.scheme.indicators, pk=indicator_pk, kind=IndicatorKind.COMPUTED)
    comp = computation_or_none(indicator.computation)
    if comp is None or comp.records is None:
        raise Http404
    period = parse_period(result.period)
    records = comp.records(result.organization, period.start, period.end).order_by("-pk")
    page = CappedPaginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "assessments/records.html", {
        "result": result, "indicator": indicator, "computation": comp, "page_obj": page,
    })
