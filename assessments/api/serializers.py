"""Serializers of the assessment API: columns and ``select_related`` rows only (no query per row)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from organizations.models import Level, Organization, OrgStatus
from partybuild.api_fields import ScopedSlugRelatedField

from ..models import (
    Indicator,
    IndicatorKind,
    LockException,
    Pairing,
    PairingKind,
    Result,
    ReviewAssignment,
    ReviewSheet,
    ReviewTally,
    Scheme,
    Score,
    ScoreRun,
)


class IndicatorSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "parent", "parent_code", "weight", "kind", "computation", "rule",
                  "time_aggregation", "org_aggregation", "position"]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)
    is_frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "year", "level", "name", "period_kind", "grade_method", "advanced_at", "passing_at",
                  "is_frozen", "frozen_at", "copied_from", "indicators"]
        read_only_fields = fields


class RunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScoreRun
        fields = ["id", "scheme", "period", "status", "is_incremental", "steps_done", "steps_total", "percent",
                  "changed", "recomputed", "created_at", "started_at", "finished_at", "error"]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=8)
    incremental = serializers.BooleanField(default=False)


class ResultSerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    level = serializers.CharField(source="organization.level", read_only=True)

    class Meta:
        model = Result
        fields = ["id", "scheme", "period", "organization", "organization_code", "organization_name", "level",
                  "total", "rank", "grade", "status", "reason", "decided_by", "decided_at", "computed_at",
                  "version"]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    organization_code = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "scheme", "period", "organization", "organization_code", "indicator", "indicator_code",
                  "value", "points", "computed_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class SendBackSerializer(DecisionSerializer):
    reason = serializers.CharField(max_length=1000)


class LockExceptionSerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = LockException
        fields = ["id", "organization", "organization_code", "until", "reason", "granted_by", "granted_at"]
        read_only_fields = fields


class LockExceptionCreateSerializer(serializers.Serializer):
    organization = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.all())
    until = serializers.DateTimeField()
    reason = serializers.CharField(max_length=300)


class PairingSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    score = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, allow_null=True,
                                     help_text="The community's mean assessment total for the year.")
    rank = serializers.IntegerField(read_only=True, allow_null=True)
    is_provisional = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = ["id", "year", "community", "community_code", "kind", "name", "position", "score", "rank",
                  "is_provisional"]
        read_only_fields = fields

    def get_is_provisional(self, obj) -> bool:
        return bool(getattr(obj, "open_results", 0))


class PairingCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    community = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(status=OrgStatus.ACTIVE, level=Level.COMMUNITY),
    )
    kind = serializers.ChoiceField(choices=PairingKind.choices)
    name = serializers.CharField(max_length=100)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


# --- reviews (述职评议) ---------------------------------------------------------------------------

class _MaskedReviewer(serializers.ModelSerializer):
    """The reviewer's id and name for the levels above the organisation and for the reviewer; null
    for the organisation itself and the levels below (``reviews.sees_reviewers``), as on the pages."""

    def _assignment(self, obj):
        return obj

    def to_representation(self, obj):
        from ..reviews import sees_reviewers

        data = super().to_representation(obj)
        assignment = self._assignment(obj)
        user = self.context["request"].user
        if assignment.reviewer_id != user.pk and not sees_reviewers(user, assignment.organization):
            data["reviewer"] = data["reviewer_name"] = None
        return data


class ReviewAssignmentSerializer(_MaskedReviewer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    reviewer_name = serializers.CharField(source="reviewer.full_name", read_only=True)
    is_submitted = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = ["id", "indicator", "indicator_code", "period", "organization", "organization_code", "reviewer",
                  "reviewer_name", "assigned_at", "is_submitted"]
        read_only_fields = fields

    def get_is_submitted(self, obj) -> bool:
        return hasattr(obj, "sheet")


class ReviewAssignmentCreateSerializer(serializers.Serializer):
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.filter(kind=IndicatorKind.MANUAL))
    period = serializers.CharField(max_length=8)
    organization = ScopedSlugRelatedField(slug_field="code", queryset=Organization.objects.filter(
        status=OrgStatus.ACTIVE))
    reviewer = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))


class ReviewSheetSerializer(_MaskedReviewer):
    indicator = serializers.IntegerField(source="assignment.indicator_id", read_only=True)
    period = serializers.CharField(source="assignment.period", read_only=True)
    organization = serializers.IntegerField(source="assignment.organization_id", read_only=True)
    reviewer = serializers.IntegerField(source="assignment.reviewer_id", read_only=True)
    reviewer_name = serializers.CharField(source="assignment.reviewer.full_name", read_only=True)

    class Meta:
        model = ReviewSheet
        fields = ["id", "assignment", "indicator", "period", "organization", "reviewer", "reviewer_name", "score",
                  "comment", "submitted_at", "updated_at", "version"]
        read_only_fields = fields

    def _assignment(self, obj):
        return obj.assignment


class ReviewSheetSubmitSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(help_text="One of your own assignments (GET assessment-review-assignments).")
    score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, help_text="The sheet's version when changing it.")


class ReviewTallySerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = ReviewTally
        fields = ["id", "indicator", "indicator_code", "period", "organization", "organization_code", "assigned",
                  "sheets", "has_quorum", "value", "spread", "is_disputed", "computed_at"]
        read_only_fields = fields
