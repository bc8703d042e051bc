"""Helpers shared by the ledger pages: filtered, paginated lists, xlsx downloads, entry-form pickers."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from audit.exports import export_with_purpose
from organizations.models import Organization
from organizations.selectors import organization_list, organization_scope_name
from partybuild import rights, scoping
from partybuild.forms import apply_errors, bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.workbooks import dated_filename

from ..exports import Ledger, ledger_workbook
from ..forms import ChoosePlaceForm
from ..services import OUTSIDE_AREA

PAGE_SIZE = 25

__all__ = ["apply_errors", "editable", "filtered", "ledger_page", "pick_or_none", "render_picker", "xlsx_response"]


def filtered(request, filter_class, qs, *, default_year: bool = True):
    """The FilterSet over ``qs``; without an explicit ``year`` the current year is shown."""
    data = request.GET.copy()
    if default_year and "year" not in data:
        data["year"] = str(timezone.localdate().year)
    filterset = filter_class(data, queryset=qs)
    bootstrapify(filterset.form)
    return filterset


def editable(request, queryset: QuerySet, pk: int) -> Model:
    """The ledger row ``pk`` the user may see (404 otherwise) and change (403 otherwise, before
    any form is shown: the services check again when they write)."""
    obj = get_object_or_404(queryset, pk=pk)
    rights.require(request.user, scoping.EDIT, obj.organization, OUTSIDE_AREA)
    return obj


def can_add_somewhere(user) -> bool:
    """Whether the user may enter ledger records anywhere (no query: the grants are cached)."""
    return scoping.is_unrestricted(user) or bool(scoping.scope_paths(user, scoping.EDIT))


def ledger_page(request, *, filterset, template: str, context: dict | None = None):
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"filter": filterset, "page_obj": page, "rows": page.object_list,
                                      "can_add": can_add_somewhere(request.user), **(context or {})})


def _title_org(user, filterset) -> str:
    code = (filterset.form.cleaned_data.get("subtree") or "").strip() if filterset.is_valid() else ""
    if code:
        org = organization_list(user=user).filter(code=code).first()
        if org is not None:
            return org.name
    return organization_scope_name(user=user)


def xlsx_response(request, *, ledger: Ledger, filterset, rows=None) -> HttpResponse:
    """The ledger's workbook (``党员承诺内容台账-西城壕社区党委-2026年-2026-12-01.xlsx``): masked, or
    (ledgers with personal fields) a recorded reveal of its rows. Every row of the filters is written."""
    year = (filterset.form.cleaned_data.get("year") if filterset.is_valid() else None) or timezone.localdate().year
    rows = filterset.qs if rows is None else rows
    org_name = _title_org(request.user, filterset)

    def respond(rows, show_personal: bool) -> HttpResponse:
        book = ledger_workbook(ledger, rows, org_name=org_name, year=year, show_personal=show_personal)
        return book.response(dated_filename(ledger.title, org_name, f"{year}年"))

    if ledger.personal is None:
        return respond(rows, False)
    return export_with_purpose(request, rows=rows, fields=ledger.personal_fields, respond=respond,
                               records=lambda loaded: [ledger.personal(row) for row in loaded])


def pick_or_none(request, queryset, *, param: str):
    """The place an entry form is for: ``?<param>=<pk>`` inside ``queryset``, or the only one there is.
    None means the user must choose first."""
    pk = request.GET.get(param, "")
    if pk.isdigit():
        return queryset.filter(pk=int(pk)).first()
    first_two = list(queryset[:2])
    return first_two[0] if len(first_two) == 1 else None


def render_picker(request, *, queryset, param: str, title: str, label: str, picker: str, params=None):
    """First step of an entry form for users who work in several grids or organisations: a search
    box (``partybuild.pickers``), since a street or the district reaches hundreds of them."""
    form = ChoosePlaceForm(queryset=queryset, param=param, label=label, picker=picker, params=params)
    return render(request, "services/pick.html", {"form": form, "has_options": queryset.exists(), "title": title})


def org_choices(user, action, levels) -> QuerySet[Organization]:
    return organization_list(user=user, action=action).filter(level__in=levels)
