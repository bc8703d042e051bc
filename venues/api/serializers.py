"""Serializers of the venues API. Read serializers touch only columns and ``select_related`` rows;
write serializers parse input for the services, resolving ids inside the user's area."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Organization, OrgStatus, ResidentUnit
from partybuild.api_fields import ChoiceLabelField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT

from .. import selectors
from ..models import ZONE_FIELDS, Booking, Channel, Slot, Venue, VenueKind


class VenueSerializer(serializers.ModelSerializer):
    owner_code = serializers.CharField(source="owner.code", read_only=True)
    kind_label = ChoiceLabelField("kind")

    class Meta:
        model = Venue
        fields = [
            "id", "owner", "owner_code", "kind", "kind_label", "name", "address", "area_m2", *ZONE_FIELDS,
            "opening_hours", "capacity", "is_bookable", "is_active", "version",
        ]
        read_only_fields = fields


class VenueWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VenueKind.choices, required=False)
    name = serializers.CharField(max_length=120, required=False)
    address = serializers.CharField(max_length=200, required=False)
    area_m2 = serializers.DecimalField(max_digits=8, decimal_places=1, required=False, allow_null=True)
    opening_hours = serializers.CharField(max_length=100, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100000, required=False)
    is_bookable = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in ZONE_FIELDS:
            fields[name] = serializers.BooleanField(required=False)
        return fields


class VenueCreateSerializer(VenueWriteSerializer):
    owner = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(status=OrgStatus.ACTIVE), action=EDIT,
        help_text="Code of the organisation that runs the venue.",
    )
    kind = serializers.ChoiceField(choices=VenueKind.choices)
    name = serializers.CharField(max_length=120)
    address = serializers.CharField(max_length=200)
    capacity = serializers.IntegerField(min_value=1, max_value=100000)


class BookingSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = Booking
        fields = [
            "id", "venue", "venue_name", "booker_org", "resident_unit", "date", "slot", "group_size", "purpose",
            "channel", "contact_name", "contact_phone", "status", "status_label", "answer_note", "created_at",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class BookableVenueField(serializers.PrimaryKeyRelatedField):
    """A venue the user may book (``selectors.bookable_venues``): the bookable venues of their street."""

    def get_queryset(self):
        return selectors.bookable_venues(user=self.context["request"].user)


class BookingCreateSerializer(serializers.Serializer):
    venue = BookableVenueField()
    booker_org = ScopedPrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    resident_unit = ScopedPrimaryKeyRelatedField(queryset=ResidentUnit.objects.all(), required=False, allow_null=True)
    date = serializers.DateField()
    slot = serializers.ChoiceField(choices=Slot.choices)
    group_size = serializers.IntegerField(min_value=1, max_value=100000)
    purpose = serializers.CharField(max_length=200)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WEB)
    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=20)


class AnswerSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
