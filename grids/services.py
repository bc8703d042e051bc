"""Writes to grids, grid workers, buildings and households: the only code that changes them.

Every service takes the acting ``user`` and checks the right on the grid branch through
``partybuild.rights`` (EDIT: whoever may edit records there), validates with ``full_clean`` and
is audited by django-auditlog through ``save()``. Households carry a ``version``: edits go
through ``partybuild.locking.versioned_save``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Organization
from partybuild import locking, rights
from partybuild.scoping import EDIT

from .models import Building, Grid, GridWorker, Household

GRID_FIELDS = ("code", "name", "area_description")
WORKER_FIELDS = ("name", "phone", "is_leader", "account")
BUILDING_FIELDS = ("grid", "name", "address", "group", "leader_name", "leader_phone")
HOUSEHOLD_FIELDS = ("building", "unit", "head_name", "phone", "size", "has_elderly_alone", "has_disabled",
                    "has_infants")
OUTSIDE_AREA = gettext_lazy("You may not change grids outside your area.")


def _require(user, branch: Organization) -> None:
    rights.require(user, EDIT, branch, str(OUTSIDE_AREA))


def _known(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))


def _apply(instance: Model, fields: dict) -> list[str]:
    """Set ``fields`` on ``instance``; the names to save (the account is the ``user`` column)."""
    names = []
    for name, value in fields.items():
        attr = "user" if name == "account" else name
        setattr(instance, attr, value)
        names.append(attr)
    return names


# --- grids -----------------------------------------------------------------------------------------


@transaction.atomic
def grid_create(*, user, branch: Organization, code: str, name: str, area_description: str = "") -> Grid:
    """The territory (网格) of a grid branch."""
    _require(user, branch)
    grid = Grid(branch=branch, code=code.strip(), name=name.strip(), area_description=area_description)
    grid.full_clean()
    grid.save()
    return grid


@transaction.atomic
def grid_update(*, user, grid: Grid, **fields) -> Grid:
    _require(user, grid.branch)
    _known(fields, GRID_FIELDS)
    names = _apply(grid, fields)
    grid.full_clean()
    grid.save(update_fields=names)
    return grid


# --- grid workers ----------------------------------------------------------------------------------


@transaction.atomic
def grid_worker_create(
    *, user, grid: Grid, name: str, phone: str = "", is_leader: bool = False, account=None
) -> GridWorker:
    """A grid worker (网格员); ``account`` is their portal login, which must hold the grid-worker role
    on this grid (``GridWorker.clean``)."""
    _require(user, grid.branch)
    worker = GridWorker(grid=grid, name=name.strip(), phone=phone, is_leader=is_leader, user=account)
    worker.full_clean()
    worker.save()
    return worker


@transaction.atomic
def grid_worker_update(*, user, worker: GridWorker, **fields) -> GridWorker:
    _require(user, worker.grid.branch)
    _known(fields, WORKER_FIELDS)
    names = _apply(worker, fields)
    worker.full_clean()
    worker.save(update_fields=names)
    return worker


@transaction.atomic
def grid_worker_remove(*, user, worker: GridWorker) -> None:
    _require(user, worker.grid.branch)
    worker.delete()


@transaction.atomic
def territory_delete(*, user, obj: Grid | Building | Household) -> None:
    """Delete a grid, building or household entered by mistake (records that point at it
    protect it: the database refuses, and the admin says what holds it)."""
    branch = {Grid: lambda o: o.branch, Building: lambda o: o.grid.branch,
              Household: lambda o: o.building.grid.branch}[type(obj)](obj)
    _require(user, branch)
    obj.delete()


# --- buildings -------------------------------------------------------------------------------------


@transaction.atomic
def building_create(*, user, grid: Grid, name: str, **fields) -> Building:
    _require(user, grid.branch)
    _known(fields, BUILDING_FIELDS)
    building = Building(grid=grid, name=name.strip(), **fields)
    building.full_clean()
    building.save()
    return building


@transaction.atomic
def building_update(*, user, building: Building, **fields) -> Building:
    _require(user, building.grid.branch)
    _known(fields, BUILDING_FIELDS)
    if "grid" in fields:
        # Moving a building to another grid needs the right there too.
        _require(user, fields["grid"].branch)
    names = _apply(building, fields)
    building.full_clean()
    building.save(update_fields=names)
    return building


# --- households ------------------------------------------------------------------------------------


@transaction.atomic
def household_create(*, user, building: Building, unit: str, head_name: str, **fields) -> Household:
    _require(user, building.grid.branch)
    _known(fields, HOUSEHOLD_FIELDS)
    household = Household(building=building, unit=unit.strip(), head_name=head_name.strip(), **fields)
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_update(*, user, household: Household, version: int | None = None, **fields) -> Household:
    """Edit a household; ``version`` is what the editor read, so a stale edit is refused."""
    _require(user, household.building.grid.branch)
    _known(fields, HOUSEHOLD_FIELDS)
    if "building" in fields:
        _require(user, fields["building"].grid.branch)
    names = _apply(household, fields)
    household.full_clean()
    return locking.versioned_save(household, fields=names, version=version)
