"""Picker for resident households (``partybuild.pickers``): found by building, unit or head's name."""

from __future__ import annotations

from django.db.models import Q

from partybuild.pickers import Picker, int_param
from partybuild.scoping import EDIT, VIEW

from .selectors import grid_list, household_list


def search_households(user, term: str, params):
    action = EDIT if params.get("action") == "edit" else VIEW
    qs = household_list(user=user, action=action).filter(
        Q(head_name__icontains=term) | Q(unit__icontains=term) | Q(building__name__icontains=term)
    )
    grid = int_param(params, "grid")
    if grid is not None:
        qs = qs.filter(building__grid_id=grid)
    return qs.select_related("building")


def household_label(household) -> str:
    # The head's name is what a grid worker recognises at the door.
    return f"{household.building.name} {household.unit} {household.head_name}"


HOUSEHOLDS = Picker("household", search_households, household_label, params=("grid", "action"))


def search_grids(user, term: str, params):
    action = EDIT if params.get("action") == "edit" else VIEW
    qs = grid_list(user=user, action=action).filter(Q(name__icontains=term) | Q(code__istartswith=term))
    return qs.order_by("code")


GRIDS = Picker("grid", search_grids, lambda g: f"{g.name} · {g.code}", params=("action",))
