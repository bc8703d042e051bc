"""Pickers for members and organisations (``partybuild.pickers``)."""

from __future__ import annotations

from django.db.models import Q

from partybuild.pickers import Picker, int_param
from partybuild.scoping import EDIT, VIEW

from . import paths
from .models import HISTORICAL_STATUSES, Level, Organization, OrgStatus
from .selectors import member_list, organization_list


def _within(user, params, qs, field: str):
    """Narrow ``qs`` to the subtree of the organisation ``within`` names, if the user sees it."""
    pk = int_param(params, "within")
    if pk is None:
        return qs
    root = organization_list(user=user).filter(pk=pk).first()
    return qs.filter(paths.subtree_q(root.path, field=field)) if root else qs.none()


def search_members(user, term: str, params):
    action = EDIT if params.get("action") == "edit" else VIEW
    qs = member_list(user=user, action=action).exclude(status__in=HISTORICAL_STATUSES).filter(name__icontains=term)
    return _within(user, params, qs, "branch").select_related("branch").order_by("name", "pk")


def search_organizations(user, term: str, params):
    action = EDIT if params.get("action") == "edit" else VIEW
    qs = organization_list(user=user, action=action).filter(Q(name__icontains=term) | Q(code__istartswith=term))
    levels = [level for level in params.get("levels", "").split(",") if level in Level.values]
    if levels:
        qs = qs.filter(level__in=levels)
    return _within(user, params, qs, "").order_by("path")


# Transfers and in-service registration name an organisation anywhere in the district (a member
# moves to another street; in-service members register where they live). Only organisations that
# receive members are offered, by name or code: the directory of branches and communities, not the
# members or records under them.
DESTINATION_LEVELS = (Level.COMMUNITY, Level.GRID)


def search_destinations(user, term: str, params):
    levels = (params["level"],) if params.get("level") in DESTINATION_LEVELS else DESTINATION_LEVELS
    return Organization.objects.filter(
        Q(name__icontains=term) | Q(code__istartswith=term), level__in=levels, status=OrgStatus.ACTIVE
    ).order_by("path")


def resolve_destinations(values):
    return Organization.objects.filter(code__in=values, status=OrgStatus.ACTIVE)


def org_label(org: Organization) -> str:
    return f"{org.name} · {org.code}"


MEMBERS = Picker("member", search_members, lambda m: f"{m.name} · {m.branch.name}", params=("within", "action"))
ORGANIZATIONS = Picker("organization", search_organizations, org_label, params=("within", "levels", "action"))
DESTINATIONS = Picker("destination", search_destinations, org_label, value_field="code",
                      resolve=resolve_destinations, params=("level",))
