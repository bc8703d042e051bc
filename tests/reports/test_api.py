"""The DRF API: list/detail/create, one action per step, categories, departments, statistics."""

import pytest
from rest_framework.test import APIClient

from reports import services
from reports.models import Status


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def test_create_and_walk_the_lifecycle(api, gina, alice, dave, carol, category, station, tree):
    created = api(gina).post("/api/v1/reports/", {
        "grid": tree.grid1.pk, "category": category.code, "description": "电动车楼道充电",
    }, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    r = api(alice).post(f"/api/v1/reports/{pk}/dispatch/", {"department": station.pk}, format="json")
    assert r.json()["status"] == Status.DISPATCHED
    api(dave).post(f"/api/v1/reports/{pk}/accept/", {}, format="json")
    r = api(dave).post(f"/api/v1/reports/{pk}/resolve/", {"comment": "已劝离"}, format="json")
    assert r.json()["status"] == Status.RESOLVED
    r = api(carol).post(f"/api/v1/reports/{pk}/close/", {"outcome": "fixed", "satisfaction": 4}, format="json")
    assert r.status_code == 200 and r.json()["status"] == Status.CLOSED
    assert [e["action"] for e in r.json()["events"]] == ["file", "dispatch", "accept", "resolve", "close"]


def test_refused_transition_is_a_400_with_the_message(api, report, dave):
    # dave cannot see the case before it is routed; once routed, resolving before accepting is refused.
    assert api(dave).post(f"/api/v1/reports/{report.pk}/accept/", {}).status_code == 404


def test_illegal_step_is_400(api, report, alice):
    r = api(alice).post(f"/api/v1/reports/{report.pk}/close/", {}, format="json")
    assert r.status_code == 400
    assert "Only a resolved case can be closed" in str(r.json())


def test_dispatcher_closing_is_403(api, report, alice, dave, station):
    report = services.report_dispatch(user=alice, report=report, department=station)
    report = services.report_accept(user=dave, report=report)
    services.report_resolve(user=dave, report=report, comment="ok")
    r = api(alice).post(f"/api/v1/reports/{report.pk}/close/", {}, format="json")
    assert r.status_code == 403


def test_outsider_gets_404(api, report, charlie):
    assert api(charlie).get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert api(charlie).get("/api/v1/reports/").json()["count"] == 0


def test_outsider_grid_reads_as_unknown(api, charlie, category, tree):
    r = api(charlie).post("/api/v1/reports/", {"grid": tree.grid1.pk, "category": category.code,
                                               "description": "x"}, format="json")
    assert r.status_code == 400 and "grid" in r.json()


def test_categories_departments_and_statistics(api, report, alice, station, district_dept, tree):
    assert [c["code"] for c in api(alice).get("/api/v1/report-categories/").json()["results"]] == ["safety"]
    names = {d["name"] for d in api(alice).get("/api/v1/departments/").json()["results"]}
    assert names == {station.name, district_dept.name}
    stats = api(alice).get("/api/v1/report-statistics/", {"org": tree.s1.pk}).json()
    assert stats["overall"]["reported"] == 1
    assert stats["by_category"][0]["name"] == "安全隐患"


def test_api_list_query_count_does_not_grow_with_rows(api, report, gina, category, tree, alice,
                                                      django_assert_num_queries):
    for i in range(4):
        services.report_file(user=gina, grid=tree.grid1, category=category, description=f"case {i}")
    client = api(alice)
    # grants, count, rows (grid, category and department joined); a read opens no transaction
    with django_assert_num_queries(3):
        response = client.get("/api/v1/reports/")
    assert response.json()["count"] == 5
