"""Reads of grids, buildings and households, always through the scoping mechanism."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from partybuild.scoping import VIEW, scope_queryset

from .models import Building, Grid, GridWorker, Household


def grid_list(*, user, action: str = VIEW) -> QuerySet[Grid]:
    return (
        scope_queryset(Grid.objects.all(), user, action)
        .select_related("branch")
        .annotate(building_count=Count("buildings", distinct=True))
        .order_by("code")
    )


def grid_worker_list(*, user, action: str = VIEW) -> QuerySet[GridWorker]:
    return scope_queryset(GridWorker.objects.all(), user, action).select_related("grid")


def building_list(*, user, action: str = VIEW) -> QuerySet[Building]:
    return (
        scope_queryset(Building.objects.all(), user, action)
        .select_related("grid", "group")
        .annotate(household_count=Count("households"))
        .order_by("grid__code", "name")
    )


def household_list(*, user, action: str = VIEW) -> QuerySet[Household]:
    return scope_queryset(Household.objects.all(), user, action).select_related("building__grid").order_by(
        "building__grid__code", "building__name", "unit"
    )
