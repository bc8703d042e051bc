"""Grid visit pages: list with filters, fast entry (a hazard files a grid report in the same step), export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.background_exports import in_background_above
from grids.selectors import grid_list
from partybuild.scoping import EDIT

from .. import exports, selectors
from ..filters import VisitFilter
from ..forms import VisitForm
from ..services import visit_create
from .common import apply_errors, filtered, ledger_page, pick_or_none, render_picker, xlsx_response


@login_required
def visit_list_view(request):
    filterset = filtered(request, VisitFilter, selectors.visit_list(user=request.user))
    return ledger_page(request, filterset=filterset, template="services/visit_list.html")


@transaction.non_atomic_requests
@login_required
@in_background_above(lambda r: filtered(r, VisitFilter, selectors.visit_list(user=r.user)).qs.count())
def visit_export_view(request):
    filterset = filtered(request, VisitFilter, selectors.visit_list(user=request.user))
    return xlsx_response(request, ledger=exports.VISITS, filterset=filterset)


@login_required
def visit_detail_view(request, pk: int):
    visit = get_object_or_404(selectors.visit_list(user=request.user), pk=pk)
    return render(request, "services/visit_detail.html", {"visit": visit})


@login_required
def visit_create_view(request):
    grids = grid_list(user=request.user, action=EDIT)
    grid = pick_or_none(request, grids, param="grid")
    if grid is None:
        return render_picker(request, queryset=grids, param="grid", title=_("Log a visit"), label=_("Grid"),
                             picker="grid")
    form = VisitForm(request.POST or None, grid=grid, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_create(user=request.user, grid=grid, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Visit saved.") + (" " + _("Grid report %(n)s filed.") % {
                "n": visit.report.number} if visit.report_id else ""))
            return redirect("services:visit-detail", pk=visit.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Log a visit"), "subtitle": grid.name,
                                                  "back": "services:visit-list"})
