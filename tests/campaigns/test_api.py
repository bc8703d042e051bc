"""API: grades created and moved through their steps; refusals as 403/400; names masked."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_grade_through_the_api(gina, carol, alice, tree):
    response = as_user(gina).post("/api/v1/star-grades/", {
        "year": 2026, "organization": tree.g1.code, "self_grade": 4, "self_summary": "x"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert as_user(gina).post(f"/api/v1/star-grades/{pk}/rate/", {"grade": 4}, format="json").status_code == 403
    response = as_user(carol).post(f"/api/v1/star-grades/{pk}/rate/", {"grade": 3}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rated"
    response = as_user(alice).post(f"/api/v1/star-grades/{pk}/review/", {"grade": 3}, format="json")
    assert response.json()["grade"] == 3
    response = as_user(alice).post(f"/api/v1/star-grades/{pk}/review/", {"grade": 3}, format="json")
    assert response.status_code == 400


def test_board_entries_come_out_masked(carol, tree):
    response = as_user(carol).post("/api/v1/board-entries/", {
        "community": tree.c1.code, "compound": "和平苑", "kind": "black", "date": "2026-03-01",
        "text": "高空抛物", "resident_name": "李建国"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["resident_name"] == "李**"
