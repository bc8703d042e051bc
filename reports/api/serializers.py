"""Serializers of the grid report API: explicit fields, columns the selectors already loaded."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.models import Grid, Household
from partybuild.scoping import EDIT, scope_queryset

from ..models import (
    Department,
    DepartmentKind,
    EventAction,
    GridReport,
    Outcome,
    ReportCategory,
    ReportEvent,
    Source,
    Status,
)


class CategorySerializer(serializers.ModelSerializer):
    default_department = serializers.CharField(source="default_department.name", default=None, read_only=True)

    class Meta:
        model = ReportCategory
        fields = ["id", "code", "name", "description", "default_department", "auto_dispatch",
                  "accept_limit_hours", "contact_limit_hours", "time_limit_hours"]


# Choice fields are plain strings in the schema: several apps have a "status" or "source" of their
# own, and same-named enums from different apps collide in drf-spectacular's component names.
def _choices_help(choices) -> str:
    return ", ".join(str(value) for value, _label in choices)


class DepartmentSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=_choices_help(DepartmentKind.choices))

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "organization", "phone", "is_active"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)
    action = serializers.CharField(read_only=True, help_text=_choices_help(EventAction.choices))
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = ReportEvent
        fields = ["action", "from_status", "to_status", "actor", "department_id", "comment", "created_at"]


class ReportSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    department = serializers.CharField(source="department.name", default=None, read_only=True)
    status = serializers.CharField(read_only=True, help_text=_choices_help(Status.choices))
    source = serializers.CharField(read_only=True, help_text=_choices_help(Source.choices))
    outcome = serializers.CharField(read_only=True, help_text=_choices_help(Outcome.choices))

    class Meta:
        model = GridReport
        fields = ["id", "number", "grid", "category", "department", "household_id", "location", "description",
                  "source", "status", "outcome", "satisfaction", "reported_at", "dispatched_at", "accepted_at",
                  "resolved_at", "closed_at", "accept_due_at", "due_at", "is_overdue", "version"]


class ReportDetailSerializer(ReportSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "events"]


class ReportCreateSerializer(serializers.Serializer):
    grid = serializers.PrimaryKeyRelatedField(queryset=Grid.objects.none())
    category = serializers.SlugRelatedField(slug_field="code", queryset=ReportCategory.objects.filter(is_active=True))
    description = serializers.CharField(max_length=2000)
    location = serializers.CharField(max_length=200, required=False, default="")
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none(), required=False, allow_null=True)
    source = serializers.CharField(default=Source.GRID, help_text=_choices_help(Source.choices))
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # schema generation
            return
        user = request.user
        # An outsider's grid or household reads as "does not exist".
        self.fields["grid"].queryset = scope_queryset(Grid.objects.all(), user, EDIT)
        self.fields["household"].queryset = scope_queryset(Household.objects.all(), user, EDIT)


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.none(), required=False)
    outcome = serializers.CharField(required=False, help_text=_choices_help(Outcome.choices))
    satisfaction = serializers.IntegerField(required=False, min_value=1, max_value=5,
                                            help_text=_("Resident satisfaction, 1 to 5 (closing only)."))

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments


class StatsRowSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, required=False)
    reported = serializers.IntegerField()
    closed = serializers.IntegerField()
    on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    closure_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    mean_hours_to_close = serializers.FloatField(allow_null=True)
