"""Owners' and management committees: the list (with the terms that ended without election), a
committee's page with its members, a new term, a new member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.scoping import EDIT

from .. import filters, selectors, services
from ..forms import CommitteeForm, CommitteeMemberForm, apply_errors
from ._common import filtered, paged


@login_required
def committee_list_view(request):
    fs, qs = filtered(filters.CommitteeFilter, request, selectors.committee_list(user=request.user))
    page = paged(request, qs.order_by("-needs_election", "unit__name", "-term_start"))
    return render(request, "estates/committee_list.html", {"filter": fs, "page_obj": page, "committees": page})


@login_required
def committee_detail_view(request, pk: int):
    committee = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    can_edit = rights.may(request.user, EDIT, committee.unit.community)
    form = CommitteeMemberForm(request.POST or None, user=request.user) if can_edit else None
    if request.method == "POST":
        rights.require(request.user, EDIT, committee.unit.community, str(services.REFUSED))
        if form.is_valid():
            try:
                services.committee_member_add(user=request.user, committee=committee, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Member added."))
                return redirect("estates:committee-detail", pk=committee.pk)
    return render(request, "estates/committee_detail.html", {
        "committee": committee, "members": selectors.committee_members(committee=committee), "form": form,
    })


@login_required
def committee_create_view(request, unit_pk: int):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=unit_pk)
    rights.require(request.user, EDIT, unit.community, str(services.REFUSED))
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The committee's term is recorded."))
            return redirect("estates:committee-detail", pk=committee.pk)
    return render(request, "estates/form.html", {
        "form": form, "title": _("New committee term for %(unit)s") % {"unit": unit.name},
    })
