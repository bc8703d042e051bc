"""A registered ID number gets the same neutral answer everywhere (issue 10): nothing tells whether
the member lies inside or outside the user's area, nor where or who they are."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from organizations import member_services
from organizations.models import ID_NUMBER_TAKEN, Member

NEUTRAL = ("This ID card number cannot be registered here. If the person is already a party member, the district's "
           "organisation department arranges their transfer.")


def test_the_neutral_message_is_the_models():
    assert str(ID_NUMBER_TAKEN) == NEUTRAL


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _payload(id_number: str) -> dict:
    return {"name": "王建国", "gender": "M", "birth_date": "1975-03-09", "id_number": id_number,
            "joined_on": "2001-07-01", "branch": "G1"}


def _api_error(user, id_number: str) -> list[str]:
    client = APIClient()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("member-list"), _payload(id_number), format="json")
    assert response.status_code == 400
    return response.json()["id_number"]


def test_the_api_answers_the_same_inside_and_outside_the_area(tree, alice, member_c1, member_c3, settings):
    settings.LANGUAGE_COOKIE_NAME = "django_language"
    outside, inside = _api_error(alice, member_c3.id_number), _api_error(alice, member_c1.id_number)
    assert outside == inside == [NEUTRAL]
    assert "already exists" not in NEUTRAL and member_c3.branch.name not in NEUTRAL


def test_the_api_edit_answers_the_same(tree, alice, member_c1, member_c3):
    client = APIClient()
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    response = client.patch(reverse("member-detail", args=[member_c1.pk]),
                            {"version": member_c1.version, "id_number": member_c3.id_number}, format="json")
    assert response.status_code == 400 and response.json()["id_number"] == [NEUTRAL]


def test_the_service_and_the_page_answer_the_same(tree, alice, member_c3, client, settings):
    with pytest.raises(ValidationError) as refused:
        member_services.member_create(user=alice, branch=tree.g1, name="王建国", gender="M",
                                      birth_date=member_c3.birth_date, id_number=member_c3.id_number,
                                      joined_on=member_c3.joined_on)
    assert refused.value.message_dict["id_number"] == [NEUTRAL]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(alice)
    response = client.post(reverse("organizations:member-create", args=[tree.g1.pk]), {
        "name": "王建国", "gender": "M", "birth_date": member_c3.birth_date.isoformat(),
        "id_number": member_c3.id_number, "joined_on": member_c3.joined_on.isoformat(), "ethnicity": "汉族",
        "category": "full",
    })
    assert response.status_code == 200
    assert NEUTRAL.split(".")[0] in response.content.decode() and "already exists" not in response.content.decode()
    assert Member.objects.filter(id_number=member_c3.id_number).count() == 1
