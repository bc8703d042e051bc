"""REST API of grids, grid workers, buildings and households: scoping, filters, masking and
pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from grids.models import Building, GridWorker, Household
from organizations.models import Level
from services.models import PAIRING_FOR_CATEGORY, NeedyCategory, NeedyHousehold
from tests.grids.factories import BuildingFactory, GridFactory, HouseholdFactory
from tests.organizations.factories import make_org

GRIDS = reverse("grid-list")
WORKERS = reverse("grid-worker-list")
BUILDINGS = reverse("building-list")
HOUSEHOLDS = reverse("household-list")
LISTS = [GRIDS, WORKERS, BUILDINGS, HOUSEHOLDS]

# Session read, user, and the user's role grants (see tests/organizations/test_api.py).
REQUEST_OVERHEAD = 3


@pytest.fixture
def api():
    def login(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def territory(tree):
    """A worker in each street's grid and a flagged household in S2, beside the conftest tree."""
    GridWorker.objects.create(grid=tree.grid1, name="陈网格", phone="13700001111", is_leader=True)
    GridWorker.objects.create(grid=tree.grid3, name="周网格", phone="13700002222", is_leader=True)
    Household.objects.filter(pk=tree.household1.pk).update(phone="13600003333")
    needy(tree.household1, tree.g1)
    building3 = Building.objects.create(grid=tree.grid3, name="9号楼", address="杨园路9号")
    household3 = Household.objects.create(building=building3, unit="2-202", head_name="刘大爷", has_elderly_alone=True)
    # A needy record that was closed: no longer needy.
    needy(household3, tree.g3, is_active=False)
    return tree


def needy(household, branch, **fields):
    return NeedyHousehold.objects.create(
        organization=branch, household=household, category=NeedyCategory.LOW_INCOME,
        pairing_level=PAIRING_FOR_CATEGORY[NeedyCategory.LOW_INCOME], registered_on=dt.date(2026, 1, 5), **fields,
    )


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def detail(kind: str, obj) -> str:
    return reverse(f"{kind}-detail", args=[obj.pk])


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_is_refused(api, tree, url):
    assert api().get(url).status_code == 403


def test_alice_sees_only_her_streets_territory(api, alice, territory):
    client = api(alice)
    grids = rows(client.get(GRIDS))
    assert [(g["code"], g["branch_code"], g["community_code"], g["leader_name"]) for g in grids] == [
        ("GRID-G1", "G1", "C1", "陈网格")
    ]
    assert grids[0]["building_count"] == 1
    assert [w["name"] for w in rows(client.get(WORKERS))] == ["陈网格"]
    buildings = rows(client.get(BUILDINGS))
    assert [(b["name"], b["grid_code"], b["group_code"], b["household_count"]) for b in buildings] == [
        ("1号楼", "GRID-G1", "B1", 1)
    ]
    assert [(h["unit"], h["grid_code"]) for h in rows(client.get(HOUSEHOLDS))] == [("1-101", "GRID-G1")]


def test_charlie_gets_404_on_s1_objects_and_no_s1_rows(api, charlie, territory):
    client = api(charlie)
    tree = territory
    assert [g["code"] for g in rows(client.get(GRIDS))] == ["GRID-G3"]
    assert [w["name"] for w in rows(client.get(WORKERS))] == ["周网格"]
    assert [b["name"] for b in rows(client.get(BUILDINGS))] == ["9号楼"]
    assert [h["head_name"] for h in rows(client.get(HOUSEHOLDS))] == ["刘大爷"]
    worker = GridWorker.objects.get(grid=tree.grid1)
    for kind, obj in [("grid", tree.grid1), ("grid-worker", worker), ("building", tree.building1),
                      ("household", tree.household1)]:
        assert client.get(detail(kind, obj)).status_code == 404, kind
    assert rows(client.get(GRIDS, {"community": "C1"})) == []
    assert rows(client.get(HOUSEHOLDS, {"grid": "GRID-G1"})) == []


def test_insider_detail(api, gina, territory):
    client = api(gina)
    data = client.get(detail("grid", territory.grid1)).json()
    assert (data["code"], data["community_name"]) == ("GRID-G1", "西城壕社区党委")
    assert client.get(detail("building", territory.building1)).json()["household_count"] == 1


def test_filters(api, dana, territory):
    client = api(dana)
    assert [g["code"] for g in rows(client.get(GRIDS, {"community": "C3"}))] == ["GRID-G3"]
    assert [g["code"] for g in rows(client.get(GRIDS, {"subtree": "S1"}))] == ["GRID-G1"]
    assert [b["name"] for b in rows(client.get(BUILDINGS, {"grid": "GRID-G3"}))] == ["9号楼"]
    assert [w["name"] for w in rows(client.get(WORKERS, {"subtree": "S2", "is_leader": "true"}))] == ["周网格"]
    assert [h["unit"] for h in rows(client.get(HOUSEHOLDS, {"is_needy": "true"}))] == ["1-101"]
    assert [h["unit"] for h in rows(client.get(HOUSEHOLDS, {"is_needy": "false"}))] == ["2-202"]
    assert [h["unit"] for h in rows(client.get(HOUSEHOLDS, {"has_elderly_alone": "true"}))] == ["2-202"]
    assert [h["unit"] for h in rows(client.get(HOUSEHOLDS, {"building": territory.building1.pk}))] == ["1-101"]


def test_needy_comes_from_the_needy_household_ledger(api, dana, territory):
    by_unit = {h["unit"]: h["is_needy"] for h in rows(api(dana).get(HOUSEHOLDS))}
    assert by_unit == {"1-101": True, "2-202": False}
    NeedyHousehold.objects.filter(household=territory.household1).update(is_active=False)
    assert api(dana).get(detail("household", territory.household1)).json()["is_needy"] is False


@pytest.mark.parametrize(
    ("url", "params"),
    [(HOUSEHOLDS, {"building": "abc"}), (HOUSEHOLDS, {"is_needy": "perhaps"}), (WORKERS, {"is_leader": "x"}),
     (HOUSEHOLDS, {"has_infants": "2"})],
)
def test_bad_query_values_are_a_400(api, alice, territory, url, params):
    response = api(alice).get(url, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_household_phone_is_masked_for_everyone_until_revealed(api, alice, dana, territory):
    url = detail("household", territory.household1)
    assert api(alice).get(url).json()["phone"] == "136****3333"
    assert "13600003333" not in api(alice).get(HOUSEHOLDS).content.decode()
    assert api(dana).get(url).json()["phone"] == "136****3333"
    reveal = f"/api/v1/personal-data/grids/household/{territory.household1.pk}/reveal/"
    body = {"field": "phone", "purpose": "care", "purpose_detail": "上门慰问"}
    assert api(dana).post(reveal, body, format="json").json()["value"] == "13600003333"


@pytest.mark.parametrize("url", LISTS)
def test_the_grid_api_is_read_only(api, alice, audrey, tree, url):
    for user in (alice, audrey):
        assert api(user).post(url, {"name": "x"}).status_code == 405
    assert api(audrey).delete(detail("grid", tree.grid1)).status_code == 405


def grow(tree, n=4):
    """More grids with workers, buildings and households under S1."""
    for i in range(n):
        branch = make_org(tree.c2, Level.GRID, f"GX{i}")
        grid = GridFactory(branch=branch)
        GridWorker.objects.create(grid=grid, name=f"网格员{i}", is_leader=True)
        building = BuildingFactory(grid=grid)
        HouseholdFactory.create_batch(2, building=building)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow(api, alice, territory, django_assert_num_queries, url):
    client = api(alice)
    # + page count, page rows (relations joined, counts and codes annotated)
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        client.get(url)
    grow(territory)
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        assert len(rows(client.get(url))) > 1
