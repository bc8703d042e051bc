"""Admin of venues, their photos and bookings, scoped to the user's area. Venues are written
through ``venues.services``; bookings move through their workflow on the pages and the API, so
here they are shown, never edited."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceModelForm

from . import services
from .models import Booking, Venue, VenuePhoto


class VenueForm(ServiceModelForm):
    class Meta:
        model = Venue
        fields = ("owner", *services.VENUE_FIELDS)

    def call_service(self, user):
        data = {f: self.cleaned_data.get(f) for f in services.VENUE_FIELDS}
        if self.instance.pk is None:
            return services.venue_create(user=user, owner=self.cleaned_data["owner"], **data)
        changed = {f: data[f] for f in self.changed_data if f in data}
        return services.venue_update(user=user, venue=self.instance, **changed)


class PhotoInline(ReadOnlyInline):
    model = VenuePhoto
    fields = ("caption", "content_type", "uploaded_at")


@admin.register(Venue)
class VenueAdmin(ScopedAdmin):
    form = VenueForm
    list_display = ("name", "kind", "owner", "area_m2", "capacity", "is_bookable", "is_active")
    list_filter = ("kind", "is_bookable", "is_active")
    search_fields = ("name", "address")
    inlines = [PhotoInline]
    allow_delete = False


@admin.register(VenuePhoto)
class VenuePhotoAdmin(ScopedAdmin):
    list_display = ("venue", "caption", "uploaded_at")
    # The file itself is private storage with no URL: it is shown on the venue's page.
    fields = ("venue", "caption", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    read_only = True
    allow_delete = False


@admin.register(Booking)
class BookingAdmin(ScopedAdmin):
    list_display = ("venue", "date", "slot", "group_size", "channel", "status")
    list_filter = ("status", "channel", "slot")
    date_hierarchy = "date"
    read_only = True
    allow_delete = False
