"""Serializers of the supervision API: reads over columns and ``select_related`` rows, writes
parsed for the services with ids resolved inside the user's area."""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import Member, Organization
from partybuild.api_fields import ChoiceLabelField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.scoping import EDIT

from ..models import (
    ClueAccess,
    CommitteeSeat,
    Involves,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    Seat,
    SupervisionCommittee,
)


class CommitteeSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = SupervisionCommittee
        fields = ["id", "community", "community_code", "established_on", "version"]
        read_only_fields = fields


class CommitteeCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all(), action=EDIT)
    established_on = serializers.DateField(required=False, allow_null=True)


class SeatSerializer(serializers.ModelSerializer):
    seat_label = ChoiceLabelField("seat")

    class Meta:
        model = CommitteeSeat
        fields = ["id", "committee", "seat", "seat_label", "name", "member", "is_on_residents_committee", "since",
                  "until"]
        read_only_fields = fields


class SeatCreateSerializer(serializers.Serializer):
    committee = ScopedPrimaryKeyRelatedField(queryset=SupervisionCommittee.objects.all(), action=EDIT)
    seat = serializers.ChoiceField(choices=Seat.choices)
    name = serializers.CharField(max_length=50)
    member = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    is_on_residents_committee = serializers.BooleanField(default=False)
    since = serializers.DateField()


class ClueAccessSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClueAccess
        fields = ["id", "user", "organization", "kind", "granted_at"]
        read_only_fields = fields


class ClueSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="committee.community.code", read_only=True)

    class Meta:
        model = ProblemClue
        fields = ["id", "committee", "community_code", "found_on", "matter", "involves", "handling", "outcome",
                  "status", "version"]
        read_only_fields = fields


class ClueCreateSerializer(serializers.Serializer):
    committee = ScopedPrimaryKeyRelatedField(queryset=SupervisionCommittee.objects.all())
    found_on = serializers.DateField()
    matter = serializers.CharField(max_length=2000)
    involves = serializers.ChoiceField(choices=Involves.choices)


class ClueHandleSerializer(serializers.Serializer):
    handling = serializers.CharField(max_length=2000, allow_blank=True)
    outcome = serializers.CharField(max_length=2000, allow_blank=True, default="")
    close = serializers.BooleanField(default=False)
    version = serializers.IntegerField(required=False)


class RectificationSerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = Rectification
        fields = ["id", "organization", "organization_code", "year", "reasons", "answerable_cadre",
                  "answerable_post", "listed_on", "status", "closed_on", "version"]
        read_only_fields = fields


class RectificationCreateSerializer(serializers.Serializer):
    organization = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all(), action=EDIT)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reasons = serializers.CharField(max_length=2000)
    answerable_cadre = serializers.CharField(max_length=50)
    answerable_post = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    listed_on = serializers.DateField(required=False)


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationMeasure
        fields = ["id", "rectification", "measure", "deadline", "done_on"]
        read_only_fields = fields


class MeasureCreateSerializer(serializers.Serializer):
    rectification = ScopedPrimaryKeyRelatedField(queryset=Rectification.objects.all(), action=EDIT)
    measure = serializers.CharField(max_length=300)
    deadline = serializers.DateField()


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationReport
        fields = ["id", "rectification", "kind", "reported_on", "text"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class ReviewSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    text = serializers.CharField(max_length=4000)
