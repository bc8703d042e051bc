"""Reads of grids, grid workers, buildings and households, always through the scoping mechanism."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from accounts.models import Role, RoleAssignment, User
from organizations import paths
from organizations.models import Organization
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import Building, Grid, GridWorker, Household


def grid_list(*, user, action: str = VIEW) -> QuerySet[Grid]:
    return (
        scope_queryset(Grid.objects.all(), user, action)
        .select_related("branch")
        .annotate(building_count=Count("buildings", distinct=True))
        .order_by("code")
    )


def grid_api_list(*, user, action: str = VIEW) -> QuerySet[Grid]:
    """``grid_list`` plus the community above each grid branch and the grid leader (网格长),
    as correlated subqueries in the same query as the rows."""
    community = Organization.objects.filter(path=paths.parent_path_expr(field="branch", outer=True))
    leader = GridWorker.objects.filter(grid=OuterRef("pk"), is_leader=True)
    return grid_list(user=user, action=action).annotate(
        community_code=Subquery(community.values("code")[:1]),
        community_name=Subquery(community.values("name")[:1]),
        leader_name=Subquery(leader.values("name")[:1]),
    )


def grid_worker_list(*, user, action: str = VIEW) -> QuerySet[GridWorker]:
    return scope_queryset(GridWorker.objects.all(), user, action).select_related("grid")


def grid_worker_accounts(*, user, grid: Grid | None = None) -> QuerySet[User]:
    """Portal accounts that may be named as a grid's worker: active accounts holding the grid-worker
    role on that grid's branch, or, without a grid, on any grid the user may edit."""
    roles = scope_queryset(RoleAssignment.objects.filter(role=Role.GRID_WORKER), user, EDIT)
    if grid is not None:
        roles = roles.filter(organization_id=grid.branch_id)
    return User.objects.filter(pk__in=roles.values("user_id"), is_active=True).order_by("username")


def building_list(*, user, action: str = VIEW) -> QuerySet[Building]:
    return (
        scope_queryset(Building.objects.all(), user, action)
        .select_related("grid", "group")
        .annotate(household_count=Count("households"))
        .order_by("grid__code", "name")
    )


def with_needy(qs: QuerySet[Household]) -> QuerySet[Household]:
    """``is_needy``: the household has an active needy-household record (困难群众台账), the one
    source of that fact (``services.NeedyHousehold``), read through the reverse relation."""
    active = Household.objects.filter(pk=OuterRef("pk"), needy_records__is_active=True)
    return qs.annotate(is_needy=Exists(active))


def household_list(*, user, action: str = VIEW) -> QuerySet[Household]:
    qs = scope_queryset(Household.objects.all(), user, action).select_related("building__grid")
    return with_needy(qs).order_by("building__grid__code", "building__name", "unit")
