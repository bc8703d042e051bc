"""Serializers of the organisational-life API: reads touch only columns and ``select_related`` rows;
writes parse input for ``orglife.services``."""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import Member, Organization, OrgStatus
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.scoping import EDIT

from ..models import Attendance, CommitteeMember, Evidence, FrequencyRule, Meeting, MeetingType, Period
from ..services import MEETING_LEVELS


def _org(**kwargs) -> ScopedSlugRelatedField:
    return ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level__in=MEETING_LEVELS, status=OrgStatus.ACTIVE),
        action=EDIT, **kwargs,
    )


class MeetingSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Meeting
        fields = ("id", "organization", "organization_name", "meeting_type", "held_on", "topic", "place", "lecturer",
                  "minutes", "expected", "present", "quorum_base", "quorum_present", "is_counted", "filed_at",
                  "is_late", "version")
        read_only_fields = fields


class AbsenceSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=Attendance.Reason.choices)


class MeetingRecordSerializer(serializers.Serializer):
    organization = _org()
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=200)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    lecturer = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    present = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=5000)
    absences = AbsenceSerializer(many=True, required=False, default=list, max_length=5000)


class MeetingUpdateSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=200, required=False)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True)
    lecturer = serializers.CharField(max_length=50, required=False, allow_blank=True)
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class AttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ("id", "meeting", "member", "member_name", "is_present", "absence_reason")
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ("id", "meeting", "kind", "original_name", "content_type", "uploaded_at")
        read_only_fields = fields


class CommitteeMemberSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ("id", "organization", "member", "member_name", "duty", "started_on", "ended_on")
        read_only_fields = fields


class CommitteeMemberCreateSerializer(serializers.Serializer):
    organization = _org()
    member = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), action=EDIT)
    duty = serializers.ChoiceField(choices=CommitteeMember.Duty.choices)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrequencyRule
        fields = ("id", "level", "org_type", "meeting_type", "period", "times", "version")
        read_only_fields = fields


class RuleUpdateSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=Period.choices)
    times = serializers.IntegerField(min_value=1, max_value=31)
    version = serializers.IntegerField(required=False)


class ComplianceQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    short_only = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if not attrs.get("quarter") and not attrs.get("month"):
            raise serializers.ValidationError("quarter or month")
        return attrs


class ComplianceCellSerializer(serializers.Serializer):
    meeting_type = serializers.CharField()
    required = serializers.IntegerField()
    held = serializers.IntegerField()
    is_short = serializers.BooleanField()


class ComplianceRowSerializer(serializers.Serializer):
    organization = serializers.CharField()
    name = serializers.CharField()
    is_short = serializers.BooleanField()
    cells = ComplianceCellSerializer(many=True)
