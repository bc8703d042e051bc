"""Open311 GeoReport v2: shapes, filters, key-scoped access and the spec's error format."""

import pytest
from django.test import Client

from reports import services
from reports.models import Open311Key, Outcome

SPEC_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}


@pytest.fixture
def gina_key(gina):
    return Open311Key.objects.create(name="网格通App", key="k-gina", user=gina).key


@pytest.fixture
def charlie_key(charlie):
    return Open311Key.objects.create(name="杨园App", key="k-charlie", user=charlie).key


def test_services_list_and_definition(client, category, gina_key):
    body = client.get("/open311/v2/services.json", {"api_key": gina_key}).json()
    assert body == [{"service_code": "safety", "service_name": "安全隐患", "description": "", "metadata": False,
                     "type": "realtime", "keywords": "", "group": ""}]
    assert client.get("/open311/v2/services/safety.json", {"api_key": gina_key}).json() == {
        "service_code": "safety", "attributes": []}
    missing = client.get("/open311/v2/services/nope.json", {"api_key": gina_key})
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_get_without_key_or_session_is_401_in_open311_format(client, report):
    r = client.get("/open311/v2/requests.json")
    assert r.status_code == 401
    assert r.json() == [{"code": 401, "description": "An api_key is required."}]


def test_bad_key_is_403(client, report):
    r = client.get("/open311/v2/requests.json", {"api_key": "wrong"})
    assert r.status_code == 403 and r.json()[0]["code"] == 403


def test_post_creates_a_request_in_the_keys_grid(client, category, gina_key, tree):
    r = Client(enforce_csrf_checks=True).post("/open311/v2/requests.json", {
        "api_key": gina_key, "service_code": "safety", "description": "消防通道堵塞",
        "address_string": "中华路1号", "address_id": tree.grid1.code,
    })
    assert r.status_code == 201, r.content
    request_id = r.json()[0]["service_request_id"]
    got = client.get(f"/open311/v2/requests/{request_id}.json", {"api_key": gina_key}).json()
    assert set(got[0]) == SPEC_FIELDS
    assert got[0]["status"] == "open" and got[0]["address"] == "中华路1号" and got[0]["address_id"] == "GRID-G1"


def test_post_with_unknown_service_code_is_400(client, category, gina_key):
    r = client.post("/open311/v2/requests.json", {"api_key": gina_key, "service_code": "x", "description": "d"})
    assert r.status_code == 400 and r.json()[0]["code"] == 400


def test_post_needs_a_key(client, category):
    assert client.post("/open311/v2/requests.json", {"service_code": "safety"}).status_code == 401


def test_key_is_scoped_like_its_user(client, report, charlie_key, tree):
    assert client.get("/open311/v2/requests.json", {"api_key": charlie_key}).json() == []
    r = client.get(f"/open311/v2/requests/{report.pk}.json", {"api_key": charlie_key})
    assert r.status_code == 404 and r.json()[0]["code"] == 404
    r = client.post("/open311/v2/requests.json", {"api_key": charlie_key, "service_code": "safety",
                                                  "description": "x", "address_id": tree.grid1.code})
    assert r.status_code == 400


def test_filters_status_ids_and_dates(client, report, gina, alice, dave, carol, station, category, tree, gina_key):
    other = services.report_file(user=gina, grid=tree.grid1, category=category, description="second")
    r = services.report_dispatch(user=alice, report=report, department=station)
    r = services.report_accept(user=dave, report=r)
    r = services.report_resolve(user=dave, report=r, comment="已处理")
    services.report_close(user=carol, report=r, outcome=Outcome.FIXED, satisfaction=5, comment="核实完毕")
    get = lambda **p: client.get("/open311/v2/requests.json", {"api_key": gina_key, **p}).json()  # noqa: E731
    assert [x["service_request_id"] for x in get(status="closed")] == [str(report.pk)]
    assert [x["service_request_id"] for x in get(status="open")] == [str(other.pk)]
    closed = get(service_request_id=f"{report.pk}")[0]
    assert closed["agency_responsible"] == station.name and closed["status_notes"] == "核实完毕"
    assert len(get(service_request_id=f"{report.pk},{other.pk}")) == 2
    assert get(service_code="other") == []
    assert get(start_date="2000-01-01T00:00:00+08:00", end_date="2000-02-01T00:00:00+08:00") == []
    bad = client.get("/open311/v2/requests.json", {"api_key": gina_key, "status": "weird"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400


def test_session_user_may_read(client, report, alice):
    client.force_login(alice)
    assert len(client.get("/open311/v2/requests.json").json()) == 1


def test_requests_list_query_count_does_not_grow_with_rows(client, report, gina, category, tree, gina_key,
                                                           django_assert_num_queries):
    for i in range(4):
        services.report_file(user=gina, grid=tree.grid1, category=category, description=f"case {i}")
    # key with its user, grants, rows, photos, events; a read opens no transaction
    with django_assert_num_queries(5):
        body = client.get("/open311/v2/requests.json", {"api_key": gina_key}).json()
    assert len(body) == 5
