"""Property companies: the list street officials keep, a company's page, registration and edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.background_exports import in_background_above
from organizations.selectors import organization_scope_name
from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workbooks import dated_filename

from .. import filters, selectors, services
from ..forms import CompanyForm, apply_errors
from ._common import filtered, paged


@login_required
def company_list_view(request):
    fs, qs = filtered(filters.CompanyFilter, request, selectors.company_list(user=request.user))
    page = paged(request, qs.order_by("name", "id"))
    can_add = selectors.registrar_choices(user=request.user).exists()
    return render(request, "estates/company_list.html", {"filter": fs, "page_obj": page, "companies": page,
                                                          "can_add": can_add})


@login_required
def company_detail_view(request, pk: int):
    company = get_object_or_404(selectors.company_list(user=request.user), pk=pk)
    units = selectors.unit_list(user=request.user).filter(company=company).order_by("community__path", "name")
    return render(request, "estates/company_detail.html", {
        "company": company, "units": units, "can_edit": rights.may(request.user, EDIT, company.registrar),
    })


@login_required
def company_create_view(request):
    if not selectors.registrar_choices(user=request.user).exists():
        raise PermissionDenied(str(services.REFUSED))
    form = CompanyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(
                user=request.user, registrar=form.cleaned_data["registrar"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Company %(name)s registered.") % {"name": company.name})
            return redirect("estates:company-detail", pk=company.pk)
    return render(request, "estates/form.html", {"form": form, "title": _("Register a property company")})


@login_required
def company_edit_view(request, pk: int):
    company = get_object_or_404(selectors.company_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, company.registrar, str(services.REFUSED))
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(
                user=request.user, company=company, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("estates:company-detail", pk=company.pk)
    return render(request, "estates/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": company.name}})


def _registers_rows(request) -> int:
    return selectors.company_list(user=request.user).count() + selectors.units_in_reach(user=request.user).count()


@transaction.non_atomic_requests
@login_required
@in_background_above(_registers_rows)
def registers_export_view(request):
    """The companies and units in reach as one xlsx workbook (the import's format)."""
    from ..exports import REGISTERS_TITLE, registers_workbook

    scope = organization_scope_name(user=request.user)
    book = registers_workbook(companies=selectors.company_list(user=request.user),
                              units=selectors.units_in_reach(user=request.user), scope=scope)
    return book.response(dated_filename(REGISTERS_TITLE, scope))
