"""API: filing a meeting with its attendance, reading it, compliance, rules."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from orglife.models import FrequencyRule, Meeting

from .factories import member


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def g1_members(tree):
    return [member(tree.g1, name=n) for n in ("甲", "乙", "丙")]


def test_file_a_meeting_and_read_it_back(api, tree, gina, charlie, g1_members):
    api.force_authenticate(gina)
    body = {"organization": "G1", "meeting_type": "members", "held_on": "2026-06-10", "topic": "学习",
            "present": [g1_members[0].pk, g1_members[1].pk], "absences": [{"member": g1_members[2].pk,
                                                                            "reason": "work"}]}
    response = api.post("/api/v1/orglife-meetings/", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["is_counted"] is True and response.data["present"] == 2
    meeting = Meeting.objects.get()
    attendance = api.get("/api/v1/orglife-attendance/").data["results"]
    assert {a["member_name"]: a["is_present"] for a in attendance} == {"甲": True, "乙": True, "丙": False}
    api.force_authenticate(charlie)
    assert api.get(f"/api/v1/orglife-meetings/{meeting.pk}/").status_code == 404
    assert api.post("/api/v1/orglife-meetings/", body, format="json").status_code == 400


def test_service_refusal_is_a_400_with_its_message(api, tree, gina, g1_members):
    api.force_authenticate(gina)
    response = api.post("/api/v1/orglife-meetings/", {
        "organization": "G1", "meeting_type": "lecture", "held_on": "2026-06-10", "topic": "党课", "present": [],
    }, format="json")
    assert response.status_code == 400 and "授课人" in str(response.data)


def test_compliance_endpoint(api, tree, alice):
    api.force_authenticate(alice)
    response = api.get("/api/v1/orglife-meetings/compliance/", {"year": 2026, "quarter": 2})
    assert response.status_code == 200
    assert {r["organization"] for r in response.data} == {"C1", "C2", "G1", "B1"}
    assert api.get("/api/v1/orglife-meetings/compliance/", {"year": "x"}).status_code == 400


def test_rules_are_read_by_all_and_changed_by_the_district(api, tree, dana, alice):
    rule = FrequencyRule.objects.get(level="grid", org_type="", meeting_type="members")
    api.force_authenticate(alice)
    assert api.patch(f"/api/v1/orglife-rules/{rule.pk}/", {"period": "month", "times": 1}).status_code == 403
    api.force_authenticate(dana)
    response = api.patch(f"/api/v1/orglife-rules/{rule.pk}/", {"period": "month", "times": 2})
    assert response.status_code == 200 and response.data["times"] == 2


def test_committee_member_added_through_the_api(api, tree, carol, g1_members):
    api.force_authenticate(carol)
    response = api.post("/api/v1/orglife-committee-members/", {
        "organization": "G1", "member": g1_members[0].pk, "duty": "secretary", "started_on": str(dt.date(2026, 1, 1)),
    })
    assert response.status_code == 201, response.data
