"""Reads of the accounts app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import RoleAssignment


def role_list(*, user) -> QuerySet[RoleAssignment]:
    """The user's own role assignments with their nodes, tree order (the user's own, not tenant data:
    no scoping beyond "mine")."""
    return user.roles.select_related("organization").order_by("organization__path", "role")
