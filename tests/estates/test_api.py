"""API: lists, creation through the services, refusals as 400/403/404, the statistics endpoint."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from estates.models import UnitBuilding

from .factories import credit_code, make_company, make_unit

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_street_registers_a_company(alice, tree):
    code = credit_code()
    response = api(alice).post("/api/v1/property-companies/", {
        "registrar": "S1", "name": "中建物业", "credit_code": code, "party_status": "joint_branch",
        "party_branch": "G1",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["party_branch_code"] == "G1"


def test_bad_check_character_is_a_400(alice):
    response = api(alice).post("/api/v1/property-companies/", {
        "registrar": "S1", "name": "甲", "credit_code": "91350100M000100Y44",
    }, format="json")
    assert response.status_code == 400 and "校验位" in response.content.decode()


def test_unit_and_building_through_the_api(carol, tree, company):
    client = api(carol)
    response = client.post("/api/v1/property-units/", {
        "community": "C1", "code": "X1", "name": "西城壕小区", "management_mode": "company", "company": company.pk,
        "households": 120, "started_on": "2025-01-01",
    }, format="json")
    assert response.status_code == 201, response.content
    unit_id = response.json()["id"]
    response = client.post(f"/api/v1/property-units/{unit_id}/add-building/", {"building": tree.building1.pk},
                           format="json")
    assert response.status_code == 200 and response.json()["building_count"] == 1
    second = make_unit(tree.c1, company, name="第二小区")
    response = client.post(f"/api/v1/property-units/{second.pk}/add-building/", {"building": tree.building1.pk},
                           format="json")
    assert response.status_code == 400 and "已属于当前单元" in response.content.decode()
    assert UnitBuilding.objects.count() == 1


def test_change_of_management_through_the_api(carol, tree, unit_c1):
    other = make_company(tree.s1, name="新物业")
    response = api(carol).post(f"/api/v1/property-units/{unit_c1.pk}/change-management/", {
        "management_mode": "company", "company": other.pk, "on": "2026-01-01",
    }, format="json")
    assert response.status_code == 200 and response.json()["company_name"] == "新物业"
    periods = api(carol).get("/api/v1/property-unit-periods/").json()["results"]
    assert [(p["company_name"], p["ended_on"]) for p in periods] == [("新物业", None), ("红枫物业", "2025-12-31")]


def test_outsider_gets_404_and_empty_lists(charlie, unit_c1, company):
    client = api(charlie)
    assert client.get(f"/api/v1/property-units/{unit_c1.pk}/").status_code == 404
    assert client.get(f"/api/v1/property-companies/{company.pk}/").status_code == 404
    assert client.get("/api/v1/property-units/").json()["count"] == 0


def test_committee_and_members(carol, unit_c1):
    client = api(carol)
    response = client.post("/api/v1/property-committees/", {
        "unit": unit_c1.pk, "kind": "owners_committee", "elected_on": "2025-01-01", "term_start": "2025-02-01",
        "term_end": "2030-02-01",
    }, format="json")
    assert response.status_code == 201, response.content
    committee = response.json()["id"]
    response = client.post("/api/v1/property-committee-members/", {
        "committee": committee, "name": "刘芳", "phone": "13800001111", "committee_role": "chair",
        "is_party_member": True,
    }, format="json")
    assert response.status_code == 201 and response.json()["phone"] != "13800001111"
    row = client.get(f"/api/v1/property-committees/{committee}/").json()
    assert (row["member_count"], row["party_member_count"], row["needs_election"]) == (1, 1, False)


def test_stats_count_a_company_where_it_serves(alice, charlie, tree, company):
    make_unit(tree.c1, company)
    make_unit(tree.c2, company)
    make_unit(tree.c3, make_company(tree.s2, party_status="none"), name="杨园小区")
    make_unit(tree.c1, None, management_mode="owners_committee")
    body = api(alice).get("/api/v1/stats/property/", {"root": "S1"}).json()
    assert body["units_by_mode"] == {"company": 2, "self_managed": 0, "owners_committee": 1,
                                     "management_committee": 0}
    assert body["companies_by_party_status"] == {"own_branch": 0, "joint_branch": 0, "instructor": 0, "none": 1}
    assert api(alice).get("/api/v1/stats/property/", {"root": "S2"}).status_code == 404
    assert api(charlie).get("/api/v1/stats/property/").json()["units"] == 1


def test_service_item_and_record(alice, carol, tree):
    response = api(alice).post("/api/v1/property-service-items/", {
        "owner": "S1", "name": "疏通下水道", "fee": "50.00",
    }, format="json")
    assert response.status_code == 201, response.content
    item = response.json()["id"]
    response = api(carol).post("/api/v1/property-service-records/", {
        "community": "C1", "item": item, "household": tree.household1.pk, "served_on": str(dt.date(2026, 1, 2)),
        "fee_charged": "60.00",
    }, format="json")
    assert response.status_code == 400 and "统一收费" in response.content.decode()


def test_complaint_lifecycle_through_the_api(carol, tree, unit_c1):
    client = api(carol)
    response = client.post("/api/v1/property-complaints/", {
        "unit": unit_c1.pk, "matter": "elevator", "description": "电梯停运", "phone": "13800001111",
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["complaint_status"] == "routed" and body["phone"] != "13800001111"
    url = f"/api/v1/property-complaints/{body['id']}"
    assert client.post(f"{url}/close/", {"satisfaction": 5}, format="json").status_code == 400
    assert client.post(f"{url}/answer/", {"answer": "已修"}, format="json").status_code == 200
    body = client.post(f"{url}/close/", {"satisfaction": 4}, format="json").json()
    assert (body["complaint_status"], body["satisfaction"], body["answered_on_time"]) == ("closed", 4, True)


def test_inspection_through_the_api_is_the_streets(alice, carol, unit_c1):
    payload = {"unit": unit_c1.pk, "inspected_on": "2026-01-05", "items_checked": "消防通道", "score": 88}
    assert api(carol).post("/api/v1/property-inspections/", payload, format="json").status_code == 403
    response = api(alice).post("/api/v1/property-inspections/", payload, format="json")
    assert response.status_code == 201 and response.json()["company_name"] == "红枫物业"
