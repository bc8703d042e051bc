"""The merge and split pages: a street official reorganises the communities of their street."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.models import Member, MemberStatus, Organization, OrgStatus
from tests.organizations.factories import MemberFactory


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def as_alice(en_client, alice):
    en_client.force_login(alice)
    return en_client


def url(name: str, org) -> str:
    return reverse(f"organizations:{name}", args=[org.pk])


def test_organisation_page_links_merge_and_split_for_the_street_official(as_alice, tree):
    content = as_alice.get(url("detail", tree.c2)).content.decode()
    assert url("merge", tree.c2) in content and url("split", tree.c2) in content


def test_community_secretary_manages_the_community_but_cannot_merge_or_split_it(en_client, carol, tree):
    en_client.force_login(carol)
    content = en_client.get(url("detail", tree.c1)).content.decode()
    assert url("edit", tree.c1) in content
    assert url("merge", tree.c1) not in content and url("split", tree.c1) not in content
    assert en_client.get(url("merge", tree.c1)).status_code == 403
    assert en_client.post(url("split", tree.c1), {"code": "C1B", "name": "x", "on": "2026-06-01"}).status_code == 403
    assert not Organization.objects.filter(code="C1B").exists()


def test_merge_page_offers_only_active_siblings_the_user_manages(as_alice, tree):
    form = as_alice.get(url("merge", tree.c2)).context["form"]
    assert list(form.fields["target"].queryset) == [tree.c1]


def test_merge_page_merges_into_the_chosen_community(as_alice, tree):
    member = MemberFactory(branch=tree.c2)
    gone = MemberFactory(branch=tree.c2, status=MemberStatus.DECEASED)
    page = as_alice.get(url("merge", tree.c2)).content.decode()
    assert "1 current member moves" in page and "1 historical member stays" in page
    response = as_alice.post(url("merge", tree.c2), {"target": tree.c1.pk, "on": "2026-06-01", "confirm": "on"})
    assert response.status_code == 302 and response.url == url("detail", tree.c1)
    c2 = Organization.objects.get(pk=tree.c2.pk)
    assert c2.status == OrgStatus.DISSOLVED and c2.merged_into_id == tree.c1.pk
    assert Member.objects.get(pk=member.pk).branch_id == tree.c1.pk
    assert Member.objects.get(pk=gone.pk).branch_id == tree.c2.pk


def test_merge_page_shows_an_early_date_as_a_form_error(as_alice, tree):
    Organization.objects.filter(pk=tree.c2.pk).update(established_on=dt.date(2020, 1, 1))
    response = as_alice.post(url("merge", tree.c2), {"target": tree.c1.pk, "on": "2019-06-01", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["on"] == [
        "The date cannot be before 2020-01-01, when 户部巷社区党支部 was established."
    ]
    assert Organization.objects.get(pk=tree.c2.pk).is_active


def test_merge_needs_confirmation(as_alice, tree):
    response = as_alice.post(url("merge", tree.c2), {"target": tree.c1.pk, "on": "2026-06-01"})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert Organization.objects.get(pk=tree.c2.pk).is_active


def test_split_page_offers_current_direct_members_and_sub_organisations(as_alice, tree, member_c1):
    direct = MemberFactory(branch=tree.c1, name="直属党员")
    MemberFactory(branch=tree.c1, name="已故党员", status=MemberStatus.DECEASED)
    response = as_alice.get(url("split", tree.c1))
    form = response.context["form"]
    assert list(form.fields["members"].queryset) == [direct]
    assert list(form.fields["children"].queryset) == [tree.g1]
    content = response.content.decode()
    assert 'data-filter-list="id_members"' in content and "js/filter_list.js" in content
    assert f"直属党员, joined {direct.joined_on.isoformat()}" in content


def test_split_page_creates_the_sibling_and_moves_the_ticked_members(as_alice, tree, member_c1):
    leaving, staying = MemberFactory(branch=tree.c1), MemberFactory(branch=tree.c1)
    data = {"code": "C1B", "name": "西城壕二社区党委", "on": "2026-06-01", "members": [leaving.pk],
            "children": [tree.g1.pk]}
    response = as_alice.post(url("split", tree.c1), data)
    new = Organization.objects.get(code="C1B")
    assert response.status_code == 302 and response.url == url("detail", new)
    assert Member.objects.get(pk=leaving.pk).branch_id == new.pk
    assert Member.objects.get(pk=staying.pk).branch_id == tree.c1.pk
    assert Organization.objects.get(pk=tree.g1.pk).path.startswith(new.path)


def test_split_page_shows_the_service_errors(as_alice, tree):
    data = {"code": "C2", "name": "重复代码", "on": "2026-06-01", "members": [MemberFactory(branch=tree.c1).pk]}
    response = as_alice.post(url("split", tree.c1), data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    response = as_alice.post(url("split", tree.c1), {"code": "C1B", "name": "空", "on": "2026-06-01"})
    assert response.context["form"].non_field_errors() == [
        "Choose the members or sub-organisations that move to the new organisation."
    ]
