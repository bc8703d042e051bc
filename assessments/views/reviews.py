"""Reviews (述职评议): the reviewer's own sheets, the district's assignment of reviewers, and the
drill-down from a manual indicator's value to the sheets behind it.

A reviewer reads only their own assignments (``selectors.reviewer_assignments``): anybody else's
sheet is a 404, whatever their roles. The drill-down reads through the scoped selectors; reviewers'
names are shown to the levels above the organisation only (``reviews.sees_reviewers``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.forms import apply_errors
from partybuild.pagination import CappedPaginator

from .. import review_services, selectors
from ..forms import AssignmentForm, SheetForm
from ..locks import lock_for
from ..models import IndicatorKind
from ..periods import parse_period, periods_of_year
from ..reviews import sees_reviewers, tally


@login_required
def my_reviews_view(request):
    page = CappedPaginator(selectors.reviewer_assignments(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "assessments/my_reviews.html", {"page_obj": page, "here": _("My review sheets")})


@login_required
def sheet_view(request, pk: int):
    assignment = get_object_or_404(selectors.reviewer_assignments(user=request.user), pk=pk)
    sheet = getattr(assignment, "sheet", None)
    initial = {"score": sheet.score, "comment": sheet.comment, "version": sheet.version} if sheet else None
    form = SheetForm(request.POST or None, initial=initial, weight=assignment.indicator.weight)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.sheet_submit(user=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Sheet saved."))
            return redirect("assessments:my-reviews")
    lock = lock_for(assignment.organization, on_date=parse_period(assignment.period).start)
    return render(request, "assessments/review_sheet.html", {
        "assignment": assignment, "sheet": sheet, "form": form, "lock": lock, "here": _("Review sheet"),
    })


def _admin_scheme(request, pk: int):
    if not rights.is_district_admin(request.user):
        raise PermissionDenied(_("Only a district administrator assigns reviewers."))
    return get_object_or_404(selectors.scheme_list(), pk=pk)


@login_required
def assignments_view(request, pk: int):
    scheme = _admin_scheme(request, pk)
    periods = [p.code for p in periods_of_year(scheme.period_kind, scheme.year)]
    form = AssignmentForm(request.POST or None, scheme=scheme, user=request.user, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            created = review_services.assignments_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(n)s sheets assigned.") % {"n": len(created)})
            return redirect(request.path)
    rows = selectors.assignment_list(user=request.user).filter(indicator__scheme=scheme).order_by(
        "-period", "organization__path", "indicator__position", "reviewer__username")
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "assessments/review_assignments.html", {
        "scheme": scheme, "form": form, "page_obj": page, "here": _("Reviewers"),
    })


@login_required
@require_POST
def assignment_delete_view(request, pk: int):
    assignment = get_object_or_404(selectors.assignment_list(user=request.user), pk=pk)
    try:
        review_services.assignment_delete(user=request.user, assignment=assignment)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Assignment withdrawn."))
    return redirect("assessments:review-assignments", pk=assignment.indicator.scheme_id)


@login_required
def result_reviews_view(request, pk: int, indicator_pk: int):
    """The sheets behind a manual indicator's value for one organisation: each score (struck through
    when the trimmed mean left it out), the combination, the quorum and the disagreement flag."""
    result = get_object_or_404(selectors.result_list(user=request.user), pk=pk)
    indicator = get_object_or_404(result.scheme.indicators, pk=indicator_pk, kind=IndicatorKind.MANUAL)
    rows = selectors.review_sheets(user=request.user, indicator=indicator, period=result.period,
                                   organization=result.organization)
    submitted = [a for a in rows if hasattr(a, "sheet")]
    current = tally(indicator, [a.sheet.score for a in submitted], assigned=len(rows))
    stored = selectors.tally_list(user=request.user).filter(
        indicator=indicator, period=result.period, organization=result.organization).first()
    return render(request, "assessments/result_reviews.html", {
        "result": result, "indicator": indicator, "rows": rows, "tally": current, "stored": stored,
        "trimmed": {submitted[i].pk for i in current.trimmed},
        "names": sees_reviewers(request.user, result.organization),
    })
