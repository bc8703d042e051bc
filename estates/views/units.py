"""Property service units: list, page (buildings, management history, committees), creation, the
change of company and the buildings a unit covers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.scoping import EDIT

from .. import filters, selectors, services
from ..forms import BuildingForm, ManagementForm, UnitForm, apply_errors
from ._common import filtered, paged


@login_required
def unit_list_view(request):
    fs, qs = filtered(filters.UnitFilter, request, selectors.unit_list(user=request.user))
    page = paged(request, qs.order_by("community__path", "name", "id"))
    can_add = selectors.community_choices(user=request.user).exists()
    return render(request, "estates/unit_list.html", {"filter": fs, "page_obj": page, "units": page,
                                                       "can_add": can_add})


def _unit_page(request, unit, *, management_form=None, building_form=None):
    can_edit = rights.may(request.user, EDIT, unit.community)
    if can_edit:
        management_form = management_form or ManagementForm(
            user=request.user, initial={"management_mode": unit.management_mode, "company": unit.company_id,
                                        "version": unit.version},
        )
        building_form = building_form or BuildingForm(unit=unit)
    return render(request, "estates/unit_detail.html", {
        "unit": unit, "can_edit": can_edit, "periods": selectors.unit_periods(unit=unit),
        "coverage": selectors.unit_coverage(unit=unit),
        "committees": selectors.committee_list(user=request.user).filter(unit=unit).order_by("-term_start"),
        "management_form": management_form, "building_form": building_form,
    })


@login_required
def unit_detail_view(request, pk: int):
    return _unit_page(request, get_object_or_404(selectors.unit_list(user=request.user), pk=pk))


@login_required
def unit_create_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(str(services.REFUSED))
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("estates:unit-detail", pk=unit.pk)
    return render(request, "estates/form.html", {"form": form, "title": _("New property service unit")})


@login_required
@require_POST
def unit_management_view(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, unit.community, str(services.REFUSED))
    form = ManagementForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.unit_change_management(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The change of management is recorded."))
            return redirect("estates:unit-detail", pk=unit.pk)
    return _unit_page(request, unit, management_form=form)


@login_required
@require_POST
def unit_building_view(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, unit.community, str(services.REFUSED))
    form = BuildingForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.unit_add_building(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The building is added to the unit."))
            return redirect("estates:unit-detail", pk=unit.pk)
    return _unit_page(request, unit, building_form=form)


@login_required
@require_POST
def coverage_release_view(request, pk: int):
    coverage = get_object_or_404(selectors.coverage_list(user=request.user), pk=pk)
    try:
        services.unit_release_building(user=request.user, coverage=coverage)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The building has left the unit."))
    return redirect("estates:unit-detail", pk=coverage.unit_id)
