"""Serializers of the ledger API: explicit fields, columns the selectors already loaded.
Every related id an input accepts is resolved inside the acting user's EDIT scope
(``ScopedPrimaryKeyRelatedField``), so an id of another street reads exactly like an id that does
not exist: a 400, and nothing is written."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grids.models import Grid, GridWorker, Household
from organizations.models import Member, Organization
from organizations.paths import COMMUNITY_DEPTH, GRID_DEPTH, STREET_DEPTH
from partybuild.api_fields import ScopedPrimaryKeyRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT
from reports.models import ReportCategory

from ..models import (
    Assistance,
    Demand,
    DemandSource,
    DemandStatus,
    Evaluation,
    Fulfilment,
    GridVisit,
    NeedyCategory,
    NeedyHousehold,
    PairingLevel,
    Pledge,
    PledgeItem,
    Satisfaction,
    VisitKind,
)


def _editable(model, **kwargs) -> ScopedPrimaryKeyRelatedField:
    """A related id the user may write against (their EDIT scope)."""
    return ScopedPrimaryKeyRelatedField(queryset=model.objects.all(), action=EDIT, **kwargs)


def _category(**kwargs) -> serializers.SlugRelatedField:
    # Report categories are the district's reference list, the same for every area: not scoped.
    return serializers.SlugRelatedField(slug_field="code", queryset=ReportCategory.objects.filter(is_active=True),
                                        **kwargs)


# --- output ---------------------------------------------------------------------------------

class VisitSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code", read_only=True)
    worker = serializers.CharField(source="worker.name", read_only=True)
    kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    report = serializers.CharField(source="report.number", default=None, read_only=True)

    class Meta:
        model = GridVisit
        fields = ["id", "grid", "household_id", "worker", "visited_on", "kinds", "notes", "report"]


class FulfilmentSerializer(serializers.ModelSerializer):
    # The file has no public URL: the link is the scoped download view (partybuild.files).
    evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Fulfilment
        fields = ["id", "item_id", "done_on", "description", "evidence", "evidence_file", "created_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence_file(self, obj) -> str | None:
        if not obj.evidence_file:
            return None
        url = reverse("services:fulfilment-evidence", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PledgeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PledgeItem
        fields = ["id", "pledge_id", "content", "deadline", "target"]


class PledgeSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.name", read_only=True)
    organization = serializers.CharField(source="organization.code", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    fulfilment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "member_id", "member", "organization", "year", "item_count", "fulfilment_count",
                  "evaluation", "evaluation_note", "evaluated_on", "version"]


class PledgeDetailSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.name", read_only=True)
    organization = serializers.CharField(source="organization.code", read_only=True)
    items = PledgeItemSerializer(many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "member_id", "member", "organization", "year", "items", "evaluation", "evaluation_note",
                  "evaluated_on", "version"]


class NeedySerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(source="household.head_name", read_only=True)
    responsible = serializers.CharField(source="responsible.name", default=None, read_only=True)
    assistance_count = serializers.IntegerField(read_only=True)
    assistance_amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = NeedyHousehold
        fields = ["id", "household_id", "head_name", "category", "situation", "pairing_level", "responsible_id",
                  "responsible", "registered_on", "is_active", "assistance_count", "assistance_amount", "version"]


class AssistanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assistance
        fields = ["id", "needy_id", "given_on", "helper", "content", "amount"]


class DemandSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    report = serializers.CharField(source="report.number", default=None, read_only=True)

    class Meta:
        model = Demand
        fields = ["id", "organization", "received_on", "source", "resident_name", "phone", "household_id",
                  "content", "handler_id", "status", "reply", "replied_on", "satisfaction", "report", "version"]


# --- input ----------------------------------------------------------------------------------

class VisitCreateSerializer(serializers.Serializer):
    grid = _editable(Grid)
    household = _editable(Household)
    worker = _editable(GridWorker)
    visited_on = serializers.DateField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=VisitKind.choices), min_length=1)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    hazard_category = _category(required=False, default=None)
    hazard_description = serializers.CharField(required=False, allow_blank=True, default="")


class ItemInputSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=300)
    deadline = serializers.DateField()
    target = serializers.CharField(max_length=300)


class PledgeCreateSerializer(serializers.Serializer):
    member = _editable(Member)
    year = serializers.IntegerField()
    items = ItemInputSerializer(many=True)


class EvaluateSerializer(serializers.Serializer):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class FulfilSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    description = serializers.CharField(max_length=500)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_file = serializers.FileField(required=False, default=None)


class NeedyCreateSerializer(serializers.Serializer):
    household = _editable(Household)
    category = serializers.ChoiceField(choices=NeedyCategory.choices)
    pairing_level = serializers.ChoiceField(choices=PairingLevel.choices, required=False, default="")
    responsible = _editable(Member, required=False, default=None, allow_null=True)
    situation = serializers.CharField(required=False, allow_blank=True, default="")
    registered_on = serializers.DateField(required=False, default=None)


class NeedyUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=NeedyCategory.choices, required=False)
    pairing_level = serializers.ChoiceField(choices=PairingLevel.choices, required=False)
    responsible = _editable(Member, required=False, allow_null=True)
    situation = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField()


class AssistanceInputSerializer(serializers.Serializer):
    given_on = serializers.DateField()
    helper = serializers.CharField(max_length=100)
    content = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, default=None, allow_null=True)


class DemandCreateSerializer(serializers.Serializer):
    organization = _editable(Organization)
    received_on = serializers.DateField()
    source = serializers.ChoiceField(choices=DemandSource.choices)
    resident_name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    household = _editable(Household, required=False, default=None, allow_null=True)
    content = serializers.CharField()


class DemandUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DemandStatus.choices, required=False)
    reply = serializers.CharField(required=False, allow_blank=True)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, required=False, allow_blank=True)
    version = serializers.IntegerField()


class DemandReportSerializer(serializers.Serializer):
    category = _category()
    grid = _editable(Grid, required=False, default=None, allow_null=True)


class StatsQuerySerializer(serializers.Serializer):
    """The statistics endpoint's query string: a nonsense value is a 400, never a guess."""

    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100,
                                    help_text="Defaults to this year.")
    depth = serializers.IntegerField(required=False, default=COMMUNITY_DEPTH, min_value=STREET_DEPTH,
                                     max_value=GRID_DEPTH, help_text="2 streets, 3 communities (default), 4 grids.")


class LedgerStatsSerializer(serializers.Serializer):
    organization = serializers.CharField()
    name = serializers.CharField()
    visits = serializers.DictField(child=serializers.IntegerField())
    pledges = serializers.DictField(child=serializers.IntegerField())
    needy = serializers.DictField()
    demands = serializers.DictField(child=serializers.IntegerField())
