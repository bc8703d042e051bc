"""Regional-committee API: lists scoped, writes through the services, outsiders' 404 and 400s."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from organizations.models import PartTimeMember

pytestmark = pytest.mark.django_db


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_bodies_and_counts(alice, council_c1, seat_c1):
    api = api_client_for(alice)
    rows = api.get("/api/v1/meeting-bodies/").json()["results"]
    assert [r["name"] for r in rows] == [council_c1.name]
    assert api.get("/api/v1/meeting-bodies/counts/").json()["part_time_members"] == 1


def test_seat_and_end_a_member_through_the_api(carol, council_c1, unit_s1):
    api = api_client_for(carol)
    response = api.post("/api/v1/part-time-members/", {
        "body": council_c1.pk, "name": "钱委员", "unit": unit_s1.pk, "term_start": "2026-01-01",
    }, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.post(f"/api/v1/part-time-members/{pk}/end-term/", {"term_end": "2025-01-01"}, format="json")
    assert response.status_code == 400 and "早于" in response.content.decode()
    response = api.post(f"/api/v1/part-time-members/{pk}/end-term/", {"term_end": "2026-12-31"}, format="json")
    assert response.status_code == 200 and response.json()["term_end"] == "2026-12-31"


def test_outsider_cannot_reach_members_or_file_reports(charlie, seat_c1):
    api = api_client_for(charlie)
    assert api.get(f"/api/v1/part-time-members/{seat_c1.pk}/").status_code == 404
    response = api.post("/api/v1/duty-reports/", {"member": seat_c1.pk, "year": 2025, "summary": "x"}, format="json")
    assert response.status_code == 400 and not PartTimeMember.objects.get(pk=seat_c1.pk).duty_reports.exists()


def test_duty_report_through_the_api(carol, seat_c1):
    api = api_client_for(carol)
    response = api.post(
        "/api/v1/duty-reports/", {"member": seat_c1.pk, "year": 2025, "summary": "办实事5件", "matters_solved": 5},
        format="json",
    )
    assert response.status_code == 201 and response.json()["matters_solved"] == 5
