"""Branch committee seats (支委会): the organisations of the scope with their serving seats, one
organisation's seats, and the pages that add, correct and end a seat.

Organisations and seats are fetched through the scoped selectors (an outsider gets 404); a role
that may only look gets 403 from ``rights.require``, and the services check again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import SeatEndForm, SeatForm, apply_errors

PAGE_SIZE = 25


@login_required
def committee_list_view(request):
    qs = selectors.committee_organizations(user=request.user)
    term = request.GET.get("q", "").strip()
    if term:
        qs = qs.filter(name__icontains=term)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orglife/committee_list.html", {"page_obj": page, "orgs": page.object_list, "q": term})


@login_required
def committee_detail_view(request, pk: int):
    org = get_object_or_404(selectors.meeting_organizations(user=request.user), pk=pk)
    return render(request, "orglife/committee_detail.html", {
        "org": org, "seats": selectors.seats_of(org), "can_edit": rights.may(request.user, EDIT, org),
    })


@login_required
def seat_add_view(request, pk: int):
    org = get_object_or_404(selectors.meeting_organizations(user=request.user), pk=pk)
    rights.require(request.user, EDIT, org)
    form = SeatForm(request.POST or None, organization=org, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_add(user=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The seat is recorded."))
            return redirect("orglife:committee-detail", pk=org.pk)
    return render(request, "orglife/seat_form.html", {"form": form, "org": org, "title": _("Add a committee seat")})


def _seat(request, pk: int):
    seat = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, seat.organization)
    return seat


@login_required
def seat_edit_view(request, pk: int):
    seat = _seat(request, pk)
    initial = {"duty": seat.duty, "started_on": seat.started_on, "ended_on": seat.ended_on}
    form = SeatForm(request.POST or None, organization=seat.organization, user=request.user, seat=seat,
                    initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_update(user=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The seat is updated."))
            return redirect("orglife:committee-detail", pk=seat.organization_id)
    title = _("Seat of %(name)s") % {"name": seat.member.name}
    return render(request, "orglife/seat_form.html", {"form": form, "org": seat.organization, "title": title})


@login_required
def seat_end_view(request, pk: int):
    seat = _seat(request, pk)
    form = SeatEndForm(request.POST or None, initial={"version": seat.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_end(user=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The seat of %(name)s ends.") % {"name": seat.member.name})
            return redirect("orglife:committee-detail", pk=seat.organization_id)
    title = _("End the seat of %(name)s") % {"name": seat.member.name}
    return render(request, "orglife/seat_form.html", {"form": form, "org": seat.organization, "title": title})
