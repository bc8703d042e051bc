"""Read-only API of grids, grid workers, buildings and households, through the scoped selectors.

Filters take codes (``?grid=GRID-G1``, ``?community=C1``, ``?subtree=S1``): a code outside the
user's area simply matches nothing, because the queryset is already scoped.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from partybuild.api import ScopedViewSetMixin

from .. import selectors
from ..filters import BuildingFilter, GridFilter, GridWorkerFilter, HouseholdFilter
from . import serializers as s


@extend_schema_view(list=extend_schema(summary="Grids in your area"), retrieve=extend_schema(summary="One grid"))
class GridViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Grids (网格), each with its grid branch, community and leader."""

    serializer_class = s.GridSerializer
    filterset_class = GridFilter

    def scoped_queryset(self):
        return selectors.grid_api_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Grid workers in your area"), retrieve=extend_schema(summary="One grid worker")
)
class GridWorkerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Grid workers (网格员)."""

    serializer_class = s.GridWorkerSerializer
    filterset_class = GridWorkerFilter

    def scoped_queryset(self):
        return selectors.grid_worker_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Buildings in your area"), retrieve=extend_schema(summary="One building")
)
class BuildingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Buildings (楼栋) with their building group and household count."""

    serializer_class = s.BuildingSerializer
    filterset_class = BuildingFilter

    def scoped_queryset(self):
        return selectors.building_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Households in your area"), retrieve=extend_schema(summary="One household")
)
class HouseholdViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Resident households (住户); phones are masked for every role."""

    serializer_class = s.HouseholdSerializer
    filterset_class = HouseholdFilter

    def scoped_queryset(self):
        return selectors.household_list(user=self.request.user)


def register(router) -> None:
    """Add this app's viewsets to the shared API router."""
    router.register("grids", GridViewSet, basename="grid")
    router.register("grid-workers", GridWorkerViewSet, basename="grid-worker")
    router.register("buildings", BuildingViewSet, basename="building")
    router.register("households", HouseholdViewSet, basename="household")
