"""Writes of venues, their photos and bookings.

Bookings: the web channel books for an organisation or resident unit the user may edit; the
WeChat, hotline and in-person channels are recorded by the venue's staff for whoever called
(any organisation or resident unit they can see). A booking is refused for a past date, a venue
that takes no bookings, a group larger than the venue holds, or a slot already taken; the last
is also the database's partial unique index, so a race between two bookers loses cleanly.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, ResidentUnit
from partybuild import rights
from partybuild.files import IMAGES, check_upload, rename_for_storage
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT, VIEW, can

from .flow import BOOKING_FLOW
from .models import LIVE_STATUSES, STAFF_CHANNELS, ZONE_FIELDS, Booking, Channel, Venue, VenuePhoto
from .selectors import bookable_venues

VENUE_FIELDS = (
    "kind", "name", "address", "area_m2", *ZONE_FIELDS, "opening_hours", "capacity", "is_bookable", "is_active",
)
BOOKING_FIELDS = ("date", "slot", "group_size", "purpose", "contact_name", "contact_phone")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
REFUSED = _("You may not change venues outside your area.")
TAKEN = _("This venue is already booked for that date and time slot.")


def _check_owner(owner: Organization) -> None:
    if not owner.is_active:
        raise ValidationError({"owner": _("Choose an active organisation.")})


@transaction.atomic
def venue_create(*, user, owner: Organization, **fields) -> Venue:
    rights.require(user, EDIT, owner, str(REFUSED))
    _check_owner(owner)
    venue = Venue(owner=owner, **{k: v for k, v in fields.items() if k in VENUE_FIELDS})
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, user, venue: Venue, version: int | None = None, **fields) -> Venue:
    rights.require(user, EDIT, venue.owner, str(REFUSED))
    changed = [k for k in fields if k in VENUE_FIELDS]
    for name in changed:
        setattr(venue, name, fields[name])
    venue.full_clean()
    return versioned_save(venue, fields=changed, version=version)


@transaction.atomic
def venue_photo_add(*, user, venue: Venue, upload, caption: str = "") -> VenuePhoto:
    rights.require(user, EDIT, venue.owner, str(REFUSED))
    kind = check_upload(upload, kinds=IMAGES, max_bytes=PHOTO_MAX_BYTES, field="image")
    photo = VenuePhoto(
        venue=venue, image=rename_for_storage(upload, kind), content_type=kind.content_type,
        caption=caption, uploaded_by=user,
    )
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def venue_photo_delete(*, user, photo: VenuePhoto) -> None:
    rights.require(user, EDIT, photo.venue.owner, str(REFUSED))
    photo.image.delete(save=False)
    photo.delete()


def _check_booker(user, channel: str, venue: Venue, booker_org, resident_unit) -> None:
    if (booker_org is None) == (resident_unit is None):
        raise ValidationError(_("A booking is made by one party organisation or one resident unit."))
    if channel in STAFF_CHANNELS:
        # Staff record what came in by phone or at the desk, for anyone they can see.
        if not rights.may(user, EDIT, venue.owner):
            raise PermissionDenied(_("Bookings by WeChat, hotline or in person are recorded by the venue's staff."))
        booker = booker_org or resident_unit
        if not can(user, VIEW, booker):
            raise ValidationError(_("Choose an organisation or resident unit in your area."))
        return
    if booker_org is not None and not rights.may(user, EDIT, booker_org):
        raise PermissionDenied(_("You may book only for an organisation in your area."))
    if resident_unit is not None and not rights.may(user, EDIT, resident_unit.street):
        raise PermissionDenied(_("You may book only for a resident unit of your street."))


@transaction.atomic
def booking_create(
    *, user, venue: Venue, channel: str = Channel.WEB, booker_org: Organization | None = None,
    resident_unit: ResidentUnit | None = None, today: date | None = None, **fields,
) -> Booking:
    """Book ``venue`` for a date and slot (预约). The booking waits for the venue's confirmation."""
    _check_booker(user, channel, venue, booker_org, resident_unit)
    if channel not in STAFF_CHANNELS and not bookable_venues(user=user).filter(pk=venue.pk).exists():
        raise ValidationError({"venue": _("Choose a bookable venue of your street.")})
    if not (venue.is_bookable and venue.is_active):
        raise ValidationError(_("%(venue)s does not take bookings.") % {"venue": venue.name})
    today = today or timezone.localdate()
    if fields.get("date") and fields["date"] < today:
        raise ValidationError({"date": _("Choose today or a later date.")})
    booking = Booking(
        venue=venue, channel=channel, booker_org=booker_org, resident_unit=resident_unit, created_by=user,
        **{k: v for k, v in fields.items() if k in BOOKING_FIELDS},
    )
    # full_clean checks the capacity and, with the unique constraint, a slot already taken.
    booking.full_clean()
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # another booking took the slot between the check and the insert
        raise ValidationError({"slot": TAKEN}) from exc
    return booking


def booking_answer(*, user, booking: Booking, step: str, note: str = "") -> Booking:
    """Confirm, decline or cancel a booking (the venue's organisation answers; either side cancels)."""
    if step not in BOOKING_FLOW.steps:
        raise ValidationError(_("Unknown step."))
    return BOOKING_FLOW.advance(booking, step, actor=user, answer_note=note[:200])


def is_live(booking: Booking) -> bool:
    return booking.status in LIVE_STATUSES
