"""Serializers of the regional-committee API. Read serializers touch only columns, ``select_related``
rows and the selectors' annotations; write serializers parse input for the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from organizations.models import Level, Organization, OrgStatus, PartTimeMember, ResidentUnit
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.scoping import EDIT
from reports.models import Department, GridReport
from services.models import Demand

from .. import selectors
from ..models import (
    AgendaEntry,
    AgendaItem,
    Attendee,
    AttendeeKind,
    Body,
    BodyKind,
    ChairTerm,
    DutyReport,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    MeetingSeries,
    Recurrence,
)


class BodySerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    serving_count = serializers.IntegerField(read_only=True, default=None)
    unit_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Body
        fields = [
            "id", "kind", "name", "organization_code", "organization_name", "has_rotating_chair", "established_on",
            "is_active", "serving_count", "unit_count", "version",
        ]
        read_only_fields = fields


class BodyCreateSerializer(serializers.Serializer):
    organization = ScopedSlugRelatedField(
        slug_field="code", action=EDIT,
        queryset=Organization.objects.filter(
            level__in=[Level.DISTRICT, Level.STREET, Level.COMMUNITY], status=OrgStatus.ACTIVE
        ),
    )
    kind = serializers.ChoiceField(choices=BodyKind.choices, required=False)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    has_rotating_chair = serializers.BooleanField(required=False, default=False)
    established_on = serializers.DateField(required=False, allow_null=True)


class BodyWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    has_rotating_chair = serializers.BooleanField(required=False)
    established_on = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


class ResidentUnitSerializer(serializers.ModelSerializer):
    street_code = serializers.CharField(source="street.code", read_only=True)

    class Meta:
        model = ResidentUnit
        fields = ["id", "name", "kind", "street_code", "address", "contact"]
        read_only_fields = fields


class PartTimeMemberSerializer(serializers.ModelSerializer):
    committee_code = serializers.CharField(source="committee.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PartTimeMember
        fields = [
            "id", "name", "committee", "committee_code", "unit", "unit_name", "position", "term_start", "term_end",
        ]
        read_only_fields = fields


class PartTimeMemberCreateSerializer(serializers.Serializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.all(), action=EDIT)
    name = serializers.CharField(max_length=50)
    unit = serializers.IntegerField(help_text=_("A resident unit of the committee's street."))
    position = serializers.CharField(max_length=60, required=False, allow_blank=True)
    term_start = serializers.DateField()
    term_end = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        # Units are the street's (a community secretary reaches them only through the committee),
        # so the id is looked up among the units the chosen committee may draw on.
        unit = selectors.unit_choices(body=attrs["body"]).filter(pk=attrs["unit"]).first()
        if unit is None:
            raise serializers.ValidationError({"unit": _("No such unit in the committee's street.")})
        return {**attrs, "unit": unit}


class EndTermSerializer(serializers.Serializer):
    term_end = serializers.DateField()


class ChairTermSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ChairTerm
        fields = ["id", "body", "member", "member_name", "starts_on", "ends_on"]
        read_only_fields = fields


class ChairTermCreateSerializer(serializers.Serializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.all(), action=EDIT)
    member = ScopedPrimaryKeyRelatedField(queryset=PartTimeMember.objects.all(), action=EDIT)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class DutyReportSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = DutyReport
        fields = ["id", "member", "member_name", "year", "reported_on", "summary", "matters_solved", "rating"]
        read_only_fields = fields


class DutyReportCreateSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(queryset=PartTimeMember.objects.all(), action=EDIT)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    reported_on = serializers.DateField(required=False)
    summary = serializers.CharField()
    matters_solved = serializers.IntegerField(min_value=0, required=False, default=0)
    rating = serializers.ChoiceField(choices=DutyReport.Rating.choices, required=False, allow_blank=True, default="")


class CountsSerializer(serializers.Serializer):
    street_committees = serializers.IntegerField()
    community_committees = serializers.IntegerField()
    part_time_members = serializers.IntegerField()
    units = serializers.IntegerField()
    reports_last_year = serializers.IntegerField()


# --- joint meetings -----------------------------------------------------------------------------


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "meeting", "kind", "name", "unit", "part_time_member", "is_present", "absence_reason"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAttachment
        fields = ["id", "meeting", "title", "content_type", "uploaded_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    convenor_name = serializers.CharField(source="convenor.full_name", read_only=True, default=None)

    class Meta:
        model = Meeting
        fields = [
            "id", "body", "body_name", "series", "title", "planned_on", "held_on", "place", "convenor",
            "convenor_name", "status", "minutes", "closed_at", "version",
        ]
        read_only_fields = fields


class MeetingCreateSerializer(serializers.Serializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.filter(is_active=True), action=EDIT)
    title = serializers.CharField(max_length=120)
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class MeetingWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class MoveSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)
    version = serializers.IntegerField(required=False)


class CloseSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class AttendeeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttendeeKind.choices)
    name = serializers.CharField(max_length=50)
    unit = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    reasons = serializers.DictField(child=serializers.CharField(max_length=120), required=False, default=dict)


class SeriesSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSeries
        fields = [
            "id", "body", "title", "recurrence", "interval_weeks", "weekday", "nth", "place", "convenor", "is_active",
        ]
        read_only_fields = fields


class SeriesCreateSerializer(serializers.Serializer):
    body = ScopedPrimaryKeyRelatedField(queryset=Body.objects.filter(is_active=True), action=EDIT)
    title = serializers.CharField(max_length=120)
    first_on = serializers.DateField()
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False, default=Recurrence.MONTHLY)
    interval_weeks = serializers.IntegerField(min_value=1, max_value=26, required=False, allow_null=True)
    weekday = serializers.IntegerField(min_value=0, max_value=6, required=False, allow_null=True)
    nth = serializers.ChoiceField(choices=[1, 2, 3, 4, -1], required=False, allow_null=True)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


# --- agenda items and follow-up tasks -----------------------------------------------------------


class AgendaEntrySerializer(serializers.ModelSerializer):
    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True)

    class Meta:
        model = AgendaEntry
        fields = ["id", "item", "meeting", "meeting_held_on", "is_carried", "outcome", "note"]
        read_only_fields = fields


class FollowUpTaskSerializer(serializers.ModelSerializer):
    item_title = serializers.CharField(source="item.title", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = FollowUpTask
        fields = [
            "id", "item", "item_title", "department", "department_name", "unit_name", "is_lead", "due_on", "status",
            "done_note", "done_at",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    history = AgendaEntrySerializer(source="entries", many=True, read_only=True)
    tasks = FollowUpTaskSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id", "body", "title", "description", "source", "report", "demand", "earlier", "first_meeting", "meeting",
            "state", "resolution", "lead_unit", "due_on", "times_carried", "is_escalated", "closed_reason",
            "history", "tasks", "version",
        ]
        read_only_fields = fields


class ItemRaiseSerializer(serializers.Serializer):
    meeting = ScopedPrimaryKeyRelatedField(queryset=Meeting.objects.all(), action=EDIT)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    report = ScopedPrimaryKeyRelatedField(queryset=GridReport.objects.all(), required=False, allow_null=True)
    demand = ScopedPrimaryKeyRelatedField(queryset=Demand.objects.all(), required=False, allow_null=True)
    earlier = ScopedPrimaryKeyRelatedField(queryset=AgendaItem.objects.all(), required=False, allow_null=True)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()


class DeferSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    lead_department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False, allow_null=True
    )
    lead_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    departments = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), many=True, required=False, default=list
    )
    unit_names = serializers.ListField(child=serializers.CharField(max_length=120), required=False, default=list)
    due_in_working_days = serializers.IntegerField(min_value=1, max_value=250, required=False, default=10)

    def service_fields(self) -> dict:
        data = self.validated_data
        return {
            "lead": data.get("lead_department") or data["lead_name"],
            "responsible": [*data["departments"], *data["unit_names"]],
            "due_in_working_days": data["due_in_working_days"],
        }


class DropSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class TaskDoneSerializer(serializers.Serializer):
    note = serializers.CharField()
