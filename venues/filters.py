"""FilterSets of the venue and booking lists, shared by the pages and the API. They narrow an
already scoped queryset; they never widen it."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter
from partybuild.filters import IdFilter

from .models import Booking, BookingStatus, Channel, Slot, Venue, VenueKind


class VenueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or address"))
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label=_("Kind"))
    within = SubtreeFilter(org_field="owner", label=_("Within organisation (code)"))
    is_bookable = django_filters.BooleanFilter(label=_("Takes bookings"))

    class Meta:
        model = Venue
        fields = ["q", "kind", "within", "is_bookable"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value)) if value else queryset


class BookingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=BookingStatus.choices, label=_("Status"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    slot = django_filters.ChoiceFilter(choices=Slot.choices, label=_("Time slot"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))
    venue = IdFilter(field_name="venue_id", label=_("Venue"))

    class Meta:
        model = Booking
        fields = ["status", "channel", "slot", "date_from", "date_to", "venue"]
