"""Serializers of the volunteering API. Read serializers touch only columns, ``select_related`` rows
and the selectors' annotations (no query per row); write serializers parse input for the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from grids.models import Household
from organizations.models import Level, Member, Organization, OrgStatus
from partybuild.api_fields import ChoiceLabelField, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.scoping import EDIT

from .. import selectors
from ..models import (
    Category,
    CreditHold,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)


def _community(**kwargs) -> ScopedSlugRelatedField:
    """An active community the user may edit, named by its code."""
    return ScopedSlugRelatedField(
        slug_field="code", queryset=Organization.objects.filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE),
        action=EDIT, **kwargs,
    )


class VolunteerMemberField(ScopedPrimaryKeyRelatedField):
    """A party member who may volunteer in a community the user may edit: members of the user's
    area, and in-service members registered at one of its communities (their own branch may lie
    in another street; registering there is what lets the community know them). The model then
    checks the member fits the chosen community."""

    def get_queryset(self):
        return selectors.member_choices(user=self.context["request"].user)


class AssigneeMemberField(ScopedPrimaryKeyRelatedField):
    """An in-service member registered at the order's community (``dispatch_members``): the only
    members an order may go to, and so the only ones who may take it."""

    def get_queryset(self):
        return selectors.dispatch_members(order=self.parent.order)


class TeamSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)
    volunteer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = [
            "id", "community", "community_code", "name", "speciality", "leader", "leader_name", "founded_on",
            "is_active", "volunteer_count", "version",
        ]
        read_only_fields = fields


class TeamWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    speciality = serializers.CharField(max_length=200, required=False, allow_blank=True)
    leader = ScopedPrimaryKeyRelatedField(
        queryset=Volunteer.objects.all(), required=False, allow_null=True, help_text=_("Volunteer id of the leader.")
    )
    founded_on = serializers.DateField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


class TeamCreateSerializer(TeamWriteSerializer):
    """The write fields, with what a new team cannot go without (edits may leave them out)."""

    community = _community(help_text=_("Community code."))
    name = serializers.CharField(max_length=100)


class VolunteerSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    balance = serializers.IntegerField(read_only=True, help_text=_("Points balance: the ledger's sum."))

    class Meta:
        model = Volunteer
        fields = ["id", "community", "community_code", "name", "member", "team", "team_name", "joined_on", "balance",
                  "version"]
        read_only_fields = fields


class VolunteerWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    member = VolunteerMemberField(
        queryset=Member.objects.none(), required=False, allow_null=True,
        help_text=_("Party member id, if a member."),
    )
    team = ScopedPrimaryKeyRelatedField(queryset=VolunteerTeam.objects.all(), required=False, allow_null=True)
    joined_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class VolunteerCreateSerializer(VolunteerWriteSerializer):
    community = _community(help_text=_("Community code."))
    name = serializers.CharField(max_length=50)


class OrderSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)
    status_label = ChoiceLabelField("status")
    category_label = ChoiceLabelField("category")
    assigned_member_name = serializers.CharField(source="assigned_member.name", read_only=True, default=None)
    assigned_team_name = serializers.CharField(source="assigned_team.name", read_only=True, default=None)
    # Plain strings, not enums, in the schema (see reports.api.serializers on colliding names).
    confirmation = serializers.CharField(read_only=True, help_text="resident_code, street_official")

    class Meta:
        model = ServiceOrder
        fields = [
            "id", "community", "community_code", "resident_name", "household", "phone", "category", "category_label",
            "need", "preferred_time", "status", "status_label", "assigned_member", "assigned_member_name",
            "assigned_team", "assigned_team_name", "placed_at", "dispatched_at", "taken_at", "done_at", "hours",
            "confirmation", "rating", "rating_comment",
        ]
        read_only_fields = fields


class OrderCreateSerializer(serializers.Serializer):
    community = _community(help_text=_("Community code."))
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all(), required=False, allow_null=True)
    phone = serializers.CharField(max_length=20)
    category = serializers.ChoiceField(choices=Category.choices)
    need = serializers.CharField(max_length=1000)
    preferred_time = serializers.CharField(max_length=60, required=False, allow_blank=True)


class PlacedOrderSerializer(OrderSerializer):
    """The answer to placing an order: the order, and this once the resident's confirmation code."""

    confirmation_code = serializers.CharField(
        read_only=True, help_text=_("Shown only in this answer: give it to the resident; it confirms the service.")
    )

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "confirmation_code"]
        read_only_fields = fields


class AssigneeSerializer(serializers.Serializer):
    member = AssigneeMemberField(
        queryset=Member.objects.none(), required=False, allow_null=True, help_text=_("Party member id.")
    )
    team = ScopedPrimaryKeyRelatedField(
        queryset=VolunteerTeam.objects.all(), required=False, allow_null=True, help_text=_("Volunteer team id.")
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def __init__(self, *args, order: ServiceOrder | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order


class CompleteSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    volunteers = ScopedPrimaryKeyRelatedField(queryset=Volunteer.objects.all(), many=True, required=False)
    confirmation_code = serializers.CharField(
        max_length=12, required=False, allow_blank=True,
        help_text=_("The resident's confirmation code; a street official who neither placed nor dispatched the "
                    "order may leave it out."),
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class StepSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.username", read_only=True, default=None)

    class Meta:
        model = OrderStep
        fields = ["id", "order", "status", "actor", "actor_name", "at", "note"]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)

    class Meta:
        model = PointsEntry
        fields = ["id", "volunteer", "volunteer_name", "kind", "points", "hours", "reason", "order", "redemption",
                  "created_at"]
        read_only_fields = fields


class ShopSerializer(serializers.ModelSerializer):
    community_code = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = PartnerShop
        fields = ["id", "community", "community_code", "name", "address", "offer", "is_active"]
        read_only_fields = fields


class ShopCreateSerializer(serializers.Serializer):
    community = _community(help_text=_("Community code."))
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    offer = serializers.CharField(max_length=200, required=False, allow_blank=True)


class RedemptionSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)
    shop_name = serializers.CharField(source="shop.name", read_only=True)

    class Meta:
        model = Redemption
        fields = ["id", "volunteer", "volunteer_name", "shop", "shop_name", "item", "points", "redeemed_at"]
        read_only_fields = fields


class RedemptionCreateSerializer(serializers.Serializer):
    volunteer = ScopedPrimaryKeyRelatedField(queryset=Volunteer.objects.all())
    shop = ScopedPrimaryKeyRelatedField(queryset=PartnerShop.objects.all())
    item = serializers.CharField(max_length=100)
    points = serializers.IntegerField(min_value=1)


class HoldSerializer(serializers.ModelSerializer):
    volunteer_name = serializers.CharField(source="volunteer.name", read_only=True)

    class Meta:
        model = CreditHold
        fields = ["id", "volunteer", "volunteer_name", "order", "hours", "points", "month_hours", "status",
                  "created_at", "decided_at", "decision_note"]
        read_only_fields = fields


class HoldDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
