"""Scheme pages: the list, a scheme's indicator tree with what keeps it from balancing, and the
district administrator's edits (fields, indicators, the xlsx table, a copy into a new year)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.background_exports import recorded
from partybuild import rights
from partybuild.forms import apply_errors
from partybuild.workbooks import dated_filename

from .. import selectors, services
from ..forms import CopyForm, ImportForm, IndicatorForm, RunForm, SchemeForm
from ..periods import periods_of_year


def _require_admin(user) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only a district administrator may change assessment schemes."))


@login_required
def home_view(request):
    return render(request, "assessments/home.html", {
        "schemes": selectors.scheme_list(), "can_edit": rights.is_district_admin(request.user),
    })


@login_required
def scheme_detail_view(request, pk: int):
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    can_edit = rights.is_district_admin(request.user)
    tree = selectors.indicator_tree(scheme=scheme)
    periods = [p.code for p in periods_of_year(scheme.period_kind, scheme.year)]
    return render(request, "assessments/scheme_detail.html", {
        "scheme": scheme, "tree": tree, "problems": services.scheme_problems(scheme, [i for i, _d in tree]),
        "can_edit": can_edit, "periods": periods,
        "runs": selectors.run_list(user=request.user, scheme=scheme)[:5],
        "import_form": ImportForm(), "copy_form": CopyForm(initial={"year": scheme.year + 1}),
        "run_form": RunForm(periods=periods),
    })


@login_required
def scheme_form_view(request, pk: int | None = None):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk) if pk else None
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.SCHEME_FIELDS}
        try:
            if scheme is None:
                scheme = services.scheme_create(
                    user=request.user, year=form.cleaned_data["year"], level=form.cleaned_data["level"], **data)
            else:
                services.scheme_update(user=request.user, scheme=scheme, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Scheme saved."))
            return redirect("assessments:scheme-detail", pk=scheme.pk)
    return render(request, "assessments/form.html", {"form": form, "scheme": scheme,
                                                     "title": _("Edit scheme") if scheme else _("New scheme")})


@login_required
def indicator_form_view(request, scheme_pk: int, pk: int | None = None):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=scheme_pk)
    indicator = get_object_or_404(scheme.indicators, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, scheme=scheme,
                         initial={"position": scheme.indicators.count() + 1} if indicator is None else None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.INDICATOR_FIELDS}
        try:
            if indicator is None:
                services.indicator_create(user=request.user, scheme=scheme, **data)
            else:
                services.indicator_update(user=request.user, indicator=indicator, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("assessments:scheme-detail", pk=scheme.pk)
    title = _("Edit indicator %(code)s") % {"code": indicator.code} if indicator else _("New indicator")
    return render(request, "assessments/form.html", {"form": form, "scheme": scheme, "title": title})


@login_required
@require_POST
def indicator_delete_view(request, scheme_pk: int, pk: int):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=scheme_pk)
    indicator = get_object_or_404(scheme.indicators, pk=pk)
    try:
        services.indicator_delete(user=request.user, indicator=indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Indicator %(code)s removed.") % {"code": indicator.code})
    return redirect("assessments:scheme-detail", pk=scheme.pk)


@transaction.non_atomic_requests
@login_required
@recorded
def scheme_export_view(request, pk: int):
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    return services.scheme_table(scheme).response(dated_filename("考核指标", scheme.name, f"{scheme.year}年"))


@login_required
@require_POST
def scheme_import_view(request, pk: int):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.scheme_import(user=request.user, scheme=scheme, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s indicators loaded from the table.") % {"n": count})
    else:
        messages.error(request, _("Choose an .xlsx file to load."))
    return redirect("assessments:scheme-detail", pk=scheme.pk)


@login_required
@require_POST
def scheme_copy_view(request, pk: int):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.scheme_copy(user=request.user, scheme=scheme, year=form.cleaned_data["year"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Scheme copied into %(year)s.") % {"year": copy.year})
            return redirect("assessments:scheme-detail", pk=copy.pk)
    else:
        messages.error(request, _("Give the new year."))
    return redirect("assessments:scheme-detail", pk=scheme.pk)
