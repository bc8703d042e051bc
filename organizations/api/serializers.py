"""Serializers of the organisation, member, transfer and coverage API.

Read serializers only touch columns, ``select_related`` rows and annotations prepared by the
selectors, so a list costs the same number of queries whatever its length. Write serializers
parse input; the writes themselves happen in ``organizations.services`` / ``member_services``.
Every related input is a scoped field (``partybuild.api_fields``): a record outside the user's
area reads exactly like one that does not exist. Query strings go through serializers too.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from grids.models import Household
from partybuild.api_fast import FastReadMixin
from partybuild.api_fields import ChoiceLabelField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.personal import age_on
from partybuild.scoping import EDIT

from ..member_selectors import registration_community, transfer_destination
from ..member_services import MEMBER_FIELDS
from ..models import (
    ID_NUMBER_TAKEN,
    Level,
    Member,
    MemberStatus,
    Organization,
    OrgStatus,
    OrgType,
    Transfer,
)
from ..validators import validate_id_number


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise serializers.ValidationError(_("The date cannot be in the future."))
    return value


def _org_code_field(**kwargs) -> ScopedSlugRelatedField:
    """An active organisation in the user's area, named by its code."""
    return ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(status=OrgStatus.ACTIVE),
        error_messages={"does_not_exist": _("No organisation in your area has this code.")}, **kwargs,
    )


# --- query strings -------------------------------------------------------------------------


class ChildrenQuerySerializer(serializers.Serializer):
    include_dissolved = serializers.BooleanField(required=False, default=False, help_text=_("Also dissolved children."))


class MemberListQuerySerializer(serializers.Serializer):
    historical = serializers.BooleanField(
        required=False, default=False, help_text=_("List historical members instead.")
    )


class CoverageQuerySerializer(serializers.Serializer):
    root = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="",
        help_text=_("Code of an organisation in your area; defaults to your area's top when you have one."),
    )


# --- organisations -------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    level_label = ChoiceLabelField("level")
    org_type_label = ChoiceLabelField("org_type")
    status_label = ChoiceLabelField("status")
    # Annotated by the API selector from the path, so no query per row.
    parent_code = serializers.CharField(read_only=True, allow_null=True)
    secretary_name = serializers.CharField(source="secretary.name", read_only=True, allow_null=True, default=None)
    member_total = serializers.IntegerField(
        read_only=True, help_text=_("Current members in the subtree; only in the children listing.")
    )

    class Meta:
        model = Organization
        fields = [
            "id", "code", "name", "level", "level_label", "org_type", "org_type_label", "status", "status_label",
            "parent_code", "depth", "secretary", "secretary_name", "phone", "address", "established_on",
            "end_date", "dissolved_on", "version", "updated_at", "member_total",
        ]
        read_only_fields = fields


class OrganizationCreateSerializer(serializers.Serializer):
    parent = _org_code_field(help_text=_("Code of the organisation above the new one."))
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=120)
    level = serializers.ChoiceField(choices=Level.choices)
    org_type = serializers.ChoiceField(choices=OrgType.choices, default=OrgType.STANDARD)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)


class OrganizationUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read; a stale edit is refused."))
    name = serializers.CharField(max_length=120, required=False)
    org_type = serializers.ChoiceField(choices=OrgType.choices, required=False)
    secretary = ScopedPrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)


class OrganizationMoveSerializer(serializers.Serializer):
    parent = _org_code_field(help_text=_("Code of the new organisation above."))


class OrganizationDissolveSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, validators=[_not_in_future])
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# --- members -------------------------------------------------------------------------------


class MemberSerializer(FastReadMixin, PersonalDataSerializerMixin, serializers.ModelSerializer):
    """A member. ID number and phone come masked for every role, and the age stands in for the birth
    date (together they would narrow the ID number down to a handful); the full values only through
    the recorded reveal endpoint."""

    gender_label = ChoiceLabelField("gender")
    category_label = ChoiceLabelField("category")
    status_label = ChoiceLabelField("status")
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    is_historical = serializers.BooleanField(read_only=True)
    age = serializers.SerializerMethodField(help_text=_("Age in whole years today."))

    class Meta:
        model = Member
        fields = [
            "id", "name", "gender", "gender_label", "ethnicity", "age", "id_number", "phone", "education",
            "joined_on", "category", "category_label", "status", "status_label", "is_historical", "branch",
            "branch_code", "branch_name", "household", "is_in_service", "work_unit", "registered_community",
            "registered_on", "version", "updated_at",
        ]
        read_only_fields = fields

    def get_age(self, obj) -> int | None:
        return age_on(obj.birth_date, timezone.localdate())


class _HouseholdField(ScopedPrimaryKeyRelatedField):
    """A household the user may edit; a member's current one stays valid on edits, wherever it lies."""

    def get_queryset(self):
        qs = super().get_queryset()
        instance = getattr(self.parent, "instance", None)
        if instance is not None and instance.household_id:
            return Household.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk=instance.household_id))
        return qs


class _MemberWriteSerializer(serializers.ModelSerializer):
    """Fields shared by registration and edits, in the shape ``member_services`` takes them.
    The date rules are the model's (``Member.clean``), applied by the service."""

    household = _HouseholdField(queryset=Household.objects.all(), action=EDIT, required=False, allow_null=True)
    # Not scoped on purpose: members register where they live, often in another street (see the selector).
    registered_community = serializers.CharField(
        max_length=32, required=False, allow_blank=True, allow_null=True,
        help_text=_("In-service members: code of the community where they live and report in."),
    )

    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)
        # DRF's own wording ("party member with this ID card number already exists") would be the
        # only place that differs from the neutral message of the form and the admin.
        extra_kwargs = {"id_number": {"validators": [
            validate_id_number, UniqueValidator(queryset=Member.objects.all(), message=ID_NUMBER_TAKEN),
        ]}}

    def validate_registered_community(self, value):
        if not value:
            return None
        community = registration_community(code=value)
        if community is None:
            raise serializers.ValidationError(_("No active community has this code."))
        return community

    def validate_id_number(self, value: str) -> str:
        return value.strip().upper()


class MemberCreateSerializer(_MemberWriteSerializer):
    branch = _org_code_field(help_text=_("Code of the member's organisation."))
    joined_branch_on = serializers.DateField(
        required=False, allow_null=True,
        help_text=_("When the member joined this organisation; defaults to the date of joining the party."),
    )

    class Meta(_MemberWriteSerializer.Meta):
        fields = ["branch", "joined_branch_on", *MEMBER_FIELDS]


class MemberUpdateSerializer(_MemberWriteSerializer):
    """Used with ``partial=True``: only the fields sent change, but ``version`` is always needed."""

    version = serializers.IntegerField(help_text=_("The version you read; a stale edit is refused."))

    class Meta(_MemberWriteSerializer.Meta):
        fields = ["version", *MEMBER_FIELDS]

    def validate(self, attrs):
        if "version" not in attrs:
            raise serializers.ValidationError({"version": _("Send the version you read.")})
        return attrs


class MemberStatusChangeSerializer(serializers.Serializer):
    # Moving out goes through a transfer, so that status is not accepted here.
    status = serializers.ChoiceField(
        choices=[(v, label) for v, label in MemberStatus.choices if v != MemberStatus.TRANSFERRED_OUT]
    )
    on = serializers.DateField(validators=[_not_in_future])
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MemberTransferSerializer(serializers.Serializer):
    to_org = serializers.CharField(max_length=32, help_text=_("Code of the receiving organisation."))
    on = serializers.DateField(required=False, allow_null=True, validators=[_not_in_future])
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_to_org(self, value: str) -> Organization:
        # Not scoped on purpose: a transfer names a branch anywhere in the district (see the selector).
        org = transfer_destination(code=value)
        if org is None:
            raise serializers.ValidationError(_("No active organisation has this code."))
        return org


# --- transfers -----------------------------------------------------------------------------


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    from_org_code = serializers.CharField(source="from_org.code", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True)
    to_org_code = serializers.CharField(source="to_org.code", read_only=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True)
    state_label = ChoiceLabelField("state")

    class Meta:
        model = Transfer
        fields = [
            "id", "member", "member_name", "from_org", "from_org_code", "from_org_name", "to_org", "to_org_code",
            "to_org_name", "state", "state_label", "reason", "sent_on", "closed_on",
        ]
        read_only_fields = fields


class TransferReceiveSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, validators=[_not_in_future])


# --- coverage statistics -------------------------------------------------------------------


class CoverageRootSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)


class CoverageLevelsSerializer(serializers.Serializer):
    street = serializers.IntegerField()
    community = serializers.IntegerField()
    grid = serializers.IntegerField()
    building = serializers.IntegerField()
    household = serializers.IntegerField()
    special = serializers.IntegerField()


class CoverageCommunityTypesSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    general_branch = serializers.IntegerField()
    branch = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    """Active organisations below ``root`` by level and type, and its members."""

    root = CoverageRootSerializer()
    levels = CoverageLevelsSerializer()
    community_types = CoverageCommunityTypesSerializer()
    special_types = serializers.DictField(child=serializers.IntegerField(), help_text=_("By special type."))
    members = serializers.IntegerField(help_text=_("Current members."))
    probationary_members = serializers.IntegerField()
    in_service_registered = serializers.IntegerField(help_text=_("Active in-service members registered here."))
    members_by_status = serializers.DictField(child=serializers.IntegerField(), help_text=_("All members by status."))
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the figures were computed (the summaries); null: counted live.")
    )


class CoverageRootChoiceSerializer(serializers.Serializer):
    """The 400 answer when ``root`` is missing and the user has several subtrees."""

    root = serializers.ListField(child=serializers.CharField())
    roots = CoverageRootSerializer(many=True)
