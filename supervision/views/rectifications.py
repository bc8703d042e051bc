"""Rectification of weak and lax organisations (软弱涣散): the list, a rectification's page with
its plan, progress and reviews, and the forms that add to them."""

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
from ..forms import MeasureForm, ProgressForm, RectificationForm, ReviewForm, apply_errors

PAGE_SIZE = 25


@login_required
def rectification_list_view(request):
    qs = selectors.rectification_list(user=request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    status = request.GET.get("status", "")
    if status in ("open", "closed"):
        qs = qs.filter(status=status)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/rectification_list.html", {
        "page_obj": page, "rectifications": page.object_list, "can_add": rights.is_district_admin(request.user),
        "year": year, "status": status,
    })


@login_required
def rectification_create_view(request):
    if not rights.is_district_admin(request.user):
        raise PermissionDenied(services.DISTRICT_ONLY)
    form = RectificationForm(request.POST or None, user=request.user,
                             initial={"year": timezone.localdate().year, "listed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            rect = services.rectification_list_org(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("supervision:rectification-detail", pk=rect.pk)
    title = _("List an organisation for rectification")
    return render(request, "supervision/form.html", {"form": form, "title": title})


@login_required
def rectification_detail_view(request, pk: int):
    rect = get_object_or_404(selectors.rectification_detail_qs(user=request.user), pk=pk)
    can_edit = rect.status == "open" and rights.may(request.user, EDIT, rect.organization)
    can_review = rect.status == "open" and rights.is_district_admin(request.user)
    return render(request, "supervision/rectification_detail.html", {
        "rect": rect, "can_edit": can_edit, "can_review": can_review,
        "measure_form": MeasureForm(), "progress_form": ProgressForm(), "review_form": ReviewForm(),
    })


def _post(request, pk: int, form_class, call):
    rect = get_object_or_404(selectors.rectification_list(user=request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(rect, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Changes saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("supervision:rectification-detail", pk=rect.pk)


@login_required
@require_POST
def measure_add_view(request, pk: int):
    return _post(request, pk, MeasureForm, lambda rect, data: services.measure_add(
        user=request.user, rectification=rect, **data))


@login_required
@require_POST
def progress_view(request, pk: int):
    return _post(request, pk, ProgressForm, lambda rect, data: services.progress_report(
        user=request.user, rectification=rect, **data))


@login_required
@require_POST
def review_view(request, pk: int):
    return _post(request, pk, ReviewForm, lambda rect, data: services.rectification_review(
        user=request.user, rectification=rect, **data))


@login_required
@require_POST
def measure_done_view(request, pk: int):
    measure = get_object_or_404(selectors.measure_list(user=request.user), pk=pk)
    services.measure_done(user=request.user, measure=measure, done_on=timezone.localdate())
    return redirect("supervision:rectification-detail", pk=measure.rectification_id)
