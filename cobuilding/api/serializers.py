"""Serializers of the co-building API: reads over columns and ``select_related`` rows, writes for the services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Organization, OrgStatus, ResidentUnit
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.scoping import EDIT

from ..models import ItemEvidence, ListItem, ListKind, Milestone, ProgressReport, ResponsibilityReport, SecretaryProject
from ..services import LIST_LEVELS, SECRETARY_LEVELS


@extend_schema_field(OpenApiTypes.INT)
class StreetUnitField(serializers.PrimaryKeyRelatedField):
    """A resident unit of a street at or above the caller's area (``selectors.claimable_units``);
    any other id reads like one that does not exist."""

    def get_queryset(self):
        from .. import selectors

        return selectors.claimable_units(user=self.context["request"].user)


class ItemSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)

    class Meta:
        model = ListItem
        fields = ("id", "organization", "kind", "title", "description", "unit", "unit_name", "commitment",
                  "claimed_at", "completed_at", "status", "version")
        read_only_fields = fields


class ItemCreateSerializer(serializers.Serializer):
    organization = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level__in=LIST_LEVELS, status=OrgStatus.ACTIVE),
        action=EDIT)
    kind = serializers.ChoiceField(choices=ListKind.choices)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    unit = StreetUnitField(required=False, allow_null=True, default=None)


class ClaimSerializer(serializers.Serializer):
    unit = StreetUnitField()
    commitment = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ("id", "item", "reported_on", "percent", "note")
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemEvidence
        fields = ("id", "item", "kind", "original_name", "content_type", "uploaded_at")
        read_only_fields = fields


class ProgressCreateSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=2000)


class SecretaryProjectSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SecretaryProject
        fields = ("id", "organization", "year", "secretary", "title", "problems", "tasks", "responsibilities",
                  "status", "completed_on", "version")
        read_only_fields = fields


class SecretaryProjectCreateSerializer(serializers.Serializer):
    organization = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level__in=SECRETARY_LEVELS, status=OrgStatus.ACTIVE),
        action=EDIT)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    secretary = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=120)
    problems = serializers.CharField(max_length=4000)
    tasks = serializers.CharField(max_length=4000)
    responsibilities = serializers.CharField(max_length=4000)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ("id", "project", "title", "due_on", "done_on")
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ResponsibilityReport
        fields = ("id", "unit", "unit_name", "year", "summary", "status", "filed_at", "review_note", "reviewed_at",
                  "version")
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=ResidentUnit.objects.all(), action=EDIT)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    summary = serializers.CharField(max_length=8000)


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)
