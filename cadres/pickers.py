"""Pickers of the cadre pages (``partybuild.pickers``): cadres, buildings for a building leader, and
in-service members registered at the user's communities. Each search goes through a scoped selector."""

from __future__ import annotations

from django.db.models import Q

from partybuild.pickers import Picker, int_param
from partybuild.scoping import EDIT, VIEW

from . import selectors


def search_cadres(user, term: str, params):
    action = EDIT if params.get("action") == "edit" else VIEW
    qs = selectors.cadre_list(user=user, action=action).filter(is_active=True, name__icontains=term)
    return qs.order_by("name", "pk")


CADRES = Picker("cadre", search_cadres, lambda c: f"{c.name} · {c.get_post_display()} · {c.community.name}",
                params=("action",))


def search_buildings(user, term: str, params):
    qs = selectors.building_choices(user=user).filter(Q(name__icontains=term) | Q(grid__name__icontains=term))
    grid = int_param(params, "grid")
    if grid is not None:
        qs = qs.filter(grid_id=grid)
    return qs.order_by("grid__code", "name")


BUILDINGS = Picker("leader_building", search_buildings, lambda b: f"{b.grid.name} · {b.name}", params=("grid",))


def search_in_service(user, term: str, params):
    return selectors.duty_member_choices(user=user).filter(name__icontains=term).select_related(
        "registered_community"
    ).order_by("name", "pk")


# The work unit tells two members of the same name apart; it is not personal data.
IN_SERVICE_MEMBERS = Picker(
    "in_service_member", search_in_service,
    lambda m: f"{m.name} · {m.work_unit or '—'} · {m.registered_community.name}",
)
