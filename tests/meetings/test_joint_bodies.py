"""Pages of the three-party meetings (三方联动) and themed forums (双月座谈会): set one up, see the
refusals in Chinese, edit it, open its first meeting; outsiders get 404, auditors 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Body, BodyKind

from .factories import make_body

pytestmark = pytest.mark.django_db


def _post_new(client, **data):
    return client.post(reverse("meetings:body-create"), data)


def test_secretary_sets_up_a_three_party_meeting_and_is_sent_to_open_its_first_meeting(client, carol, tree):
    client.force_login(carol)
    response = _post_new(client, kind="three_party", organization=tree.c1.pk, name="西城壕小区三方联动会议")
    body = Body.objects.get(kind=BodyKind.THREE_PARTY)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('meetings:meeting-create')}?body={body.pk}"
    assert (body.organization, body.name, body.is_active) == (tree.c1, "西城壕小区三方联动会议", True)
    page = client.get(response["Location"])
    assert page.context["form"]["body"].initial == body


def test_a_three_party_meeting_must_belong_to_a_community(client, alice, tree):
    client.force_login(alice)
    response = _post_new(client, kind="three_party", organization=tree.s1.pk, name="街道三方联动会议")
    assert response.status_code == 200
    assert "三方联动会议（社区、业委会、物业企业）须由社区召开" in response.content.decode()
    assert not Body.objects.exists()


def test_a_themed_forum_belongs_to_the_district_or_a_street(client, alice, tree):
    client.force_login(alice)
    refused = _post_new(client, kind="themed_forum", organization=tree.c1.pk, name="社区座谈会")
    assert "双月座谈会须由区或街道召开" in refused.content.decode()
    accepted = _post_new(client, kind="themed_forum", organization=tree.s1.pk, name="中华路街道双月座谈会")
    assert accepted.status_code == 302
    assert Body.objects.get().kind == BodyKind.THEMED_FORUM


def test_name_is_required_and_unique_per_organisation_and_kind(client, carol, tree):
    client.force_login(carol)
    empty = _post_new(client, kind="three_party", organization=tree.c1.pk, name="")
    assert empty.status_code == 200 and empty.context["form"].errors["name"], empty.context["form"].errors
    make_body(tree.c1, BodyKind.THREE_PARTY, name="三方联动会议")
    twice = _post_new(client, kind="three_party", organization=tree.c1.pk, name="三方联动会议")
    assert "该组织已有同名的同类议事机构" in twice.content.decode()
    assert Body.objects.count() == 1


def test_service_refuses_a_nameless_joint_body(carol, tree):
    from django.core.exceptions import ValidationError

    from meetings import services

    with pytest.raises(ValidationError, match="请填写名称"):
        services.body_create(user=carol, organization=tree.c1, kind=BodyKind.THREE_PARTY, name="  ")


def test_organisation_outside_the_area_is_refused(client, carol, tree):
    client.force_login(carol)
    response = _post_new(client, kind="three_party", organization=tree.c3.pk, name="杨园三方联动会议")
    assert response.status_code == 200 and not Body.objects.exists()
    assert response.context["form"].errors["organization"]


def test_edit_renames_and_deactivates(client, carol, tree):
    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="三方联动会议")
    client.force_login(carol)
    url = reverse("meetings:body-edit", args=[body.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "西城壕三方联动会议", "version": body.version})
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.is_active, body.version) == ("西城壕三方联动会议", False, 2)


def test_stale_edit_is_refused(client, carol, tree):
    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="三方联动会议")
    client.force_login(carol)
    response = client.post(reverse("meetings:body-edit", args=[body.pk]),
                           {"name": "改名", "is_active": "on", "version": body.version + 5})
    assert response.status_code == 200
    body.refresh_from_db()
    assert body.name == "三方联动会议"


def test_list_shows_the_scopes_bodies_with_meeting_counts(client, alice, carol, tree, django_assert_max_num_queries):
    from meetings import meeting_services as ms

    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="西城壕三方联动会议")
    make_body(tree.c3, BodyKind.THREE_PARTY, name="杨园三方联动会议")
    make_body(tree.c1, BodyKind.COMMUNITY_COMMITTEE)  # a regional committee lists on its own pages
    import datetime as dt

    ms.meeting_create(user=carol, body=body, title="物业费协调", held_on=dt.date(2026, 4, 1))
    client.force_login(alice)
    page = client.get(reverse("meetings:body-list"))
    bodies = list(page.context["bodies"])
    assert [b.name for b in bodies] == ["西城壕三方联动会议"]
    assert (bodies[0].meeting_count, bodies[0].open_count) == (1, 1)
    assert "1 次会议" in page.content.decode()


def test_list_query_count_does_not_grow_with_bodies(client, alice, tree, django_assert_num_queries):
    for n in range(5):
        make_body(tree.c1, BodyKind.THREE_PARTY, name=f"三方联动会议{n}")
    client.force_login(alice)
    # session, user, grants, count, the page of bodies with their organisation and meeting counts, the
    # "may add" probe, the bell (a read opens no transaction and writes no session)
    with django_assert_num_queries(7):
        client.get(reverse("meetings:body-list"))


def test_outsider_gets_404_and_auditor_403(client, charlie, audrey, tree):
    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="西城壕小区联动会")
    client.force_login(charlie)
    assert client.get(reverse("meetings:body-edit", args=[body.pk])).status_code == 404
    assert body.name not in client.get(reverse("meetings:body-list")).content.decode()
    client.force_login(audrey)
    assert client.get(reverse("meetings:body-edit", args=[body.pk])).status_code == 403
    assert client.get(reverse("meetings:body-create")).status_code == 403
