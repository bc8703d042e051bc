"""Reads about accounts: who holds which role where."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from organizations.models import OrgStatus
from organizations.paths import ancestor_paths_of_all

from .models import RoleAssignment


def role_holders_over(*, paths: Iterable[str], roles: Iterable[str]) -> QuerySet[RoleAssignment]:
    """Active users' assignments of ``roles`` on a node at or above any of ``paths`` (a role reaches
    its node's whole subtree, so these are the people in charge there). One query for any number
    of paths; callers pick the columns, e.g. ``organization__path`` to tell which path each serves."""
    return RoleAssignment.objects.filter(
        role__in=list(roles), organization__path__in=sorted(ancestor_paths_of_all(paths)),
        organization__status=OrgStatus.ACTIVE, user__is_active=True,
    )
