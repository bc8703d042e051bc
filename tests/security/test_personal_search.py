"""Searching by personal data cannot rebuild it (issue 7, #1).

A search by the tail of an ID number answered "does it end in 7? in 17? in 517?" until the whole
number was known, for any viewer, unrecorded. Numbers are now found only when typed in full;
an ID number only by roles that may reveal it, and every such search is recorded.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role, RoleAssignment
from audit.models import PersonalDataAccess
from partybuild import personal_search
from tests.conftest import make_user

LIST = reverse("organizations:member-list")
API = reverse("member-list")


def found(client, q: str) -> list[str]:
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    return [m.name for m in response.context["members"]]


def api_found(user, q: str) -> list[str]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(API, {"q": q})
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize("actor", ["dana", "carol", "gina"])
@pytest.mark.parametrize("digits", [4, 17])
def test_a_tail_of_an_id_number_finds_nobody_for_any_role(client, member_c1, actor, digits, request):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    tail = member_c1.id_number[-digits:]
    assert found(client, tail) == [] and api_found(user, tail) == []
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("actor", ["alice", "carol", "gina"])
def test_a_phone_is_found_only_when_typed_in_full(client, member_c1, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert found(client, member_c1.phone[-4:]) == []
    assert found(client, member_c1.phone[:7]) == []
    assert found(client, member_c1.phone) == [member_c1.name]


def test_a_partial_number_says_numbers_are_found_only_in_full(client, member_c1, carol):
    client.force_login(carol)
    response = client.get(LIST, {"q": member_c1.phone[-4:]})
    assert str(personal_search.WHOLE_ONLY) in response.content.decode()


@pytest.mark.parametrize("actor", ["dana", "alice"])
def test_a_whole_id_number_finds_the_member_for_roles_that_may_reveal_and_is_recorded(client, member_c1, actor,
                                                                                      request):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    response = client.get(LIST, {"q": member_c1.id_number.lower()}, REMOTE_ADDR="10.9.8.7")
    assert [m.name for m in response.context["members"]] == [member_c1.name]
    assert str(personal_search.RECORDED) in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.object_id, access.field, access.purpose, access.ip_address) == (
        user, member_c1.pk, "id_number", "identity", "10.9.8.7")
    assert access.organization == member_c1.branch


def test_the_api_search_by_whole_id_number_is_recorded_too(member_c1, alice):
    assert api_found(alice, member_c1.id_number) == [member_c1.name]
    assert PersonalDataAccess.objects.filter(user=alice, field="id_number", purpose="identity").count() == 1


@pytest.mark.parametrize("actor", ["carol", "gina", "audrey"])
def test_roles_that_may_not_reveal_find_nobody_by_id_number_and_are_told_why(client, member_c1, actor, request):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    response = client.get(LIST, {"q": member_c1.id_number})
    assert list(response.context["members"]) == []
    assert str(personal_search.REFUSED) in response.content.decode()
    assert api_found(user, member_c1.id_number) == []
    assert not PersonalDataAccess.objects.exists()


def test_an_auditor_here_who_reveals_elsewhere_finds_nobody_here(client, tree, member_c1):
    mixed = make_user("mixed", Role.STREET_OFFICIAL, tree.s2)
    RoleAssignment.objects.create(user=mixed, role=Role.AUDITOR, organization=tree.s1)
    client.force_login(mixed)
    assert found(client, member_c1.id_number) == []
    assert not PersonalDataAccess.objects.exists()


def test_a_refused_id_search_asks_nothing_of_the_database(rf, member_c1, carol, django_assert_num_queries):
    from organizations.models import Member

    request = rf.get("/")
    request.user = carol
    notices: list = []
    with django_assert_num_queries(1):  # the role grants only: no query about the number
        qs = personal_search.personal_search(Member.objects.all(), member_c1.id_number, text_fields=("name",),
                                             id_field="id_number", request=request, notices=notices)
    assert notices == [personal_search.REFUSED] and not qs.exists()


def test_the_member_export_searches_the_same_way(client, member_c1, carol, alice):
    url = reverse("imports:member-export")
    client.force_login(carol)
    assert member_c1.name not in client.get(url, {"q": member_c1.id_number, "format": "csv"}).getvalue().decode()
    client.force_login(alice)
    assert member_c1.name in client.get(url, {"q": member_c1.id_number, "format": "csv"}).getvalue().decode("utf-8-sig")
    assert PersonalDataAccess.objects.filter(user=alice, purpose="identity").count() == 1
