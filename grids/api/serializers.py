"""Serializers of the grid API: only columns, ``select_related`` rows and selector annotations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partybuild.api_personal import PersonalDataSerializerMixin

from ..models import Building, Grid, GridWorker, Household


class GridSerializer(serializers.ModelSerializer):
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    community_code = serializers.CharField(read_only=True, allow_null=True)
    community_name = serializers.CharField(read_only=True, allow_null=True)
    leader_name = serializers.CharField(read_only=True, allow_null=True, help_text=_("Grid leader (网格长)."))
    building_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Grid
        fields = [
            "id", "code", "name", "branch", "branch_code", "branch_name", "community_code", "community_name",
            "area_description", "leader_name", "building_count",
        ]
        read_only_fields = fields


class GridWorkerSerializer(serializers.ModelSerializer):
    grid_code = serializers.CharField(source="grid.code", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True)

    class Meta:
        model = GridWorker
        fields = ["id", "grid", "grid_code", "grid_name", "name", "phone", "is_leader"]
        read_only_fields = fields


class BuildingSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    grid_code = serializers.CharField(source="grid.code", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True, allow_null=True, default=None)
    household_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Building
        fields = [
            "id", "grid", "grid_code", "name", "address", "group", "group_code", "leader_name", "leader_phone",
            "household_count",
        ]
        read_only_fields = fields


class HouseholdSerializer(PersonalDataSerializerMixin, serializers.ModelSerializer):
    """A resident household; its phone comes masked."""

    building_name = serializers.CharField(source="building.name", read_only=True)
    grid = serializers.IntegerField(source="building.grid_id", read_only=True)
    grid_code = serializers.CharField(source="building.grid.code", read_only=True)
    is_needy = serializers.BooleanField(
        read_only=True, help_text=_("Has an active record in the needy-household ledger (困难群众台账).")
    )

    class Meta:
        model = Household
        fields = [
            "id", "building", "building_name", "grid", "grid_code", "unit", "head_name", "phone", "size",
            "is_needy", "has_elderly_alone", "has_disabled", "has_infants", "version",
        ]
        read_only_fields = fields
