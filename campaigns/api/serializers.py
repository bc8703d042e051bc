"""Serializers of the campaigns API: reads touch only columns and ``select_related`` rows; writes
parse input for the services, resolving ids inside the user's area."""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import Level, Member, Organization, OrgStatus
from partybuild.api_fields import ChoiceLabelField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT

from ..models import BoardEntry, BoardKind, Brand, Designation, DesignationKind, StarGrade

GRADE = {"min_value": 1, "max_value": 5}


class StarGradeSerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = StarGrade
        fields = ["id", "year", "organization", "organization_code", "member", "status", "status_label",
                  "self_grade", "self_summary", "rated_grade", "rating_comment", "rated_at", "grade",
                  "review_comment", "reviewed_at", "version"]
        read_only_fields = fields


class StarGradeCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    organization = ScopedSlugRelatedField(
        slug_field="code", action=EDIT, required=False, allow_null=True, default=None,
        queryset=Organization.objects.filter(status=OrgStatus.ACTIVE, level__in=(Level.COMMUNITY, Level.GRID)),
        help_text="Code of the organisation graded (leave empty for a member's grade).",
    )
    member = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), action=EDIT, required=False,
                                          allow_null=True, default=None)
    self_grade = serializers.IntegerField(**GRADE)
    self_summary = serializers.CharField(max_length=4000)


class GradeStepSerializer(serializers.Serializer):
    grade = serializers.IntegerField(required=False, allow_null=True, **GRADE)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class DesignationSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    kind_label = ChoiceLabelField("kind")

    class Meta:
        model = Designation
        fields = ["id", "community", "community_code", "year", "kind", "kind_label", "is_model", "note"]
        read_only_fields = fields


class DesignationCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(status=OrgStatus.ACTIVE, level=Level.COMMUNITY),
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=DesignationKind.choices)
    is_model = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BrandSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = Brand
        fields = ["id", "community", "community_code", "name", "description", "since", "is_active", "version"]
        read_only_fields = fields


class BrandCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(
        slug_field="code", action=EDIT,
        queryset=Organization.objects.filter(status=OrgStatus.ACTIVE, level=Level.COMMUNITY),
    )
    name = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=4000)
    since = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    is_active = serializers.BooleanField(default=True)


class BoardEntrySerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = BoardEntry
        fields = ["id", "community", "community_code", "compound", "kind", "date", "text", "resident_name",
                  "is_published", "version"]
        read_only_fields = fields


class BoardEntryCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(
        slug_field="code", action=EDIT,
        queryset=Organization.objects.filter(status=OrgStatus.ACTIVE, level=Level.COMMUNITY),
    )
    compound = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=BoardKind.choices)
    date = serializers.DateField()
    text = serializers.CharField(max_length=2000)
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
