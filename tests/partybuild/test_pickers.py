"""Search-as-you-type pickers: scoped results, safe parameters, and forms that list only the choice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from services.forms import PledgeForm
from services.models import Pledge
from tests.organizations.factories import MemberFactory


def pick(client, user, name: str, **params) -> list[dict]:
    client.force_login(user)
    response = client.get(reverse("pick", args=[name]), params)
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.django_db
def test_member_search_finds_members_of_the_users_area_only(client, tree, alice, charlie):
    MemberFactory(name="王小明", branch=tree.g1)
    MemberFactory(name="王小红", branch=tree.g3)
    assert [r["text"] for r in pick(client, alice, "member", q="王小")] == [f"王小明 · {tree.g1.name}"]
    assert [r["text"] for r in pick(client, charlie, "member", q="王小")] == [f"王小红 · {tree.g3.name}"]


@pytest.mark.django_db
def test_within_an_organisation_outside_the_area_finds_nothing(client, tree, alice):
    MemberFactory(name="王小明", branch=tree.g1)
    assert pick(client, alice, "member", q="王", within=tree.c3.pk) == []
    assert len(pick(client, alice, "member", q="王", within=tree.c1.pk)) == 1


@pytest.mark.django_db
def test_bad_parameters_and_empty_terms_give_no_results_not_errors(client, tree, alice):
    MemberFactory(name="王小明", branch=tree.g1)
    assert pick(client, alice, "member", q="") == []
    assert len(pick(client, alice, "member", q="王", within="x'; drop")) == 1
    # A grid that is not a number is ignored rather than failing the request.
    assert [r["value"] for r in pick(client, alice, "household", q="101", grid="abc")] == [str(tree.household1.pk)]
    client.force_login(alice)
    assert client.get(reverse("pick", args=["nonesuch"]), {"q": "王"}).status_code == 404


@pytest.mark.django_db
def test_anonymous_clients_are_sent_to_log_in(client):
    response = client.get(reverse("pick", args=["member"]), {"q": "王"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_household_search_by_head_name_stays_in_scope(client, tree, alice, charlie):
    assert [r["value"] for r in pick(client, alice, "household", q="王建国")] == [str(tree.household1.pk)]
    assert pick(client, charlie, "household", q="王建国") == []


@pytest.mark.django_db
def test_destination_search_offers_branches_and_communities_of_the_whole_district_by_code(client, tree, alice):
    results = pick(client, alice, "destination", q="杨园")
    assert {r["value"] for r in results} == {"C3", "G3"}
    assert [r["value"] for r in pick(client, alice, "destination", q="杨园", level="community")] == ["C3"]


@pytest.mark.django_db
def test_pledge_member_picker_leaves_out_members_who_pledged_that_year(client, tree, carol):
    pledged = MemberFactory(name="李已诺", branch=tree.g1)
    MemberFactory(name="李未诺", branch=tree.g1)
    Pledge.objects.create(member=pledged, organization=tree.g1, year=2026)
    names = [r["text"].split(" · ")[0] for r in pick(client, carol, "pledge-member", q="李", within=tree.c1.pk,
                                                      year=2026)]
    assert names == ["李未诺"]
    assert len(pick(client, carol, "pledge-member", q="李", within=tree.c1.pk, year=2025)) == 2


@pytest.mark.django_db
def test_a_picker_field_renders_only_its_selected_option(tree):
    chosen = MemberFactory(name="李甲", branch=tree.g1)
    for n in range(5):
        MemberFactory(name=f"张{n}", branch=tree.g1)
    html = str(PledgeForm(data={"member": chosen.pk, "year": 2026}, org=tree.c1)["member"])
    assert html.count("<option") == 2  # the empty choice and the selected member
    assert "李甲" in html and "张0" not in html
    assert 'data-picker-url="/pick/pledge-member/?within=' in html


@pytest.mark.django_db
def test_a_forged_value_outside_the_field_queryset_shows_no_name_and_is_refused(tree):
    outsider = MemberFactory(name="赵外人", branch=tree.g3)
    form = PledgeForm(data={"member": outsider.pk, "year": 2026}, org=tree.c1)
    assert "赵外人" not in str(form["member"])
    assert not form.is_valid() and "member" in form.errors
