"""Service venues (服务阵地) and their bookings (预约).

A venue belongs to the organisation that runs it (a street, a community or a grid branch): a
party-mass service centre (党群服务中心), a red post (红色驿站), a red reading room (红色书屋), a
mediation room or an open organisation-life base (开放式组织生活基地). Bookable venues take bookings
from a party organisation or a resident unit (驻区单位) for a date and a time slot; the venue's
organisation confirms or declines them.

No double booking: a partial unique index allows one live booking (requested or confirmed) per
venue, date and slot, so two people booking at once cannot both win, whatever the pages check.
The group size against the venue's capacity is checked by the service (a constraint cannot read
the venue's row).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organization, ResidentUnit
from organizations.validators import validate_phone
from partybuild.files import UploadTo, private_storage


class VenueKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Party-mass service centre")
    RED_POST = "red_post", _("Red post")
    RED_READING_ROOM = "red_reading_room", _("Red reading room")
    MEDIATION_ROOM = "mediation_room", _("Mediation room")
    LIFE_BASE = "life_base", _("Open organisation-life base")


# The six function zones of a service centre (Yungang), as (field name, label).
ZONES = (
    ("zone_member_service", _("Member service")),
    ("zone_deliberation", _("Residents' deliberation")),
    ("zone_convenience", _("Convenience services")),
    ("zone_culture", _("Culture")),
    ("zone_elderly_care", _("Elderly care")),
    ("zone_mediation", _("Dispute mediation")),
)
ZONE_FIELDS = tuple(name for name, _label in ZONES)
# Wuchang counts the share of service centres over 1,000 m².
LARGE_AREA_M2 = 1000


class Venue(models.Model):
    """Service venue (服务阵地): party-mass service centre, red post, reading room, mediation room
    or open organisation-life base."""

    scope_field = "owner"

    owner = models.ForeignKey(
        Organization, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="venues"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(1)]
    )
    zone_member_service = models.BooleanField(_("member service zone"), default=False)
    zone_deliberation = models.BooleanField(_("residents' deliberation zone"), default=False)
    zone_convenience = models.BooleanField(_("convenience services zone"), default=False)
    zone_culture = models.BooleanField(_("culture zone"), default=False)
    zone_elderly_care = models.BooleanField(_("elderly care zone"), default=False)
    zone_mediation = models.BooleanField(_("dispute mediation zone"), default=False)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), validators=[MinValueValidator(1)])
    is_bookable = models.BooleanField(_("takes bookings"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service venue")
        verbose_name_plural = _("service venues")
        ordering = ["owner__path", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_venue_per_owner")]

    def __str__(self) -> str:
        return self.name

    def zones(self) -> list[str]:
        return [str(label) for name, label in ZONES if getattr(self, name)]


class VenuePhoto(models.Model):
    """Photo of a venue (阵地照片), stored privately and shown through the venue's scoped view."""

    scope_field = "venue__owner"

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), storage=private_storage, upload_to=UploadTo("venues/photos"))
    content_type = models.CharField(max_length=50)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("venue photo")
        verbose_name_plural = _("venue photos")
        ordering = ["venue", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.venue.name


class Slot(models.TextChoices):
    MORNING = "morning", _("Morning (9:00–12:00)")
    AFTERNOON = "afternoon", _("Afternoon (14:00–17:30)")
    EVENING = "evening", _("Evening (19:00–21:00)")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    WECHAT = "wechat", _("WeChat")
    HOTLINE = "hotline", _("Hotline")
    IN_PERSON = "in_person", _("In person")


# Bookings that come in by WeChat, hotline or at the desk are recorded by the venue's staff.
STAFF_CHANNELS = (Channel.WECHAT, Channel.HOTLINE, Channel.IN_PERSON)


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("booking status", "requested")
    CONFIRMED = "confirmed", pgettext_lazy("booking status", "confirmed")
    DECLINED = "declined", pgettext_lazy("booking status", "declined")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "cancelled")


# A booking holds its slot while it waits for an answer and once confirmed.
LIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Booking(models.Model):
    """Booking (预约) of a venue by a party organisation or a resident unit (驻区单位)."""

    status_tones = {"confirmed": "success", "requested": "warning"}  # {% status_badge %}; others grey

    # The venue's organisation, the booking organisation and the resident unit's street each see it.
    scope_field = ("venue__owner", "booker_org", "resident_unit__street")
    personal_fields = ("contact_phone",)

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="bookings")
    booker_org = models.ForeignKey(
        Organization, verbose_name=_("booking organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="venue_bookings",
    )
    resident_unit = models.ForeignKey(
        ResidentUnit, verbose_name=_("booking resident unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="venue_bookings",
    )
    date = models.DateField(_("date"))
    slot = models.CharField(_("time slot"), max_length=12, choices=Slot.choices)
    group_size = models.PositiveIntegerField(_("group size"), validators=[MinValueValidator(1)])
    purpose = models.CharField(_("purpose"), max_length=200)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20, validators=[validate_phone])
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED, db_index=True
    )
    answer_note = models.CharField(_("answer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("venue booking")
        verbose_name_plural = _("venue bookings")
        ordering = ["-date", "venue", "slot"]
        indexes = [models.Index(fields=["venue", "date"], name="booking_venue_date")]
        constraints = [
            # No double booking: one live booking per venue, date and slot (see the module docstring).
            models.UniqueConstraint(
                fields=["venue", "date", "slot"], condition=Q(status__in=["requested", "confirmed"]),
                name="one_live_booking_per_slot",
                violation_error_message=_("This venue is already booked for that date and time slot."),
            ),
            models.CheckConstraint(
                condition=Q(booker_org__isnull=False, resident_unit__isnull=True)
                | Q(booker_org__isnull=True, resident_unit__isnull=False),
                name="booking_has_one_booker",
                violation_error_message=_("A booking is made by one party organisation or one resident unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue} {self.date} {self.get_slot_display()}"

    @property
    def booker(self):
        return self.booker_org or self.resident_unit

    def clean(self) -> None:
        super().clean()
        if self.venue_id and self.group_size and self.group_size > self.venue.capacity:
            raise ValidationError({"group_size": _(
                "The group (%(size)s people) is larger than the venue holds (%(capacity)s people)."
            ) % {"size": self.group_size, "capacity": self.venue.capacity}})
