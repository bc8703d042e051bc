"""Resident units' social-responsibility reports (驻区单位社会责任报告), filed yearly, reviewed by the street."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..flow import REPORT_FLOW
from ..forms import ReportForm, ReviewForm, apply_errors

PAGE_SIZE = 25


@login_required
def report_list_view(request):
    page = CappedPaginator(selectors.report_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cobuilding/report_list.html", {"page_obj": page, "reports": page.object_list})


@login_required
def report_create_view(request):
    form = ReportForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_file(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("cobuilding:report-detail", pk=report.pk)
    return render(request, "cobuilding/form.html", {"form": form, "title": _("File a social-responsibility report")})


@login_required
def report_detail_view(request, pk: int):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    steps = REPORT_FLOW.allowed(request.user, report)
    return render(request, "cobuilding/report_detail.html", {
        "report": report, "steps": steps, "review_form": ReviewForm(initial={"version": report.version}),
    })


@login_required
@require_POST
def report_review_view(request, pk: int, decision: str):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Reload the page and try again."))
        services.report_review(user=request.user, report=report, accept=decision == "accept",
                               note=form.cleaned_data["note"], version=form.cleaned_data["version"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("cobuilding:report-detail", pk=report.pk)


__all__ = ["apply_errors"]
