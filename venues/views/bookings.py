"""Booking pages: the list, a booking's page, the booking form and the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import BookingFilter
from ..flow import BOOKING_FLOW
from ..forms import AnswerForm, BookingForm, apply_errors

PAGE_SIZE = 25


@login_required
def booking_list_view(request):
    filterset = BookingFilter(request.GET, queryset=selectors.booking_list(user=request.user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs.order_by("-date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page, "bookings": page.object_list,
               "can_book": selectors.bookable_venues(user=request.user).exists()}
    return render(request, "venues/booking_list.html", context)


@login_required
def booking_detail_view(request, pk: int):
    booking = get_object_or_404(selectors.booking_list(user=request.user), pk=pk)
    return render(request, "venues/booking_detail.html", {
        "booking": booking, "steps": BOOKING_FLOW.allowed(request.user, booking), "answer_form": AnswerForm(),
    })


@login_required
def booking_create_view(request):
    user = request.user
    venues = selectors.bookable_venues(user=user)
    if not venues.exists():
        raise PermissionDenied(_("There is no bookable venue in your street."))
    chosen = venues.filter(pk=request.GET.get("venue", "")).first() if request.GET.get("venue", "").isdigit() else None
    # The venue's own staff may record bookings that came by WeChat, hotline or in person.
    staff = chosen is not None and rights.may(user, EDIT, chosen.owner)
    form = BookingForm(request.POST or None, user=user, staff=staff, initial={"venue": chosen})
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            booking = services.booking_create(user=user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Booking recorded; it waits for the venue's confirmation."))
            return redirect("venues:booking-detail", pk=booking.pk)
    return render(request, "venues/booking_form.html", {"form": form, "venue": chosen, "staff": staff})


@login_required
@require_POST
def booking_step_view(request, pk: int, step: str):
    booking = get_object_or_404(selectors.booking_list(user=request.user), pk=pk)
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.booking_answer(user=request.user, booking=booking, step=step, note=note)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Booking %(status)s.") % {"status": booking.get_status_display()})
    return redirect("venues:booking-detail", pk=booking.pk)
