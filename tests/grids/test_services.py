"""grids.services: the only writes to grids, workers, buildings and households."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from grids import services
from grids.models import Building, Household


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_grid_worker_edits_a_household_of_their_grid_with_the_version_lock(tree, gina):
    household = Household.objects.get(pk=tree.household1.pk)
    services.household_update(user=gina, household=household, version=1, size=4, has_infants=True)
    household.refresh_from_db()
    assert (household.size, household.has_infants, household.version) == (4, True, 2)
    entry = LogEntry.objects.get_for_object(household).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["size"] == ["1", "4"]
    with pytest.raises(ValidationError, match="Someone else changed this record"):
        services.household_update(user=gina, household=Household.objects.get(pk=household.pk), version=1, size=5)
    assert Household.objects.get(pk=household.pk).size == 4


def test_outsider_cannot_change_the_territory_of_another_street(tree, charlie):
    with pytest.raises(PermissionDenied, match="outside your area"):
        services.household_update(user=charlie, household=tree.household1, head_name="改名")
    with pytest.raises(PermissionDenied):
        services.building_create(user=charlie, grid=tree.grid1, name="9号楼")
    with pytest.raises(PermissionDenied):
        services.grid_worker_create(user=charlie, grid=tree.grid1, name="越界")
    assert Household.objects.get(pk=tree.household1.pk).head_name == "王建国"


def test_auditor_cannot_write(tree, audrey):
    with pytest.raises(PermissionDenied):
        services.household_create(user=audrey, building=tree.building1, unit="2-201", head_name="新住户")


def test_moving_a_building_needs_the_right_on_both_grids(tree, alice, dana):
    with pytest.raises(PermissionDenied):
        services.building_update(user=alice, building=tree.building1, grid=tree.grid3)
    services.building_update(user=dana, building=tree.building1, name="1号楼（东）")
    assert Building.objects.get(pk=tree.building1.pk).name == "1号楼（东）"


def test_a_grid_workers_account_must_hold_the_role_on_that_grid(tree, alice, gina, carol):
    with pytest.raises(ValidationError, match="no grid-worker role on this grid"):
        services.grid_worker_create(user=alice, grid=tree.grid1, name="书记兼任", account=carol)
    worker = services.grid_worker_create(user=alice, grid=tree.grid1, name="吉娜", account=gina, is_leader=True)
    assert worker.user == gina
    with pytest.raises(ValidationError):
        services.grid_worker_create(user=alice, grid=tree.grid1, name="第二个网格长", is_leader=True)


def test_unknown_fields_are_refused(tree, alice):
    with pytest.raises(ValidationError, match="cannot be edited here: is_needy"):
        services.household_update(user=alice, household=tree.household1, is_needy=True)
