"""Supervision committees, their seats and their problem clues."""

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
from ..forms import ClueForm, CommitteeForm, HandleForm, SeatForm, apply_errors
from ..models import Seat

PAGE_SIZE = 25


@login_required
def home_view(request):
    user = request.user
    today = timezone.localdate()
    committees = selectors.committee_list_with_composition(user=user, on=today)
    page = CappedPaginator(committees, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, services.composition_gaps({s: getattr(c, f"n_{s}") for s in Seat.values})) for c in page.object_list]
    since = today.replace(month=1, day=1)
    return render(request, "supervision/home.html", {
        "page_obj": page, "rows": rows, "clues": selectors.clue_counts(user=user, since=since),
        "can_add": selectors.community_choices(user=user).exists(), "year": since.year,
    })


@login_required
def committee_create_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("supervision:committee-detail", pk=committee.pk)
    return render(request, "supervision/form.html", {"form": form, "title": _("New supervision committee")})


@login_required
def committee_detail_view(request, pk: int):
    user = request.user
    committee = get_object_or_404(selectors.committee_detail_qs(user=user), pk=pk)
    can_edit = rights.may(user, EDIT, committee.community)
    seat_form = SeatForm(request.POST or None, user=user, committee=committee) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(services.REFUSED)
        if seat_form.is_valid():
            data = {k: seat_form.cleaned_data[k] for k in seat_form.Meta.fields}
            try:
                services.seat_add(user=user, committee=committee, **data)
            except ValidationError as exc:
                apply_errors(seat_form, exc)
            else:
                messages.success(request, _("Seat added."))
                return redirect("supervision:committee-detail", pk=committee.pk)
    return render(request, "supervision/committee_detail.html", {
        "committee": committee, "problems": services.composition_problems(committee), "can_edit": can_edit,
        "seat_form": seat_form, "clues": selectors.clue_list(user=user).filter(committee=committee)[:50],
        "may_record": services.may_record_clue(user, committee),
    })


@login_required
@require_POST
def seat_end_view(request, pk: int):
    seat = get_object_or_404(selectors.seat_list(user=request.user), pk=pk)
    services.seat_end(user=request.user, seat=seat, until=timezone.localdate())
    messages.success(request, _("The member left the committee."))
    return redirect("supervision:committee-detail", pk=seat.committee_id)


@login_required
def clue_list_view(request):
    page = CappedPaginator(selectors.clue_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/clue_list.html", {"page_obj": page, "clues": page.object_list})


@login_required
def clue_create_view(request, pk: int):
    committee = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    if not services.may_record_clue(request.user, committee):
        raise PermissionDenied(_("Only the committee's members or the district record its clues."))
    form = ClueForm(request.POST or None, initial={"found_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            clue = services.clue_record(user=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("supervision:clue-detail", pk=clue.pk)
    return render(request, "supervision/form.html", {"form": form, "title": _("Record a problem clue")})


@login_required
def clue_detail_view(request, pk: int):
    clue = get_object_or_404(selectors.clue_list(user=request.user), pk=pk)
    may_handle = services.may_handle_clue(request.user, clue)
    form = HandleForm(request.POST or None, instance=clue, initial={"version": clue.version}) if may_handle else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only the street's discipline staff or the district handle a clue."))
        if form.is_valid():
            try:
                services.clue_handle(
                    user=request.user, clue=clue, handling=form.cleaned_data["handling"],
                    outcome=form.cleaned_data["outcome"], close=form.cleaned_data["close"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("supervision:clue-detail", pk=clue.pk)
    return render(request, "supervision/clue_detail.html", {"clue": clue, "form": form})
