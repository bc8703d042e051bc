"""In-service members' duties (在职党员三定一考): the year's list with the service done, a member's
duties with the assessment, and the conduct letter (党员社会表现信息报告) to print."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import AssessForm, DutyForm, LetterForm, apply_errors

PAGE_SIZE = 25


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@login_required
def duty_list_view(request):
    year = _year(request)
    qs = selectors.duty_list(user=request.user).filter(year=year).order_by("community__path", "member__name", "pk")
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cadres/duty_list.html", {
        "page_obj": page, "duties": page.object_list, "year": year,
        "stats": selectors.duty_stats(user=request.user, year=year),
        "can_add": selectors.community_choices(user=request.user).exists(),
    })


@login_required
def duty_form_view(request, pk: int | None = None):
    duty = get_object_or_404(selectors.duty_list(user=request.user), pk=pk) if pk else None
    if duty is not None:
        rights.require(request.user, EDIT, duty.community, str(services.REFUSED))
    elif not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = DutyForm(request.POST or None, instance=duty, user=request.user,
                    initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            if duty is None:
                duty = services.duty_create(user=request.user, member=form.cleaned_data["member"],
                                            year=form.cleaned_data["year"], **form.service_fields())
            else:
                services.duty_update(user=request.user, duty=duty, version=form.cleaned_data["version"],
                                     **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cadres:duty-detail", pk=duty.pk)
    return render(request, "cadres/form.html", {"form": form, "title": _("In-service member's duties"),
                                                "cancel_url": "cadres:duty-list"})


@login_required
def duty_detail_view(request, pk: int):
    duty = get_object_or_404(selectors.duty_list(user=request.user), pk=pk)
    can_edit = rights.may(request.user, EDIT, duty.community)
    letter = getattr(duty, "letter", None)
    assess = letter_form = None
    if can_edit and letter is None:
        assess = AssessForm(initial={"grade": duty.grade, "assessment": duty.assessment, "version": duty.version})
        letter_form = LetterForm(initial={"recipient": duty.member.work_unit}) if duty.grade else None
    return render(request, "cadres/duty_detail.html", {
        "duty": duty, "can_edit": can_edit, "letter": letter, "assess_form": assess, "letter_form": letter_form,
        "orders": selectors.duty_served_orders(duty=duty)[:20],
    })


@login_required
@require_POST
def duty_assess_view(request, pk: int):
    duty = get_object_or_404(selectors.duty_list(user=request.user), pk=pk)
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.duty_assess(user=request.user, duty=duty, grade=form.cleaned_data["grade"],
                                 assessment=form.cleaned_data["assessment"], on=timezone.localdate(),
                                 version=form.cleaned_data["version"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Assessment recorded."))
    else:
        messages.error(request, _("Choose an assessment."))
    return redirect("cadres:duty-detail", pk=duty.pk)


@login_required
@require_POST
def letter_issue_view(request, pk: int):
    duty = get_object_or_404(selectors.duty_list(user=request.user), pk=pk)
    form = LetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a few words on the member's conduct."))
        return redirect("cadres:duty-detail", pk=duty.pk)
    try:
        letter = services.letter_issue(user=request.user, duty=duty, on=timezone.localdate(), **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cadres:duty-detail", pk=duty.pk)
    return redirect("cadres:letter", pk=letter.pk)


@login_required
def letter_view(request, pk: int):
    """The letter laid out for printing (the browser's Print button; a print stylesheet hides the rest)."""
    letter = get_object_or_404(selectors.letter_list(user=request.user), pk=pk)
    return render(request, "cadres/letter.html", {"letter": letter, "duty": letter.duty})
