"""Co-building API: create, claim, progress, confirm; secretary projects; reports and review."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def test_project_claimed_and_confirmed_through_the_api(api, tree, carol, charlie, hospital):
    api.force_authenticate(carol)
    created = api.post("/api/v1/cobuilding-items/", {"organization": "C1", "kind": "project", "title": "共建花园"})
    assert created.status_code == 201, created.data
    pk = created.data["id"]
    claimed = api.post(f"/api/v1/cobuilding-items/{pk}/claim/", {"unit": hospital.pk, "commitment": "提供苗木"})
    assert claimed.status_code == 200 and claimed.data["status"] == "claimed", claimed.data
    assert api.post(f"/api/v1/cobuilding-items/{pk}/progress/", {"percent": 40, "note": "种植"}).status_code == 201
    assert api.post(f"/api/v1/cobuilding-items/{pk}/confirm/", {}).data["status"] == "completed"
    api.force_authenticate(charlie)
    assert api.get(f"/api/v1/cobuilding-items/{pk}/").status_code == 404


def test_secretary_project_and_report_through_the_api(api, tree, alice, carol, hospital):
    api.force_authenticate(carol)
    response = api.post("/api/v1/secretary-projects/", {
        "organization": "C1", "year": 2026, "secretary": "刘书记", "title": "停车难", "problems": "p", "tasks": "t",
        "responsibilities": "r"})
    assert response.status_code == 201, response.data
    api.force_authenticate(alice)
    report = api.post("/api/v1/responsibility-reports/", {"unit": hospital.pk, "year": 2025, "summary": "报告"})
    assert report.status_code == 201, report.data
    refused = api.post(f"/api/v1/responsibility-reports/{report.data['id']}/review/", {"accept": False})
    assert refused.status_code == 400
    accepted = api.post(f"/api/v1/responsibility-reports/{report.data['id']}/review/", {"accept": True})
    assert accepted.data["status"] == "accepted"
