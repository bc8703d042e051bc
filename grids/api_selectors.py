"""Reads behind the grid API that ``grids/selectors.py`` does not offer, built on its scoped selectors."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from organizations import paths
from organizations.models import Organization
from partybuild.scoping import VIEW

from .models import Grid, GridWorker
from .selectors import grid_list


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
