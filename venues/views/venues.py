"""Venue pages: the list with the area's statistics, a venue's page, its form and its photos."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.files import inline_image, save_photo_form
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import VenueFilter
from ..forms import PhotoForm, VenueForm, apply_errors
from ..models import VenueKind

PAGE_SIZE = 25


def period(request) -> tuple[date, date]:
    """The year asked for (``?year=``), this year by default."""
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= today.year + 1 else today.year
    return date(year, 1, 1), date(year, 12, 31)


@login_required
def venue_list_view(request):
    user = request.user
    filterset = VenueFilter(request.GET, queryset=selectors.venue_list(user=user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs.order_by("owner__path", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    stats = selectors.venue_stats(user=user)
    kinds = [(VenueKind(k).label, n) for k, n in stats.by_kind.items()]
    return render(request, "venues/venue_list.html", {
        "filter": filterset, "page_obj": page, "venues": page.object_list, "stats": stats, "kinds": kinds,
        "can_add": selectors.owner_choices(user=user).exists(),
        # What booking_create_view asks: a venue the user may book.
        "can_book": selectors.bookable_venues(user=user).exists(),
    })


@login_required
def venue_detail_view(request, pk: int):
    venue = get_object_or_404(selectors.venue_detail_qs(user=request.user), pk=pk)
    start, end = period(request)
    today = timezone.localdate()
    return render(request, "venues/venue_detail.html", {
        "venue": venue, "can_edit": rights.may(request.user, EDIT, venue.owner),
        "can_book": selectors.bookable_venues(user=request.user).filter(pk=venue.pk).exists(),
        "visits": selectors.venue_visits(venue=venue, start=start, end=end), "year": start.year,
        "bookings": selectors.upcoming_bookings(user=request.user, venue=venue, today=today)[:20],
        "photo_form": PhotoForm(),
    })


@login_required
def venue_create_view(request):
    if not selectors.owner_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = VenueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(user=request.user, owner=form.cleaned_data["owner"], **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Venue %(name)s added.") % {"name": venue.name})
            return redirect("venues:venue-detail", pk=venue.pk)
    return render(request, "venues/venue_form.html", {"form": form, "venue": None})


@login_required
def venue_edit_view(request, pk: int):
    venue = get_object_or_404(selectors.venue_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, venue.owner, str(services.REFUSED))
    form = VenueForm(request.POST or None, instance=venue, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(
                user=request.user, venue=venue, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("venues:venue-detail", pk=venue.pk)
    return render(request, "venues/venue_form.html", {"form": form, "venue": venue})


@login_required
@require_POST
def photo_upload_view(request, pk: int):
    venue = get_object_or_404(selectors.venue_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, venue.owner, str(services.REFUSED))
    save_photo_form(request, PhotoForm(request.POST, request.FILES), lambda upload, caption: services.venue_photo_add(
        user=request.user, venue=venue, upload=upload, caption=caption))
    return redirect("venues:venue-detail", pk=venue.pk)


@login_required
def photo_view(request, pk: int):
    photo = get_object_or_404(selectors.photo_list(user=request.user), pk=pk)
    if not photo.image:
        raise Http404
    return inline_image(photo.image, content_type=photo.content_type, filename=f"venue-{photo.venue_id}-{photo.pk}")


@login_required
@require_POST
def photo_delete_view(request, pk: int):
    photo = get_object_or_404(selectors.photo_list(user=request.user), pk=pk)
    venue_id = photo.venue_id
    services.venue_photo_delete(user=request.user, photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("venues:venue-detail", pk=venue_id)


@login_required
def visits_view(request):
    """Visits per bookable venue in a year (Jianxi: bases, groups, visitors)."""
    start, end = period(request)
    rows = selectors.visits_per_venue(user=request.user, start=start, end=end)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "venues/visits.html", {
        "page_obj": page, "rows": page.object_list, "year": start.year,
        "totals": selectors.visit_totals(user=request.user, start=start, end=end),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
    })
