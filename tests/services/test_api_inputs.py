"""Ledger API inputs: every query string is validated (a nonsense value is a 400, never a 500 or a
silent guess), and every related id is looked up inside the caller's EDIT scope (an id of another
street is a 400 and nothing is written)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from grids.models import GridWorker
from reports.models import GridReport
from services.models import Assistance, Demand, GridVisit, NeedyHousehold, Pledge
from services.services import assistance_record, demand_create, needy_register, pledge_create
from tests.services.factories import HouseholdFactory

ITEM = {"content": "每月走访独居老人", "deadline": "2026-05-31", "target": "走访不少于10户"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def household3(tree):
    """A household in S2's grid G3: outside everything alice, carol and gina may edit."""
    from grids.models import Building

    return HouseholdFactory(building=Building.objects.create(grid=tree.grid3, name="9号楼", address="杨园9号"))


# --- query strings ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", [{"year": "0.5"}, {"year": "1e20"}, {"year": "abc"}, {"year": "1800"},
                                   {"depth": "9"}, {"depth": "x"}, {"depth": "1"}])
def test_nonsense_statistics_query_is_a_400(api, alice, query):
    api.force_authenticate(alice)
    response = api.get("/api/v1/ledgers/statistics/", query)
    assert response.status_code == 400
    assert set(query) <= set(response.data)


def test_statistics_default_to_this_year_per_community(api, carol, alice, member_c1):
    pledge_create(user=carol, member=member_c1, year=2026, items=[{**ITEM, "deadline": dt.date(2026, 5, 1)}])
    api.force_authenticate(alice)
    rows = api.get("/api/v1/ledgers/statistics/").data
    assert [(r["organization"], r["pledges"]["total"]) for r in rows] == [("C1", 1)]


@pytest.mark.parametrize("route", ["visits", "fulfilments", "demands"])
@pytest.mark.parametrize("name", ["start", "end"])
@pytest.mark.parametrize("value", ["2026-13-45", "yesterday", "2026-02-30"])
def test_a_bad_date_filter_is_a_400(api, alice, route, name, value):
    api.force_authenticate(alice)
    response = api.get(f"/api/v1/ledgers/{route}/", {name: value})
    assert response.status_code == 400
    assert name in response.data


@pytest.mark.parametrize(("route", "param"), [("pledge-items", "pledge"), ("assistance", "needy")])
@pytest.mark.parametrize("value", ["abc", "1.5", "-1.2e54", "6e30", str(10**30)])
def test_a_parent_filter_that_is_no_id_is_a_400(api, alice, route, param, value):
    api.force_authenticate(alice)
    response = api.get(f"/api/v1/ledgers/{route}/", {param: value})
    assert response.status_code == 400 and param in response.data


def test_filtering_by_another_streets_pledge_reads_like_a_missing_one(api, carol, charlie, member_c1):
    pledge = pledge_create(user=carol, member=member_c1, year=2026, items=[{**ITEM, "deadline": dt.date(2026, 5, 1)}])
    api.force_authenticate(charlie)
    theirs = api.get("/api/v1/ledgers/pledge-items/", {"pledge": pledge.pk})
    missing = api.get("/api/v1/ledgers/pledge-items/", {"pledge": pledge.pk + 1000})
    assert (theirs.status_code, theirs.data["count"]) == (missing.status_code, missing.data["count"]) == (200, 0)
    api.force_authenticate(carol)
    assert api.get("/api/v1/ledgers/pledge-items/", {"pledge": pledge.pk}).data["count"] == 1


def test_filtering_assistance_by_needy_household(api, carol, charlie, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    assistance_record(user=carol, needy=needy, given_on=dt.date(2026, 2, 1), helper="社区党委", content="米面油")
    api.force_authenticate(carol)
    assert api.get("/api/v1/ledgers/assistance/", {"needy": needy.pk}).data["count"] == 1
    api.force_authenticate(charlie)
    response = api.get("/api/v1/ledgers/assistance/", {"needy": needy.pk})
    assert (response.status_code, response.data["count"]) == (200, 0)


# --- bodies: values the model refuses ---------------------------------------------------------

@pytest.mark.parametrize("year", [1999, 2101, 10**20, "1e20", 0.5])
def test_a_pledge_for_a_nonsense_year_is_a_400(api, carol, member_c1, year):
    api.force_authenticate(carol)
    response = api.post("/api/v1/ledgers/pledges/", {"member": member_c1.pk, "year": year, "items": [ITEM]},
                        format="json")
    assert response.status_code == 400 and "year" in response.data
    assert not Pledge.objects.exists()


def test_a_negative_assistance_amount_is_a_400_naming_the_amount(api, carol, tree):
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    api.force_authenticate(carol)
    response = api.post(f"/api/v1/ledgers/needy/{needy.pk}/assistance/",
                        {"given_on": "2026-02-01", "helper": "x", "content": "x", "amount": "-5"}, format="json")
    assert response.status_code == 400
    assert response.data["amount"] == ["确保该值大于或等于0。"]
    assert not Assistance.objects.exists()


# --- related ids outside the caller's EDIT scope ----------------------------------------------

def test_a_pledge_for_another_streets_member_is_refused(api, charlie, member_c1):
    api.force_authenticate(charlie)
    response = api.post("/api/v1/ledgers/pledges/", {"member": member_c1.pk, "year": 2026, "items": [ITEM]},
                        format="json")
    assert response.status_code == 400 and "member" in response.data
    assert not Pledge.objects.exists()


def test_a_viewer_cannot_log_a_visit_where_they_only_read(api, audrey, tree):
    # The auditor reads all of S1 but writes nothing: the grid is outside her EDIT scope.
    worker = GridWorker.objects.create(grid=tree.grid1, name="王网格")
    api.force_authenticate(audrey)
    response = api.post("/api/v1/ledgers/visits/", {
        "grid": tree.grid1.pk, "household": tree.household1.pk, "worker": worker.pk, "visited_on": "2026-06-01",
        "kinds": ["household_visit"]}, format="json")
    assert response.status_code == 400
    assert {"grid", "household", "worker"} <= set(response.data)
    assert not GridVisit.objects.exists()


def test_a_needy_household_of_another_street_is_refused(api, carol, household3):
    api.force_authenticate(carol)
    response = api.post("/api/v1/ledgers/needy/", {"household": household3.pk, "category": "low_income"},
                        format="json")
    assert response.status_code == 400 and "household" in response.data
    assert not NeedyHousehold.objects.exists()


def test_a_responsible_member_of_another_street_is_refused(api, carol, tree, member_c3):
    api.force_authenticate(carol)
    response = api.post("/api/v1/ledgers/needy/", {
        "household": tree.household1.pk, "category": "very_old", "responsible": member_c3.pk}, format="json")
    assert response.status_code == 400 and "responsible" in response.data
    assert not NeedyHousehold.objects.exists()
    needy = needy_register(user=carol, household=tree.household1, category="low_income")
    response = api.patch(f"/api/v1/ledgers/needy/{needy.pk}/", {"responsible": member_c3.pk, "version": 1},
                         format="json")
    assert response.status_code == 400 and "responsible" in response.data
    needy.refresh_from_db()
    assert needy.responsible_id is None and needy.version == 1


def test_a_demand_for_another_streets_organisation_or_household_is_refused(api, gina, charlie, tree, household3):
    body = {"received_on": "2026-03-01", "source": "hotline", "resident_name": "张", "content": "路灯坏了"}
    api.force_authenticate(charlie)
    response = api.post("/api/v1/ledgers/demands/", {**body, "organization": tree.g1.pk}, format="json")
    assert response.status_code == 400 and "organization" in response.data
    api.force_authenticate(gina)
    response = api.post("/api/v1/ledgers/demands/", {**body, "organization": tree.g1.pk,
                                                     "household": household3.pk}, format="json")
    assert response.status_code == 400 and "household" in response.data
    assert not Demand.objects.exists()


def test_a_demand_cannot_be_reported_into_another_streets_grid(api, carol, tree, category):
    demand = demand_create(user=carol, organization=tree.c1, received_on=dt.date(2026, 3, 1), source="meeting",
                           resident_name="刘", content="希望增设健身器材")
    api.force_authenticate(carol)
    response = api.post(f"/api/v1/ledgers/demands/{demand.pk}/report/",
                        {"category": category.code, "grid": tree.grid3.pk}, format="json")
    assert response.status_code == 400 and "grid" in response.data
    assert not GridReport.objects.exists()
