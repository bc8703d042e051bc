"""API: clues recorded and handled by the narrow readers, rectifications reviewed by the district."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .factories import make_clue, make_rectification

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_clue_through_the_api(mona, dora, carol, committee_c1):
    response = api(mona).post("/api/v1/problem-clues/", {"committee": committee_c1.pk, "found_on": "2026-05-01",
                                                          "matter": "集体资产出租未公开", "involves": "cadre"},
                              format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert api(carol).get(f"/api/v1/problem-clues/{pk}/").status_code == 404
    assert api(carol).get("/api/v1/problem-clues/").json()["count"] == 0
    response = api(dora).post(f"/api/v1/problem-clues/{pk}/handle/",
                              {"handling": "约谈", "outcome": "已整改", "close": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_secretary_cannot_record_a_clue_by_api(carol, committee_c1):
    response = api(carol).post("/api/v1/problem-clues/", {"committee": committee_c1.pk, "found_on": "2026-05-01",
                                                           "matter": "x", "involves": "other"}, format="json")
    assert response.status_code == 403


def test_rectification_review_by_api(dana, carol, tree):
    rect = make_rectification(tree.c1)
    response = api(carol).post("/api/v1/rectification-measures/",
                               {"rectification": rect.pk, "measure": "整顿", "deadline": "2026-09-01"}, format="json")
    assert response.status_code == 201
    assert api(carol).post(f"/api/v1/rectifications/{rect.pk}/review/", {"passed": False, "text": "x"},
                           format="json").status_code == 403
    response = api(dana).post(f"/api/v1/rectifications/{rect.pk}/review/", {"passed": True, "text": "合格"},
                              format="json")
    assert response.status_code == 400 and "每项整改措施都完成" in response.content.decode()


def test_lists_are_scoped(charlie, dana, committee_c1, tree):
    make_clue(committee_c1)
    make_rectification(tree.c1)
    for path in ("supervision-committees", "problem-clues", "rectifications"):
        assert api(charlie).get(f"/api/v1/{path}/").json()["count"] == 0
        assert api(dana).get(f"/api/v1/{path}/").json()["count"] == 1
