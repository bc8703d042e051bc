"""Meeting and agenda API: series, attendance, close with carry-over, item steps, task inbox;
outsiders' 404 and the services' refusals as 400."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from meetings.models import Meeting

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 8, 9, tzinfo=dt.UTC)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@time_machine.travel(APRIL)
def test_series_items_close_and_carry_through_the_api(carol, dave, council_c1, station, grid_report):
    client = api(carol)
    response = client.post("/api/v1/meeting-series/", {
        "body": council_c1.pk, "title": "月度联席会", "first_on": "2026-04-08",
    }, format="json")
    assert response.status_code == 201, response.content
    april = Meeting.objects.get(series_id=response.json()["id"])
    raised = client.post("/api/v1/agenda-items/", {"meeting": april.pk, "report": grid_report.pk}, format="json")
    assert raised.status_code == 201, raised.content
    item = raised.json()["id"]
    decided = client.post(f"/api/v1/agenda-items/{item}/decide/", {
        "lead_department": station.pk, "unit_names": ["小区物业"], "due_in_working_days": 5,
    }, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    refused = client.post(f"/api/v1/meetings/{april.pk}/close/", {}, format="json")
    assert refused.status_code == 400 and "会议纪要" in refused.content.decode()
    attendee = client.post(f"/api/v1/meetings/{april.pk}/attendees/", {"kind": "committee", "name": "书记"},
                           format="json").json()
    client.post(f"/api/v1/meetings/{april.pk}/attendance/", {"present": [attendee["id"]]}, format="json")
    client.patch(f"/api/v1/meetings/{april.pk}/", {"minutes": "纪要"}, format="json")
    closed = client.post(f"/api/v1/meetings/{april.pk}/close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    detail = client.get(f"/api/v1/agenda-items/{item}/").json()
    assert detail["times_carried"] == 1 and [h["outcome"] for h in detail["history"]] == ["decided", "pending"]
    tasks = api(dave).get("/api/v1/follow-up-tasks/").json()["results"]
    assert [t["department_name"] for t in tasks] == [station.name]
    done = api(dave).post(f"/api/v1/follow-up-tasks/{tasks[0]['id']}/done/", {"note": "已清理"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_outsider_gets_404_on_meetings_and_items(carol, charlie, council_c1):
    client = api(carol)
    series = client.post("/api/v1/meeting-series/", {
        "body": council_c1.pk, "title": "月度联席会", "first_on": "2026-04-08",
    }, format="json").json()
    april = Meeting.objects.get(series_id=series["id"])
    item = client.post("/api/v1/agenda-items/", {"meeting": april.pk, "title": "停车难"}, format="json").json()
    outsider = api(charlie)
    assert outsider.get(f"/api/v1/meetings/{april.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/agenda-items/{item['id']}/").status_code == 404
    assert outsider.post(f"/api/v1/agenda-items/{item['id']}/close/", {"reason": "x"}, format="json").status_code == 404
    assert outsider.post("/api/v1/agenda-items/", {"meeting": april.pk, "title": "x"}, format="json").status_code == 400
