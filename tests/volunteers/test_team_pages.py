"""Team and volunteer pages for community secretaries: create, edit with the optimistic lock,
scoped choices, the outsider's 404, the read-only roles' 403 and forms that keep bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organizations.factories import MemberFactory
from volunteers.models import Volunteer, VolunteerTeam

from .factories import make_team, make_volunteer

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this record"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def team_data(team, **changes) -> dict:
    data = {
        "name": team.name, "speciality": team.speciality, "leader": team.leader_id or "", "founded_on": "",
        "is_active": "on", "version": team.version,
    }
    return {**data, **changes}


def test_secretary_creates_a_team_through_the_page(client, carol, tree):
    client.force_login(carol)
    assert reverse("volunteers:team-create") in client.get(reverse("volunteers:team-list")).content.decode()
    response = client.post(reverse("volunteers:team-create"), {
        "community": tree.c1.pk, "name": "银发志愿服务队", "speciality": "助老", "founded_on": "2025-03-01",
        "is_active": "on",
    })
    team = VolunteerTeam.objects.get(name="银发志愿服务队")
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:team-detail", args=[team.pk])
    assert (team.community, team.speciality, str(team.founded_on)) == (tree.c1, "助老", "2025-03-01")


def test_team_form_offers_only_the_secretarys_communities(client, carol, tree):
    client.force_login(carol)
    form = client.get(reverse("volunteers:team-create")).context["form"]
    assert list(form.fields["community"].queryset) == [tree.c1]
    response = client.post(reverse("volunteers:team-create"), {"community": tree.c3.pk, "name": "越界服务队"})
    assert response.status_code == 200 and "community" in response.context["form"].errors
    assert not VolunteerTeam.objects.filter(name="越界服务队").exists()


def test_duplicate_team_name_rerenders_with_the_typed_data(client, carol, tree, team_c1):
    client.force_login(carol)
    response = client.post(reverse("volunteers:team-create"), {
        "community": tree.c1.pk, "name": team_c1.name, "speciality": "维修水电",
    })
    body = response.content.decode()
    assert response.status_code == 200 and VolunteerTeam.objects.count() == 1
    assert "维修水电" in body and "alert-danger" in body


def test_secretary_edits_a_team_and_names_its_leader(client, carol, team_c1):
    new_leader = make_volunteer(team_c1.community, name="李强", team=team_c1)
    client.force_login(carol)
    assert reverse("volunteers:team-edit", args=[team_c1.pk]) in client.get(
        reverse("volunteers:team-detail", args=[team_c1.pk])
    ).content.decode()
    response = client.post(
        reverse("volunteers:team-edit", args=[team_c1.pk]), team_data(team_c1, leader=new_leader.pk, speciality="助残")
    )
    assert response.status_code == 302
    team_c1.refresh_from_db()
    assert (team_c1.leader, team_c1.speciality, team_c1.version) == (new_leader, "助残", 2)


def test_leader_choices_are_the_teams_own_volunteers(client, carol, tree, team_c1):
    stranger = make_volunteer(tree.c1, name="不在队里")
    client.force_login(carol)
    response = client.post(reverse("volunteers:team-edit", args=[team_c1.pk]), team_data(team_c1, leader=stranger.pk))
    assert response.status_code == 200 and "leader" in response.context["form"].errors
    team_c1.refresh_from_db()
    assert team_c1.leader.name == "队长王"


def test_stale_team_form_is_refused_and_keeps_the_typed_data(client, carol, team_c1):
    client.force_login(carol)
    stale = team_data(team_c1, speciality="我输入的内容")
    VolunteerTeam.objects.filter(pk=team_c1.pk).update(speciality="别人先保存的", version=2)
    response = client.post(reverse("volunteers:team-edit", args=[team_c1.pk]), stale)
    body = response.content.decode()
    assert response.status_code == 200 and CONFLICT in body and "我输入的内容" in body
    team_c1.refresh_from_db()
    assert (team_c1.speciality, team_c1.version) == ("别人先保存的", 2)


def test_secretary_registers_a_resident_volunteer_from_the_list(client, carol, tree, team_c1):
    client.force_login(carol)
    assert reverse("volunteers:volunteer-create") in client.get(reverse("volunteers:volunteer-list")).content.decode()
    response = client.post(reverse("volunteers:volunteer-create"), {
        "community": tree.c1.pk, "name": "陈阿姨", "phone": "13900001111", "team": team_c1.pk,
        "joined_on": "2025-05-04",
    })
    volunteer = Volunteer.objects.get(name="陈阿姨")
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:volunteer-ledger", args=[volunteer.pk])
    assert (volunteer.community, volunteer.team, volunteer.member) == (tree.c1, team_c1, None)


def test_register_from_a_team_preselects_the_team(client, carol, tree, team_c1):
    client.force_login(carol)
    detail = client.get(reverse("volunteers:team-detail", args=[team_c1.pk])).content.decode()
    url = f"{reverse('volunteers:volunteer-create')}?team={team_c1.pk}"
    assert url in detail.replace("&amp;", "&")
    form = client.get(url).context["form"]
    assert form.initial["team"] == team_c1 and form.initial["community"] == tree.c1


def test_party_member_volunteer_takes_the_members_name(client, carol, tree):
    member = MemberFactory(name="党员孙明", branch=tree.g1)
    client.force_login(carol)
    response = client.post(reverse("volunteers:volunteer-create"), {"community": tree.c1.pk, "member": member.pk})
    assert response.status_code == 302
    assert Volunteer.objects.get(member=member).name == "党员孙明"


def test_member_of_another_area_cannot_be_chosen(client, carol, tree):
    outsider = MemberFactory(name="外街党员", branch=tree.g3)
    client.force_login(carol)
    form = client.get(reverse("volunteers:volunteer-create")).context["form"]
    assert outsider not in form.fields["member"].queryset
    response = client.post(reverse("volunteers:volunteer-create"), {"community": tree.c1.pk, "member": outsider.pk})
    assert response.status_code == 200 and "member" in response.context["form"].errors
    assert not Volunteer.objects.exists()


def test_member_already_volunteering_is_refused_with_a_message(client, carol, tree):
    member = MemberFactory(name="党员孙明", branch=tree.g1)
    make_volunteer(tree.c1, name="党员孙明", member=member)
    client.force_login(carol)
    response = client.post(reverse("volunteers:volunteer-create"), {"community": tree.c1.pk, "member": member.pk})
    assert response.status_code == 200 and "already a volunteer" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_resident_without_phone_rerenders_with_the_name_and_an_error(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("volunteers:volunteer-create"), {"community": tree.c1.pk, "name": "陈阿姨"})
    body = response.content.decode()
    assert response.status_code == 200 and not Volunteer.objects.exists()
    assert "陈阿姨" in body and "invalid-feedback" in body and "phone" in response.context["form"].errors


def test_team_of_another_community_is_refused(client, alice, tree):
    team_c2 = make_team(tree.c2, name="二社区服务队")
    client.force_login(alice)
    response = client.post(reverse("volunteers:volunteer-create"), {
        "community": tree.c1.pk, "name": "陈阿姨", "phone": "13900001111", "team": team_c2.pk,
    })
    assert response.status_code == 200 and "team" in response.context["form"].errors


def test_secretary_edits_a_volunteer(client, carol, tree, team_c1):
    volunteer = make_volunteer(tree.c1, name="刘芳", phone="13900002222")
    client.force_login(carol)
    ledger = client.get(reverse("volunteers:volunteer-ledger", args=[volunteer.pk])).content.decode()
    assert reverse("volunteers:volunteer-edit", args=[volunteer.pk]) in ledger
    response = client.post(reverse("volunteers:volunteer-edit", args=[volunteer.pk]), {
        "name": "刘芳", "phone": "13900003333", "team": team_c1.pk, "version": volunteer.version,
    })
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.team, volunteer.version) == ("13900003333", team_c1, 2)


def test_stale_volunteer_form_is_refused_without_overwriting(client, carol, tree):
    volunteer = make_volunteer(tree.c1, name="刘芳", phone="13900002222")
    Volunteer.objects.filter(pk=volunteer.pk).update(phone="13900004444", version=2)
    client.force_login(carol)
    response = client.post(reverse("volunteers:volunteer-edit", args=[volunteer.pk]), {
        "name": "刘芳", "phone": "13900003333", "version": 1,
    })
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert "13900003333" in response.content.decode()
    volunteer.refresh_from_db()
    assert (volunteer.phone, volunteer.version) == ("13900004444", 2)


def test_outsider_gets_404_on_the_edit_pages(client, charlie, tree, team_c1):
    volunteer = make_volunteer(tree.c1)
    client.force_login(charlie)
    assert client.get(reverse("volunteers:team-edit", args=[team_c1.pk])).status_code == 404
    assert client.post(reverse("volunteers:team-edit", args=[team_c1.pk]), team_data(team_c1)).status_code == 404
    assert client.get(reverse("volunteers:volunteer-edit", args=[volunteer.pk])).status_code == 404


def test_outsider_cannot_preselect_another_areas_team(client, charlie, team_c1):
    client.force_login(charlie)
    form = client.get(f"{reverse('volunteers:volunteer-create')}?team={team_c1.pk}").context["form"]
    assert "team" not in form.initial and team_c1 not in form.fields["team"].queryset


def test_auditor_sees_no_buttons_and_gets_403(client, audrey, tree, team_c1):
    volunteer = make_volunteer(tree.c1)
    client.force_login(audrey)
    pages = [
        reverse("volunteers:team-list"), reverse("volunteers:team-detail", args=[team_c1.pk]),
        reverse("volunteers:volunteer-list"), reverse("volunteers:volunteer-ledger", args=[volunteer.pk]),
    ]
    body = "".join(client.get(url).content.decode() for url in pages)
    forms = [
        reverse("volunteers:team-create"), reverse("volunteers:team-edit", args=[team_c1.pk]),
        reverse("volunteers:volunteer-create"), reverse("volunteers:volunteer-edit", args=[volunteer.pk]),
    ]
    for url in forms:
        assert url not in body
        assert client.get(url).status_code == 403
    assert client.post(reverse("volunteers:team-edit", args=[team_c1.pk]), team_data(team_c1)).status_code == 403


def test_department_staff_cannot_create(client, dave):
    client.force_login(dave)
    assert client.get(reverse("volunteers:team-create")).status_code == 403
    assert client.get(reverse("volunteers:volunteer-create")).status_code == 403


def test_buttons_are_translated_for_chinese_users(client, carol, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(carol)
    body = client.get(reverse("volunteers:team-list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "新建服务队" in body
