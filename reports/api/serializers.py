"""Serializers of the grid report API: explicit fields, columns the selectors already loaded."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.models import Grid, Household
from organizations.models import Organization
from partybuild.api_fields import ScopedPrimaryKeyRelatedField
from partybuild.scoping import EDIT

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
    # An outsider's grid or household reads as "does not exist".
    grid = ScopedPrimaryKeyRelatedField(queryset=Grid.objects.all(), action=EDIT)
    # Categories are district-wide configuration (every grid files into the same list), not
    # tenant data: a plain queryset of the active ones.
    category = serializers.SlugRelatedField(slug_field="code", queryset=ReportCategory.objects.filter(is_active=True))
    description = serializers.CharField(max_length=2000)
    location = serializers.CharField(max_length=200, required=False, default="")
    household = ScopedPrimaryKeyRelatedField(
        queryset=Household.objects.all(), action=EDIT, required=False, allow_null=True
    )
    source = serializers.CharField(default=Source.GRID, help_text=_choices_help(Source.choices))
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_source(self, value: str) -> str:
        if value not in Source.values:
            raise serializers.ValidationError(_("One of: %(choices)s.") % {"choices": _choices_help(Source.choices)})
        return value


class ReportStepSerializer(serializers.Serializer):
    """What every step takes: the version the client read and a comment. Each step adds its own
    fields; a field of another step is refused by name (400), never passed on to the service."""

    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)

    def validate(self, attrs: dict) -> dict:
        foreign = sorted(set(getattr(self, "initial_data", None) or ()) - set(self.fields))
        if foreign:
            raise serializers.ValidationError({
                name: [_("This step does not take “%(field)s”.") % {"field": name}] for name in foreign
            })
        return attrs


class ReportDispatchSerializer(ReportStepSerializer):
    # Departments the user can see (district departments above their street included); the
    # service then checks the department serves the case's street and is active.
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)


class ReportCloseSerializer(ReportStepSerializer):
    outcome = serializers.CharField(required=False, help_text=_choices_help(Outcome.choices))
    satisfaction = serializers.IntegerField(required=False, min_value=1, max_value=5,
                                            help_text=_("Resident satisfaction, 1 to 5 (closing only)."))


STEP_SERIALIZERS: dict[str, type[ReportStepSerializer]] = {
    EventAction.DISPATCH: ReportDispatchSerializer,
    EventAction.CLOSE: ReportCloseSerializer,
}


def step_serializer(name: str) -> type[ReportStepSerializer]:
    return STEP_SERIALIZERS.get(name, ReportStepSerializer)


class ReportStatsQuerySerializer(serializers.Serializer):
    """The statistics' query string: a bad date or an organisation outside the user's area is a 400."""

    org = ScopedPrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, help_text=_("Organisation id (in your area).")
    )
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": [_("The end of the period comes before its start.")]})
        return attrs


class StatsRowSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, required=False)
    reported = serializers.IntegerField()
    closed = serializers.IntegerField()
    on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    closure_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    mean_hours_to_close = serializers.FloatField(allow_null=True)
