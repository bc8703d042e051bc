"""Problem clues: visible only to the committee, the street's discipline staff and the district
(tested here for every insider role, beyond the outsiders the scope matrix walks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from supervision import selectors, services
from supervision.models import ClueStatus, ProblemClue
from tests.conftest import make_user

from .factories import grant, make_clue, make_committee

pytestmark = pytest.mark.django_db


def test_the_committee_records_a_clue_and_the_street_discipline_staff_handle_it(mona, dora, committee_c1):
    clue = services.clue_record(user=mona, committee=committee_c1, found_on=dt.date(2026, 5, 20),
                                matter="社区公益岗人员名单未公示", involves="cadre")
    assert clue.district.depth == 1
    with pytest.raises(PermissionDenied, match="纪检干部或区级"):
        services.clue_handle(user=mona, clue=clue, handling="x")
    with pytest.raises(ValidationError, match="需要填写办理结果"):
        services.clue_handle(user=dora, clue=clue, handling="已转街道纪工委", close=True)
    services.clue_handle(user=dora, clue=clue, handling="已转街道纪工委", outcome="责令公示并整改", close=True)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED
    with pytest.raises(ValidationError, match="已办结"):
        services.clue_handle(user=dora, clue=clue, handling="y")


def test_the_communitys_secretary_cannot_record_or_read_clues(carol, committee_c1):
    with pytest.raises(PermissionDenied, match="只有居务监督委员会成员或区级"):
        services.clue_record(user=carol, committee=committee_c1, found_on=dt.date(2026, 5, 20), matter="x",
                             involves="other")
    make_clue(committee_c1)
    assert list(selectors.clue_list(user=carol)) == []


def test_who_sees_a_clue(tree, committee_c1, mona, dora, dana, carol, alice, gina, audrey, charlie):
    clue = make_clue(committee_c1)
    c2_committee = make_committee(tree.c2)
    other = make_clue(c2_committee, involves="member")
    district_auditor = make_user("dai", Role.AUDITOR, tree.district)
    c3_member = make_user("c3m", Role.GRID_WORKER, tree.g3)
    grant(c3_member, tree.c3, "committee_member")
    s2_discipline = make_user("s2d", Role.STREET_OFFICIAL, tree.s2)
    grant(s2_discipline, tree.s2, "discipline_staff")
    seen = {
        "C1 committee member": {clue},
        "S1 discipline staff": {clue, other},
        "district admin": {clue, other},
        "district auditor": {clue, other},
        "C1 secretary": set(),
        "S1 street official": set(),
        "G1 grid worker": set(),
        "S1 auditor": set(),
        "S2 street official": set(),
        "C3 committee member": set(),
        "S2 discipline staff": set(),
    }
    users = {
        "C1 committee member": mona, "S1 discipline staff": dora, "district admin": dana,
        "district auditor": district_auditor, "C1 secretary": carol, "S1 street official": alice,
        "G1 grid worker": gina, "S1 auditor": audrey, "S2 street official": charlie,
        "C3 committee member": c3_member, "S2 discipline staff": s2_discipline,
    }
    for label, user in users.items():
        assert set(selectors.clue_list(user=user)) == seen[label], label
    # Editing is no wider than reading.
    assert set(selectors.clue_list(user=district_auditor, action="edit")) == set()
    assert set(selectors.clue_list(user=carol, action="edit")) == set()


def test_a_revoked_access_ends_the_view(tree, committee_c1, dana):
    user = make_user("temp", Role.GRID_WORKER, tree.g1)
    access = grant(user, tree.c1, "committee_member")
    make_clue(committee_c1)
    assert selectors.clue_list(user=user).count() == 1
    services.clue_access_revoke(user=dana, access=access)
    fresh = type(user).objects.get(pk=user.pk)
    assert selectors.clue_list(user=fresh).count() == 0


def test_only_the_district_grants_clue_access(tree, alice, dana, gina):
    with pytest.raises(PermissionDenied, match="只有区级"):
        services.clue_access_grant(user=alice, grantee=gina, organization=tree.c1, kind="committee_member")
    with pytest.raises(ValidationError, match="居务监督委员会成员授权到社区"):
        services.clue_access_grant(user=dana, grantee=gina, organization=tree.s1, kind="committee_member")
    services.clue_access_grant(user=dana, grantee=gina, organization=tree.c1, kind="committee_member")


def test_clue_counts(dana, tree, committee_c1):
    make_clue(committee_c1, involves="cadre")
    make_clue(committee_c1, involves="member", status="closed", outcome="已处理")
    make_clue(committee_c1, involves="other")
    assert selectors.clue_counts(user=dana) == {"total": 3, "cadres_and_members": 2, "open": 2}
    assert ProblemClue.objects.count() == 3


def test_the_district_grants_access_in_the_admin_and_a_street_official_cannot(client, tree, dana, alice, gina):
    from supervision.models import ClueAccess

    url = "/admin/supervision/clueaccess/add/"
    body = {"user": gina.pk, "organization": tree.c1.pk, "kind": "committee_member"}
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)
    response = client.post(url, body)
    assert ClueAccess.objects.count() == 0 and "只有区级" in response.content.decode()
    dana.is_staff = True
    dana.save(update_fields=["is_staff"])
    client.force_login(dana)
    assert client.post(url, body).status_code == 302
    assert ClueAccess.objects.get().user == gina


def test_the_district_revokes_access_in_the_admin(client, tree, dana, gina):
    from supervision.models import ClueAccess

    access = grant(gina, tree.c1, "committee_member")
    dana.is_staff = True
    dana.save(update_fields=["is_staff"])
    client.force_login(dana)
    response = client.post(f"/admin/supervision/clueaccess/{access.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ClueAccess.objects.exists()
