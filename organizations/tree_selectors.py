"""Reads behind the tree pages: node rows with their counts, and ancestor paths.

They build on ``organizations.selectors`` (which applies the scoping) and only add what the
pages show, in a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from partybuild import rights, scoping

from . import paths
from .models import Organization, OrgStatus
from .selectors import organization_children, organization_roots, organization_search, with_member_totals


def _active_child_count() -> Coalesce:
    # One correlated count per row, so a page of nodes costs one query, not one per node.
    return Coalesce(
        Subquery(
            Organization.objects.filter(
                path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1, status=OrgStatus.ACTIVE
            )
            .order_by()
            .values(grp=Value(1))
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def tree_roots(*, user) -> list[Organization]:
    """The top nodes of the user's tree, with their active children and current members counted."""
    return with_member_totals(organization_roots(user=user).annotate(child_total=_active_child_count()))


def tree_children(*, user, org: Organization) -> list[Organization]:
    """Active children of ``org`` in scope, each with its active children and current members counted."""
    return with_member_totals(organization_children(user=user, org=org).annotate(child_total=_active_child_count()))


@dataclass(frozen=True)
class Crumb:
    """One ancestor in a breadcrumb; ``in_scope`` decides whether the page links to it."""

    pk: int
    name: str
    code: str
    in_scope: bool
    path: str = ""


def ancestors_of(*, user, orgs: Iterable[Organization]) -> dict[int, list[Crumb]]:
    """Ancestors of each organisation, root first, in one query for all of them.

    Ancestors above the user's scope are named but not linked: an official knows which
    district their street belongs to, but may not open the district's page.
    """
    orgs = list(orgs)
    wanted = {path for org in orgs for path in paths.ancestor_paths(org.path)}
    if not wanted:
        return {org.pk: [] for org in orgs}
    by_path = {
        a.path: a for a in Organization.objects.filter(path__in=wanted).only("pk", "name", "code", "path", "depth")
    }
    return {
        org.pk: [
            Crumb(a.pk, a.name, a.code, rights.may(user, scoping.VIEW, a), a.path)
            for a in (by_path[p] for p in paths.ancestor_paths(org.path) if p in by_path)
        ]
        for org in orgs
    }


def tree_search(*, user, term: str, limit: int = 50) -> list[tuple[Organization, list[Crumb]]]:
    """Matching organisations in scope, each with its ancestor path: two queries."""
    matches = list(organization_search(user=user, term=term, limit=limit))
    crumbs = ancestors_of(user=user, orgs=matches)
    return [(org, crumbs[org.pk]) for org in matches]
