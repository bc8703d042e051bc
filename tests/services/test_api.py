"""Ledger API: scoped reads, writes through the services, actions for the workflow steps."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from partybuild.scoping import forget
from reports.models import GridReport
from services.models import Evaluation, GridVisit, Pledge
from services.services import demand_create, pledge_create
from tests.services.test_pages import _plant_many

ITEM = {"content": "每月走访独居老人", "deadline": "2026-05-31", "target": "走访不少于10户"}


@pytest.fixture
def api():
    return APIClient()


def test_grid_worker_posts_a_hazard_visit_and_gets_the_report_number(api, gina, tree, worker, category):
    api.force_authenticate(gina)
    response = api.post("/api/v1/ledgers/visits/", {
        "grid": tree.grid1.pk, "household": tree.household1.pk, "worker": worker.pk, "visited_on": "2026-06-01",
        "kinds": ["household_visit", "hazard_found"], "hazard_category": category.code,
        "hazard_description": "消防通道堵塞"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["report"] == GridReport.objects.get().number
    assert response.data["kinds"] == ["household_visit", "hazard_found"]


def test_outsider_cannot_post_into_another_grid(api, charlie, tree, worker):
    api.force_authenticate(charlie)
    response = api.post("/api/v1/ledgers/visits/", {
        "grid": tree.grid1.pk, "household": tree.household1.pk, "worker": worker.pk, "visited_on": "2026-06-01",
        "kinds": ["household_visit"]}, format="json")
    assert response.status_code == 400 and not GridVisit.objects.exists()


def test_pledge_created_then_evaluated_through_the_api(api, carol, member_c1):
    api.force_authenticate(carol)
    response = api.post("/api/v1/ledgers/pledges/", {"member": member_c1.pk, "year": 2026, "items": [ITEM]},
                        format="json")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    item_pk = response.data["items"][0]["id"]
    response = api.post(f"/api/v1/ledgers/pledge-items/{item_pk}/fulfil/",
                        {"done_on": "2026-03-01", "description": "走访5户"}, format="json")
    assert response.status_code == 201, response.data
    response = api.post(f"/api/v1/ledgers/pledges/{pk}/evaluate/", {"evaluation": "partly"}, format="json")
    assert response.status_code == 200 and response.data["evaluation"] == Evaluation.PARTLY


def test_invalid_pledge_item_is_a_400_with_the_services_message(api, carol, member_c1):
    api.force_authenticate(carol)
    response = api.post("/api/v1/ledgers/pledges/", {
        "member": member_c1.pk, "year": 2026, "items": [{**ITEM, "deadline": "2027-02-01"}]}, format="json")
    assert response.status_code == 400 and "deadline" in response.data
    assert not Pledge.objects.exists()


def test_outsider_gets_404_on_a_pledge(api, carol, charlie, member_c1):
    pledge = pledge_create(user=carol, member=member_c1, year=2026, items=[{**ITEM, "deadline": dt.date(2026, 5, 1)}])
    api.force_authenticate(charlie)
    assert api.get(f"/api/v1/ledgers/pledges/{pledge.pk}/").status_code == 404
    assert api.get("/api/v1/ledgers/pledges/").data["count"] == 0


def test_demand_report_action_and_masked_phone(api, gina, dana, tree, category):
    demand = demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="hotline",
                           resident_name="张", phone="13712345678", content="井盖缺失", household=tree.household1)
    api.force_authenticate(gina)
    response = api.post(f"/api/v1/ledgers/demands/{demand.pk}/report/", {"category": category.code}, format="json")
    assert response.status_code == 201 and response.data["report"]
    assert response.data["phone"] == "137****5678"
    # Even the district admin reads it masked: unmasking is the audited reveal endpoint's job.
    api.force_authenticate(dana)
    assert api.get(f"/api/v1/ledgers/demands/{demand.pk}/").data["phone"] == "137****5678"


def test_statistics_endpoint_gives_rows_per_organisation(api, carol, alice, member_c1, tree):
    pledge_create(user=carol, member=member_c1, year=2026, items=[{**ITEM, "deadline": dt.date(2026, 5, 1)}])
    api.force_authenticate(alice)
    rows = api.get("/api/v1/ledgers/statistics/?year=2026&depth=3").data
    assert [(r["organization"], r["pledges"]["total"]) for r in rows] == [("C1", 1)]



# the role grants, the paginator's count, the page of rows (a read opens no transaction: issue 9)
API_LIST_QUERIES = 3


@pytest.mark.parametrize("route", ["visits", "pledges", "pledge-items", "fulfilments", "needy", "assistance",
                                   "demands"])
def test_api_lists_cost_the_same_queries_for_more_rows(api, alice, tree, worker, route, django_assert_num_queries):
    api.force_authenticate(alice)
    url = f"/api/v1/ledgers/{route}/"
    _plant_many(tree, worker, n=1)
    with django_assert_num_queries(API_LIST_QUERIES):
        assert api.get(url).data["count"] >= 1
    _plant_many(tree, worker, n=6)
    forget(alice)  # force_authenticate reuses the user object; a real request loads the grants afresh
    with django_assert_num_queries(API_LIST_QUERIES):
        assert api.get(url).data["count"] >= 6


@pytest.mark.parametrize("year", ["0.5", "1e20", "-3", "abc"])
@pytest.mark.parametrize("route", ["visits", "pledges", "fulfilments", "needy", "demands"])
def test_a_nonsense_year_filter_is_a_400_not_a_crash(api, alice, route, year):
    api.force_authenticate(alice)
    response = api.get(f"/api/v1/ledgers/{route}/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.data


def test_a_real_year_filter_still_narrows_the_list(api, carol, member_c1):
    api.force_authenticate(carol)
    response = api.get("/api/v1/ledgers/pledges/", {"year": "2026"})
    assert response.status_code == 200
