"""Serializers of the stars API. Read serializers touch only columns, ``select_related`` rows and
the selectors' annotations (no query per row); write serializers parse input for the services."""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import Level, Organization, OrgStatus
from partybuild.api_fields import ScopedSlugRelatedField
from partybuild.scoping import EDIT, VIEW

from ..models import StarApplication, StarDefinition, StarEvidence, StarObjection, StarStep, StarYear


class StarYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarYear
        fields = [
            "id", "year", "notice_days", "max_per_star", "max_full_share", "count_quotas", "promotion_limit",
            "veto_overdue_rate",
            "veto_satisfaction", "frozen_at", "version",
        ]
        read_only_fields = ["id", "year", "frozen_at", "version"]


class StarYearCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class StarYearWriteSerializer(serializers.Serializer):
    notice_days = serializers.IntegerField(min_value=1, max_value=60, required=False)
    max_per_star = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    max_full_share = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    count_quotas = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=100), required=False,
        help_text='Star count → maximum share (%) of communities holding that many stars or more, e.g. {"5": 10}.',
    )
    promotion_limit = serializers.BooleanField(required=False)
    veto_overdue_rate = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    veto_satisfaction = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class StarDefinitionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="star_year.year", read_only=True)

    class Meta:
        model = StarDefinition
        fields = ["id", "year", "code", "name", "criteria", "amount", "position", "version"]
        read_only_fields = ["id", "year", "code", "version"]


class StarDefinitionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    criteria = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    position = serializers.IntegerField(min_value=0, required=False)
    version = serializers.IntegerField(required=False)


class StarApplicationSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    street_name = serializers.CharField(read_only=True, default=None)
    star_code = serializers.CharField(source="definition.code", read_only=True)
    star_name = serializers.CharField(source="definition.name", read_only=True)

    class Meta:
        model = StarApplication
        fields = [
            "id", "year", "community_code", "community_name", "street_name", "star_code", "star_name", "status",
            "evidence_text", "reason", "exceptional_reason", "submitted_at", "notice_starts_at", "notice_ends_at",
            "awarded_at", "amount", "revoked_on", "version",
        ]
        read_only_fields = fields


class StarApplicationCreateSerializer(serializers.Serializer):
    community = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE),
        action=EDIT,
    )
    definition = serializers.PrimaryKeyRelatedField(queryset=StarDefinition.objects.all())
    evidence_text = serializers.CharField(required=False, allow_blank=True, default="")


class StarEvidenceTextSerializer(serializers.Serializer):
    evidence_text = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(required=False)


class StarStepSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class StarApproveSerializer(StarStepSerializer):
    exceptional_reason = serializers.CharField(required=False, allow_blank=True, default="")


class StarRevokeSerializer(StarStepSerializer):
    revoked_on = serializers.DateField(required=False)


class StarEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class StarEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarEvidence
        fields = ["id", "application", "original_name", "content_type", "uploaded_at"]
        read_only_fields = fields


class StarTimelineSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = StarStep
        fields = ["id", "application", "from_status", "status", "actor", "at", "comment"]
        read_only_fields = fields


class StarObjectionSerializer(serializers.ModelSerializer):
    lodged_by = serializers.CharField(source="lodged_by.username", read_only=True, default=None)

    class Meta:
        model = StarObjection
        fields = ["id", "application", "lodged_by", "lodged_at", "text", "status", "decided_at", "decision_reason"]
        read_only_fields = fields


class StarObjectionCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    file = serializers.FileField(required=False)


class StarObjectionDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["uphold", "dismiss"])
    reason = serializers.CharField()


class StarNoticeSerializer(serializers.ModelSerializer):
    """What the public notice board shows: nothing of the evidence, nothing about objectors."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    street_name = serializers.CharField(read_only=True, default=None)
    star_name = serializers.CharField(source="definition.name", read_only=True)

    class Meta:
        model = StarApplication
        fields = ["id", "year", "street_name", "community_name", "star_name", "status", "notice_starts_at",
                  "notice_ends_at"]
        read_only_fields = fields


class StarStatsQuerySerializer(serializers.Serializer):
    root = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all(), action=VIEW, required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
