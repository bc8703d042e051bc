"""星级争创 pages: the list with the year's distribution, the self-assessment form and a grade's
page with the rating and review steps its viewer may take."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..filters import GradeFilter
from ..flow import GRADE_FLOW, may_self_assess, rater_of, reviewer_of
from ..forms import GradeStepForm, SelfAssessmentForm, SelfRevisionForm, apply_errors
from .common import PAGE_SIZE, flash_errors, year_of


@login_required
def grade_list_view(request):
    user, year = request.user, year_of(request)
    filterset = GradeFilter(request.GET, queryset=selectors.grade_list(user=user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/grade_list.html", {
        "filter": filterset, "page_obj": page, "grades": page.object_list, "year": year,
        "distribution": selectors.grade_distribution(user=user, year=year),
        "can_add": selectors.gradeable_organizations(user=user).exists(),
    })


@login_required
def grade_create_view(request):
    form = SelfAssessmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grade = services.grade_self_assess(
                user=request.user, year=data["year"], self_grade=data["self_grade"],
                self_summary=data["self_summary"], organization=data["organization"], member=data["member"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Self-assessment recorded; it now awaits the rating of the level above."))
            return redirect("campaigns:grade-detail", pk=grade.pk)
    return render(request, "campaigns/grade_form.html", {"form": form})


@login_required
def grade_detail_view(request, pk: int):
    grade = get_object_or_404(selectors.grade_detail_qs(user=request.user), pk=pk)
    steps = GRADE_FLOW.allowed(request.user, grade)
    revise = None
    if grade.status == "self_assessed" and may_self_assess(request.user, grade):
        revise = SelfRevisionForm(initial={"version": grade.version, "self_grade": grade.self_grade,
                                           "self_summary": grade.self_summary})
    return render(request, "campaigns/grade_detail.html", {
        "grade": grade, "steps": steps, "rater": rater_of(grade), "reviewer": reviewer_of(grade),
        "step_form": GradeStepForm(initial={"version": grade.version,
                                            "grade": grade.rated_grade or grade.self_grade}),
        "revise_form": revise,
    })


@login_required
@require_POST
def grade_step_view(request, pk: int, step: str):
    grade = get_object_or_404(selectors.grade_detail_qs(user=request.user), pk=pk)
    form = GradeStepForm(request.POST)
    if not form.is_valid():
        flash_errors(request, ValidationError(_("Check the grade and the comment.")))
        return redirect("campaigns:grade-detail", pk=pk)
    data = form.cleaned_data
    try:
        if step == "rate":
            services.grade_rate(user=request.user, grade=grade, rated_grade=data["grade"], comment=data["comment"],
                                version=data["version"])
        elif step == "review":
            services.grade_review(user=request.user, grade=grade, final_grade=data["grade"],
                                  comment=data["comment"], version=data["version"])
        else:
            services.grade_send_back(user=request.user, grade=grade, reason=data["comment"], version=data["version"])
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Done: the grade is now %(status)s.") % {"status": grade.get_status_display()})
    return redirect("campaigns:grade-detail", pk=pk)


@login_required
@require_POST
def grade_revise_view(request, pk: int):
    grade = get_object_or_404(selectors.grade_detail_qs(user=request.user), pk=pk)
    form = SelfRevisionForm(request.POST)
    if form.is_valid():
        try:
            services.grade_self_revise(user=request.user, grade=grade, version=form.cleaned_data["version"],
                                       self_grade=form.cleaned_data["self_grade"],
                                       self_summary=form.cleaned_data["self_summary"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Changes saved."))
    else:
        flash_errors(request, ValidationError(_("Check the grade and the self-assessment.")))
    return redirect("campaigns:grade-detail", pk=pk)
