"""Residents' demand pages: receive, handle and reply, turn into a grid report in one click, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.background_exports import in_background_above
from partybuild import rights
from partybuild.scoping import EDIT

from .. import exports, selectors
from ..filters import DemandFilter
from ..forms import DemandEditForm, DemandForm, DemandReportForm
from ..services import DEMAND_LEVELS, demand_create, demand_to_report, demand_update
from .common import apply_errors, editable, filtered, ledger_page, org_choices, xlsx_response


@login_required
def demand_list_view(request):
    filterset = filtered(request, DemandFilter, selectors.demand_list(user=request.user))
    return ledger_page(request, filterset=filterset, template="services/demand_list.html")


@transaction.non_atomic_requests
@login_required
@in_background_above(lambda r: filtered(r, DemandFilter, selectors.demand_list(user=r.user)).qs.count())
def demand_export_view(request):
    filterset = filtered(request, DemandFilter, selectors.demand_list(user=request.user))
    return xlsx_response(request, ledger=exports.DEMANDS, filterset=filterset)


def _page(request, demand, report_form=None):
    can_edit = rights.may(request.user, EDIT, demand.organization)
    return render(request, "services/demand_detail.html", {
        "demand": demand, "can_edit": can_edit, "report_form": report_form or DemandReportForm(demand=demand)})


@login_required
def demand_detail_view(request, pk: int):
    return _page(request, get_object_or_404(selectors.demand_list(user=request.user), pk=pk))


@login_required
def demand_create_view(request):
    # ``?organization=`` (sent by htmx when it changes) narrows the household choices to that organisation.
    form = DemandForm(request.POST or None, organizations=org_choices(request.user, EDIT, DEMAND_LEVELS),
                      user=request.user, initial={"organization": request.GET.get("organization")})
    if request.method == "POST" and form.is_valid():
        try:
            demand = demand_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Demand recorded."))
            return redirect("services:demand-detail", pk=demand.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Record a demand"),
                                                  "back": "services:demand-list"})


def _editable(request, pk: int):
    return editable(request, selectors.demand_list(user=request.user), pk)


@login_required
def demand_edit_view(request, pk: int):
    demand = _editable(request, pk)
    form = DemandEditForm(request.POST or None, demand=demand, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            demand_update(user=request.user, demand=demand, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("services:demand-detail", pk=demand.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Handle a demand"),
                                                  "subtitle": demand.content[:60], "back": "services:demand-list"})


@login_required
@require_POST
def demand_report_view(request, pk: int):
    demand = _editable(request, pk)
    form = DemandReportForm(request.POST, demand=demand)
    if form.is_valid():
        try:
            report = demand_to_report(user=request.user, demand=demand, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Grid report %(n)s filed from this demand.") % {"n": report.number})
            return redirect("services:demand-detail", pk=demand.pk)
    return _page(request, demand, form)
