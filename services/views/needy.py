"""Needy household pages (困难群众名单和帮扶情况): register with a 三级包抓 pairing, assistance, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.background_exports import in_background_above
from grids.selectors import grid_list
from partybuild import rights
from partybuild.scoping import EDIT

from .. import exports, selectors
from ..filters import NeedyFilter
from ..forms import AssistanceForm, NeedyEditForm, NeedyForm
from ..services import assistance_record, needy_register, needy_update
from .common import apply_errors, editable, filtered, ledger_page, pick_or_none, render_picker, xlsx_response


def _needy_filter(request):
    return filtered(request, NeedyFilter, selectors.needy_list(user=request.user), default_year=False)


@login_required
def needy_list_view(request):
    return ledger_page(request, filterset=_needy_filter(request), template="services/needy_list.html")


@transaction.non_atomic_requests
@login_required
@in_background_above(lambda r: _needy_filter(r).qs.count())
def needy_export_view(request):
    return xlsx_response(request, ledger=exports.NEEDY, filterset=_needy_filter(request))


def _page(request, needy, form=None):
    can_edit = rights.may(request.user, EDIT, needy.organization)
    return render(request, "services/needy_detail.html",
                  {"needy": needy, "can_edit": can_edit, "assistance_form": form or AssistanceForm()})


@login_required
def needy_detail_view(request, pk: int):
    return _page(request, get_object_or_404(selectors.needy_detail_qs(user=request.user), pk=pk))


@login_required
def needy_create_view(request):
    grids = grid_list(user=request.user, action=EDIT)
    grid = pick_or_none(request, grids, param="grid")
    if grid is None:
        return render_picker(request, queryset=grids, param="grid", title=_("Register a needy household"),
                             label=_("Grid"), picker="grid")
    form = NeedyForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            needy = needy_register(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Needy household registered."))
            return redirect("services:needy-detail", pk=needy.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Register a needy household"),
                                                  "subtitle": grid.name, "back": "services:needy-list"})


def _editable(request, pk: int):
    return editable(request, selectors.needy_detail_qs(user=request.user), pk)


@login_required
def needy_edit_view(request, pk: int):
    needy = _editable(request, pk)
    form = NeedyEditForm(request.POST or None, needy=needy)
    if request.method == "POST" and form.is_valid():
        try:
            needy_update(user=request.user, needy=needy, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("services:needy-detail", pk=needy.pk)
    return render(request, "services/form.html", {"form": form, "title": _("Edit needy household"),
                                                  "subtitle": needy.household.head_name, "back": "services:needy-list"})


@login_required
def assistance_create_view(request, pk: int):
    needy = _editable(request, pk)
    form = AssistanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assistance_record(user=request.user, needy=needy, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Assistance recorded."))
            return redirect("services:needy-detail", pk=needy.pk)
    return _page(request, needy, form)
