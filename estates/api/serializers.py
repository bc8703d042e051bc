"""Serializers of the property API. Read serializers touch columns, ``select_related`` rows and the
selectors' annotations only; write serializers parse input for the services, resolving every id
and code inside the user's area."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.models import Building, Household
from organizations.models import Level, Member, Organization, OrgStatus
from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT
from reports.models import GridReport

from .. import selectors
from ..models import (
    Appointment,
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommitteeRole,
    Complaint,
    Inspection,
    ListEntry,
    ListStep,
    ManagementMode,
    Matter,
    PartyStatus,
    PropertyCompany,
    RankingWeights,
    SatisfactionSurvey,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)


def _org(levels, **kwargs) -> ScopedSlugRelatedField:
    """An active organisation of ``levels`` the user may edit, named by its code."""
    return ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level__in=levels, status=OrgStatus.ACTIVE),
        action=EDIT, **kwargs,
    )


class CompanyChoiceField(ScopedPrimaryKeyRelatedField):
    """A company in reach or in the register of the district or street above the user."""

    def get_queryset(self):
        return selectors.company_choices(user=self.context["request"].user)


# --- companies ------------------------------------------------------------------------------------


class CompanySerializer(serializers.ModelSerializer):
    registrar_code = serializers.CharField(source="registrar.code", read_only=True)
    party_branch_code = serializers.CharField(source="party_branch.code", read_only=True, default=None)
    instructor_name = serializers.CharField(source="instructor.name", read_only=True, default=None)
    unit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PropertyCompany
        fields = [
            "id", "registrar_code", "name", "credit_code", "legal_representative", "contact_name", "phone", "address",
            "qualification", "party_status", "party_branch", "party_branch_code", "instructor", "instructor_name",
            "instructor_since", "unit_count", "version",
        ]
        read_only_fields = fields


class CompanyWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    credit_code = serializers.CharField(max_length=18, required=False)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    qualification = serializers.CharField(max_length=100, required=False, allow_blank=True)
    party_status = serializers.ChoiceField(choices=PartyStatus.choices, required=False)
    party_branch = ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.all(), required=False, allow_null=True,
        help_text=_("Organisation code of the company's branch."),
    )
    instructor = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    instructor_since = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class CompanyCreateSerializer(CompanyWriteSerializer):
    registrar = _org((Level.DISTRICT, Level.STREET), help_text=_("Code of the district or street."))
    name = serializers.CharField(max_length=120)
    credit_code = serializers.CharField(max_length=18)


# --- units ----------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True, default=None)
    building_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceUnit
        fields = [
            "id", "code", "name", "community", "community_code", "management_mode", "company", "company_name",
            "households", "building_count", "version",
        ]
        read_only_fields = fields


class UnitWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    households = serializers.IntegerField(min_value=0, required=False)
    version = serializers.IntegerField(required=False)


class UnitCreateSerializer(serializers.Serializer):
    community = _org((Level.COMMUNITY,), help_text=_("Community code."))
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=120)
    management_mode = serializers.ChoiceField(choices=ManagementMode.choices)
    company = CompanyChoiceField(queryset=PropertyCompany.objects.all(), required=False, allow_null=True)
    households = serializers.IntegerField(min_value=0, required=False)
    started_on = serializers.DateField(required=False)


class ManagementChangeSerializer(serializers.Serializer):
    management_mode = serializers.ChoiceField(choices=ManagementMode.choices)
    company = CompanyChoiceField(queryset=PropertyCompany.objects.all(), required=False, allow_null=True)
    on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class AddBuildingSerializer(serializers.Serializer):
    building = ScopedPrimaryKeyRelatedField(queryset=Building.objects.all(), action=EDIT)
    on = serializers.DateField(required=False)


class PeriodSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True, default=None)

    class Meta:
        model = UnitCompanyPeriod
        fields = ["id", "unit", "management_mode", "company", "company_name", "started_on", "ended_on", "note"]
        read_only_fields = fields


class CoverageSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = UnitBuilding
        fields = ["id", "unit", "building", "building_name", "started_on", "ended_on"]
        read_only_fields = fields


# --- committees -----------------------------------------------------------------------------------


class CommitteeSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    party_member_count = serializers.IntegerField(read_only=True)
    cross_count = serializers.IntegerField(read_only=True)
    needs_election = serializers.BooleanField(read_only=True, help_text=_("The term ended without a new election."))

    class Meta:
        model = Committee
        fields = [
            "id", "unit", "unit_name", "kind", "elected_on", "term_start", "term_end", "member_count",
            "party_member_count", "cross_count", "needs_election", "version",
        ]
        read_only_fields = fields


class CommitteeWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CommitteeKind.choices, required=False)
    elected_on = serializers.DateField(required=False)
    term_start = serializers.DateField(required=False)
    term_end = serializers.DateField(required=False)
    version = serializers.IntegerField(required=False)


class CommitteeCreateSerializer(CommitteeWriteSerializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=ServiceUnit.objects.all(), action=EDIT)
    kind = serializers.ChoiceField(choices=CommitteeKind.choices)
    elected_on = serializers.DateField()
    term_start = serializers.DateField()
    term_end = serializers.DateField()


class CommitteeMemberSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = [
            "id", "committee", "name", "phone", "committee_role", "party_member", "is_party_member",
            "cross_appointment", "cross_post", "started_on", "ended_on",
        ]
        read_only_fields = fields


class CommitteeMemberCreateSerializer(serializers.Serializer):
    committee = ScopedPrimaryKeyRelatedField(queryset=Committee.objects.all(), action=EDIT)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    committee_role = serializers.ChoiceField(choices=CommitteeRole.choices, required=False)
    party_member = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    is_party_member = serializers.BooleanField(required=False)
    cross_appointment = serializers.ChoiceField(choices=Appointment.choices, required=False, allow_blank=True)
    cross_post = serializers.CharField(max_length=100, required=False, allow_blank=True)
    started_on = serializers.DateField(required=False, allow_null=True)


# --- 武房管家 --------------------------------------------------------------------------------------


class ItemSerializer(serializers.ModelSerializer):
    owner_code = serializers.CharField(source="owner.code", read_only=True)

    class Meta:
        model = ServiceItem
        fields = ["id", "owner_code", "name", "fee", "fee_unit", "quality_standard", "is_active", "version"]
        read_only_fields = fields


class ItemWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    fee = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, required=False)
    fee_unit = serializers.CharField(max_length=20, required=False)
    quality_standard = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


class ItemCreateSerializer(ItemWriteSerializer):
    owner = _org((Level.DISTRICT, Level.STREET), help_text=_("Code of the district or street."))
    name = serializers.CharField(max_length=100)
    fee = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)


class RecordSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = ServiceRecord
        fields = [
            "id", "community", "community_code", "item", "item_name", "household", "company", "served_on",
            "quantity", "fee_charged", "note",
        ]
        read_only_fields = fields


class ItemChoiceField(ScopedPrimaryKeyRelatedField):
    """Any item the user reads; the service checks it applies in the community."""


class RecordCreateSerializer(serializers.Serializer):
    community = _org((Level.COMMUNITY,), help_text=_("Community code."))
    item = ItemChoiceField(queryset=ServiceItem.objects.all())
    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all(), action=EDIT)
    company = CompanyChoiceField(queryset=PropertyCompany.objects.all(), required=False, allow_null=True)
    served_on = serializers.DateField()
    quantity = serializers.IntegerField(min_value=1, required=False)
    fee_charged = serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


# --- statistics -----------------------------------------------------------------------------------


class StatsQuerySerializer(serializers.Serializer):
    root = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Organisation code."))


def _counts(choices, help_text):
    return serializers.DictField(child=serializers.IntegerField(), help_text=f"{help_text}: {', '.join(choices)}")


class PropertyStatsSerializer(serializers.Serializer):
    root = serializers.CharField()
    units = serializers.IntegerField()
    units_by_mode = _counts(ManagementMode.values, "keys")
    companies = serializers.IntegerField()
    companies_by_party_status = _counts(PartyStatus.values, "keys")


# --- complaints, surveys, inspections -------------------------------------------------------------


class ComplaintSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    report_number = serializers.CharField(source="report.number", read_only=True, default=None)
    answered_on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = Complaint
        fields = [
            "id", "unit", "company", "company_name", "source", "report", "report_number", "household",
            "resident_name", "phone", "matter", "description", "complaint_status", "routed_to", "filed_at",
            "answer_due_at", "answer", "answered_at", "answered_on_time", "closed_at", "satisfaction", "repeat_of",
            "version",
        ]
        read_only_fields = fields


class ComplaintCreateSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyRelatedField(queryset=ServiceUnit.objects.all(), action=EDIT)
    matter = serializers.ChoiceField(choices=Matter.choices)
    description = serializers.CharField(max_length=2000)
    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all(), required=False, allow_null=True)
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class ComplaintLinkSerializer(serializers.Serializer):
    report = ScopedPrimaryKeyRelatedField(queryset=GridReport.objects.all(), action=EDIT)
    unit = ScopedPrimaryKeyRelatedField(queryset=ServiceUnit.objects.all(), action=EDIT)
    matter = serializers.ChoiceField(choices=Matter.choices)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False)


class CloseSerializer(serializers.Serializer):
    satisfaction = serializers.IntegerField(min_value=1, max_value=5)
    version = serializers.IntegerField(required=False)


class SurveySerializer(serializers.ModelSerializer):
    class Meta:
        model = SatisfactionSurvey
        fields = ["id", "unit", "year", "quarter", "sample_size", "satisfied"]
        read_only_fields = ["id"]
        extra_kwargs = {"unit": {"queryset": ServiceUnit.objects.none()}}

    def get_fields(self):
        fields = super().get_fields()
        fields["unit"] = ScopedPrimaryKeyRelatedField(queryset=ServiceUnit.objects.all(), action=EDIT)
        return fields


class InspectionSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True, default=None)

    class Meta:
        model = Inspection
        fields = ["id", "unit", "company", "company_name", "inspected_on", "items_checked", "findings", "score"]
        read_only_fields = ["id", "company", "company_name"]

    def get_fields(self):
        fields = super().get_fields()
        fields["unit"] = ScopedPrimaryKeyRelatedField(queryset=ServiceUnit.objects.all())
        return fields


class WeightsSerializer(serializers.ModelSerializer):
    district_code = serializers.CharField(source="district.code", read_only=True)

    class Meta:
        model = RankingWeights
        fields = ["id", "district_code", "complaints", "on_time", "repeats", "satisfaction", "inspection",
                  "prior_households", "version"]
        read_only_fields = fields


class RankingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    by = serializers.ChoiceField(choices=["company", "unit"], default="company")


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    key = serializers.IntegerField(source="counts.key")
    name = serializers.CharField(source="counts.name")
    households = serializers.IntegerField(source="counts.households")
    complaints = serializers.IntegerField(source="counts.complaints")
    answered = serializers.IntegerField(source="counts.answered")
    on_time = serializers.IntegerField(source="counts.on_time")
    repeats = serializers.IntegerField(source="counts.repeats")
    asked = serializers.IntegerField(source="counts.asked")
    satisfied = serializers.IntegerField(source="counts.satisfied")
    raw = serializers.DictField(child=serializers.FloatField(allow_null=True))
    shrunk = serializers.DictField(child=serializers.FloatField())
    weight = serializers.FloatField(help_text="w = H / (H + K)")
    score = serializers.FloatField()


class ListEntrySerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    street_code = serializers.CharField(source="street.code", read_only=True)

    class Meta:
        model = ListEntry
        fields = ["id", "company", "company_name", "street_code", "kind", "basis", "evidence", "list_status",
                  "starts_on", "expires_on", "review_on", "appeal_reason", "proposed_at", "version"]
        read_only_fields = fields


class ListProposeSerializer(serializers.Serializer):
    company = CompanyChoiceField(queryset=PropertyCompany.objects.all())
    street = _org((Level.STREET,), help_text=_("Street code."))
    kind = serializers.ChoiceField(choices=["red", "black"])
    evidence = serializers.CharField(max_length=4000)


class ListStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListStep
        fields = ["id", "entry", "list_status", "actor", "at", "note"]
        read_only_fields = fields


class ListNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class ListDecideSerializer(ListNoteSerializer):
    starts_on = serializers.DateField()
    expires_on = serializers.DateField()
    review_on = serializers.DateField(required=False, allow_null=True)


class ListAppealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False)
