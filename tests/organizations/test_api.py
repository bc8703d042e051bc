"""REST API of organisations, members, transfers and coverage: scoping, masking, writes through
the services, token login and pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role, RoleAssignment
from organizations.models import Level, Member, MemberStatus, Organization, OrgStatus, OrgType, Transfer
from tests.conftest import PASSWORD, make_user
from tests.organizations.factories import MemberFactory, make_org, valid_id_number

ORGS = reverse("organization-list")
MEMBERS = reverse("member-list")
TRANSFERS = reverse("transfer-list")
COVERAGE = reverse("api-stats-coverage")
TOKEN = reverse("api-token")

# Every session request pays the same overhead: session read, user, and the user's role grants. A read
# opens no transaction and writes no session (issue 9: partybuild.middleware).
REQUEST_OVERHEAD = 3


def org_url(org, suffix=""):
    return reverse(f"organization-{suffix or 'detail'}", args=[org.pk])


def member_url(member, suffix=""):
    return reverse(f"member-{suffix or 'detail'}", args=[member.pk])


def transfer_url(transfer, suffix=""):
    return reverse(f"transfer-{suffix or 'detail'}", args=[transfer.pk])


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def codes(response) -> set[str]:
    return {row["code"] for row in rows(response)}


@pytest.fixture
def api():
    def login(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return login


def member_payload(**overrides) -> dict:
    birth = dt.date(1975, 3, 9)
    data = {
        "name": "王建国", "gender": "M", "birth_date": "1975-03-09", "id_number": valid_id_number(birth),
        "phone": "13912345678", "joined_on": "2001-07-01",
    }
    return {**data, **overrides}


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [ORGS, MEMBERS, TRANSFERS, COVERAGE])
def test_anonymous_is_refused(api, tree, url):
    assert api().get(url).status_code == 403


def test_anonymous_cannot_create(api, tree):
    response = api().post(ORGS, {"parent": "C1", "code": "G9", "name": "x", "level": "grid"}, format="json")
    assert response.status_code == 403
    assert not Organization.objects.filter(code="G9").exists()


# --- organisations: reads ------------------------------------------------------------------


def test_alice_lists_only_her_street(api, alice):
    assert codes(api(alice).get(ORGS)) == {"S1", "C1", "C2", "G1", "B1", "H1"}


def test_charlie_never_sees_s1(api, charlie, tree):
    client = api(charlie)
    assert codes(client.get(ORGS)) == {"S2", "C3", "G3"}
    assert client.get(org_url(tree.c1)).status_code == 404
    assert client.get(org_url(tree.c1, "children")).status_code == 404
    assert rows(client.get(ORGS, {"code": "C1"})) == []
    assert rows(client.get(ORGS, {"subtree": "S1"})) == []


def test_detail_has_parent_code_and_labels(api, alice, tree):
    data = api(alice).get(org_url(tree.c1)).json()
    assert data["parent_code"] == "S1"
    assert data["level"] == Level.COMMUNITY
    assert data["level_label"] == str(Level.COMMUNITY.label)
    assert data["org_type"] == OrgType.COMMITTEE
    assert data["version"] == 1
    assert "member_total" not in data


def test_lookup_by_code_and_filters(api, alice):
    client = api(alice)
    assert codes(client.get(ORGS, {"code": "C2"})) == {"C2"}
    assert codes(client.get(ORGS, {"level": "community"})) == {"C1", "C2"}
    assert codes(client.get(ORGS, {"parent": "S1"})) == {"C1", "C2"}
    assert codes(client.get(ORGS, {"subtree": "C1"})) == {"C1", "G1", "B1", "H1"}
    assert codes(client.get(ORGS, {"q": "户部"})) == {"C2"}


def test_list_includes_dissolved_organisations(api, alice, tree):
    Organization.objects.filter(pk=tree.c2.pk).update(status=OrgStatus.DISSOLVED, dissolved_on=dt.date(2025, 1, 1))
    assert "C2" in codes(api(alice).get(ORGS, {"status": "dissolved"}))


def test_children_count_members_of_each_subtree(api, alice, tree, member_c1):
    MemberFactory(branch=tree.c2)
    data = rows(api(alice).get(org_url(tree.s1, "children")))
    assert [(row["code"], row["member_total"], row["parent_code"]) for row in data] == [
        ("C1", 1, "S1"),
        ("C2", 1, "S1"),
    ]


def grow(tree, n=5):
    """More organisations and members under S1 and their own parents, to show counts do not grow."""
    start = Organization.objects.filter(code__startswith="GX").count()
    for i in range(start, start + n):
        grid = make_org(tree.c2, Level.GRID, f"GX{i}", secretary=None)
        member = MemberFactory(branch=grid)
        grid.secretary = member
        grid.save(update_fields=["secretary"])


def test_list_query_count_does_not_grow(api, alice, tree, django_assert_num_queries):
    client = api(alice)
    # + the table version (partybuild.api_cache), page count, page rows (secretary joined, parent code annotated)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(ORGS)
    grow(tree)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        response = client.get(ORGS)
    assert len(rows(response)) == 11
    assert {row["secretary_name"] for row in rows(response) if row["code"].startswith("GX")} != {None}


def test_children_query_count_does_not_grow(api, alice, tree, django_assert_num_queries):
    client = api(alice)
    grow(tree, n=1)
    # + the organisation, its children, their member totals (one grouped count)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(org_url(tree.c2, "children"))
    grow(tree, n=5)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        assert len(rows(client.get(org_url(tree.c2, "children")))) == 6


# --- organisations: writes -----------------------------------------------------------------


def test_alice_creates_under_her_community(api, alice, tree):
    response = api(alice).post(
        ORGS, {"parent": "C1", "code": "G9", "name": "第九网格党支部", "level": "grid"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_code"] == "C1"
    assert Organization.objects.get_parent(Organization.objects.get(code="G9")) == tree.c1


def test_create_with_wrong_level_is_a_400_with_the_service_message(api, alice):
    response = api(alice).post(ORGS, {"parent": "C1", "code": "X1", "name": "x", "level": "street"}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_create_under_an_outsiders_parent_is_refused(api, charlie):
    response = api(charlie).post(ORGS, {"parent": "C1", "code": "G9", "name": "x", "level": "grid"}, format="json")
    assert response.status_code == 400
    assert not Organization.objects.filter(code="G9").exists()


@pytest.mark.parametrize("actor", ["audrey", "dave"])
def test_read_only_roles_cannot_write(api, request, tree, actor):
    client = api(request.getfixturevalue(actor))
    assert client.post(ORGS, {"parent": "C1", "code": "G9", "name": "x", "level": "grid"}).status_code == 403
    assert client.patch(org_url(tree.c1), {"name": "x", "version": 1}).status_code == 403
    assert client.post(org_url(tree.c2, "dissolve"), {}).status_code == 403
    assert client.post(org_url(tree.g1, "move"), {"parent": "C2"}).status_code == 403
    assert client.post(MEMBERS, member_payload(branch="G1")).status_code == 403
    tree.c1.refresh_from_db()
    assert tree.c1.name == "西城壕社区党委" and tree.c2.status == OrgStatus.ACTIVE


def test_grid_worker_cannot_manage_the_tree(api, gina, tree):
    # Gina may edit records but not the tree: the service says no.
    response = api(gina).patch(org_url(tree.g1), {"name": "x", "version": 1}, format="json")
    assert response.status_code == 403


def test_patch_with_version_and_stale_version(api, alice, tree):
    client = api(alice)
    response = client.patch(org_url(tree.c1), {"name": "新名称", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["name"] == "新名称"
    stale = client.patch(org_url(tree.c1), {"name": "又一个", "version": 1}, format="json")
    assert stale.status_code == 400
    assert Organization.objects.get(pk=tree.c1.pk).name == "新名称"


def test_patch_needs_a_version(api, alice, tree):
    assert api(alice).patch(org_url(tree.c1), {"name": "x"}, format="json").status_code == 400


def test_outsider_patch_is_a_404(api, charlie, tree):
    assert api(charlie).patch(org_url(tree.c1), {"name": "x", "version": 1}, format="json").status_code == 404


def test_put_and_delete_are_not_offered(api, alice, tree):
    client = api(alice)
    assert client.put(org_url(tree.c2), {"name": "x"}, format="json").status_code == 405
    assert client.delete(org_url(tree.c2)).status_code == 405


def test_move_grid_to_another_community(api, alice, tree):
    response = api(alice).post(org_url(tree.g1, "move"), {"parent": "C2"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["parent_code"] == "C2"


def test_move_outside_ones_area_is_refused(api, alice, tree):
    response = api(alice).post(org_url(tree.g1, "move"), {"parent": "C3"}, format="json")
    assert response.status_code == 400
    assert Organization.objects.get_parent(Organization.objects.get(pk=tree.g1.pk)) == tree.c1


def test_dissolve_and_its_refusal(api, alice, tree):
    client = api(alice)
    refused = client.post(org_url(tree.c1, "dissolve"), {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"]
    response = client.post(org_url(tree.c2, "dissolve"), {"reason": "合并"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == OrgStatus.DISSOLVED
    assert response.json()["dissolved_on"] == timezone.localdate().isoformat()


# --- members -------------------------------------------------------------------------------


def test_members_are_scoped(api, alice, charlie, member_c1, member_c3):
    assert [row["name"] for row in rows(api(alice).get(MEMBERS))] == [member_c1.name]
    client = api(charlie)
    assert [row["name"] for row in rows(client.get(MEMBERS))] == [member_c3.name]
    assert client.get(member_url(member_c1)).status_code == 404
    assert client.patch(member_url(member_c1), {"name": "x", "version": 1}).status_code == 404
    assert client.post(member_url(member_c1, "status"), {"status": "abroad", "on": "2025-01-01"}).status_code == 404
    assert client.post(member_url(member_c1, "transfer"), {"to_org": "C3"}).status_code == 404


def test_member_rows_carry_the_branch(api, alice, member_c1):
    row = rows(api(alice).get(MEMBERS))[0]
    assert (row["branch_code"], row["branch_name"]) == ("G1", "西城壕第一网格党支部")
    assert row["household"] == member_c1.household_id


def test_personal_data_is_masked_for_everyone_until_revealed(api, alice, dana, member_c1):
    masked = api(alice).get(member_url(member_c1)).json()
    assert masked["id_number"] != member_c1.id_number
    assert masked["id_number"] == member_c1.id_number[:2] + "*" * 15 + member_c1.id_number[-1]
    assert masked["phone"] == "138****8000"
    assert member_c1.id_number not in api(alice).get(MEMBERS).content.decode()
    assert api(dana).get(member_url(member_c1)).json()["phone"] == "138****8000"
    reveal = f"/api/v1/personal-data/organizations/member/{member_c1.pk}/reveal/"
    body = {"field": "id_number", "purpose": "identity", "purpose_detail": "核对身份"}
    assert api(dana).post(reveal, body, format="json").json()["value"] == member_c1.id_number


def test_historical_members_have_their_own_list(api, alice, member_c1):
    client = api(alice)
    response = client.post(member_url(member_c1, "status"), {"status": "deceased", "on": "2025-02-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_historical"] is True
    assert rows(client.get(MEMBERS)) == []
    assert [row["id"] for row in rows(client.get(MEMBERS, {"historical": "true"}))] == [member_c1.pk]
    assert client.get(member_url(member_c1)).status_code == 200


def test_member_filters(api, alice, tree, member_c1):
    MemberFactory(name="张三", branch=tree.c2, category="probationary")
    client = api(alice)
    assert [row["name"] for row in rows(client.get(MEMBERS, {"subtree": "C2"}))] == ["张三"]
    assert [row["name"] for row in rows(client.get(MEMBERS, {"category": "probationary"}))] == ["张三"]
    assert [row["name"] for row in rows(client.get(MEMBERS, {"q": "李"}))] == ["李红"]


def test_create_member(api, alice):
    response = api(alice).post(MEMBERS, member_payload(branch="G1", household=None), format="json")
    assert response.status_code == 201, response.content
    member = Member.objects.get(name="王建国")
    assert member.branch.code == "G1" and member.periods.count() == 1
    assert response.json()["phone"] == "139****5678"


def test_create_member_with_bad_id_number_is_a_400(api, alice):
    response = api(alice).post(MEMBERS, member_payload(branch="G1", id_number="420106197503091234"), format="json")
    assert response.status_code == 400
    assert "id_number" in response.json()


def test_joining_the_branch_before_joining_the_party_is_a_400_in_chinese(api, alice):
    # The rule lives in the model and service now, so the API refuses what the page refuses.
    payload = member_payload(branch="G1", joined_on="2001-07-01", joined_branch_on="2000-01-01")
    response = api(alice).post(MEMBERS, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"joined_branch_on": ["该日期早于入党日期。"]}
    assert not Member.objects.filter(name="王建国").exists()


def test_member_date_rules_are_the_same_on_create_and_edit(api, alice, member_c1):
    client = api(alice)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    created = client.post(MEMBERS, member_payload(branch="G1", registered_on=future), format="json")
    assert created.status_code == 400 and created.json()["registered_on"] == ["日期不能晚于今天。"]
    edited = client.patch(member_url(member_c1), {"birth_date": "1981-01-01", "version": 1}, format="json")
    assert edited.status_code == 400
    assert edited.json()["birth_date"] == ["出生日期与身份证号中的出生日期不一致。"]


def test_create_member_in_an_outsiders_branch_is_refused(api, charlie):
    assert api(charlie).post(MEMBERS, member_payload(branch="G1"), format="json").status_code == 400
    assert not Member.objects.filter(name="王建国").exists()


def test_create_member_with_an_outsiders_household_is_refused(api, charlie, tree):
    response = api(charlie).post(MEMBERS, member_payload(branch="G3", household=tree.household1.pk), format="json")
    assert response.status_code == 400
    assert "household" in response.json()


def test_patch_member_with_version(api, alice, member_c1):
    client = api(alice)
    response = client.patch(member_url(member_c1), {"work_unit": "武昌区财政局", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert client.patch(member_url(member_c1), {"work_unit": "x", "version": 1}, format="json").status_code == 400
    assert client.patch(member_url(member_c1), {"work_unit": "x"}, format="json").status_code == 400
    assert Member.objects.get(pk=member_c1.pk).work_unit == "武昌区财政局"


def test_status_change_rules(api, alice, member_c1):
    client = api(alice)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    assert client.post(member_url(member_c1, "status"), {"status": "abroad", "on": future}).status_code == 400
    out = client.post(member_url(member_c1, "status"), {"status": "transferred_out", "on": "2025-01-01"})
    assert out.status_code == 400
    same = client.post(member_url(member_c1, "status"), {"status": "active", "on": "2025-01-01"})
    assert same.status_code == 400 and "status" in same.json()
    ok = client.post(member_url(member_c1, "status"), {"status": "floating_out", "on": "2025-01-01"})
    assert ok.status_code == 200 and ok.json()["status"] == MemberStatus.FLOATING_OUT


def test_members_list_query_count_does_not_grow(api, alice, tree, member_c1, django_assert_num_queries):
    client = api(alice)
    # + the table version (partybuild.api_cache), page count, page rows (branch joined)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(MEMBERS)
    MemberFactory.create_batch(6, branch=tree.c2)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        assert len(rows(client.get(MEMBERS))) == 7


# --- transfers -----------------------------------------------------------------------------


def test_transfer_sent_received_by_the_other_street(api, alice, charlie, member_c1):
    sent = api(alice).post(member_url(member_c1, "transfer"), {"to_org": "C3", "reason": "搬家"}, format="json")
    assert sent.status_code == 201, sent.content
    assert (sent.json()["from_org_code"], sent.json()["to_org_code"]) == ("G1", "C3")
    transfer = Transfer.objects.get(pk=sent.json()["id"])
    # The sender may not receive it; the receiver can.
    assert api(alice).post(transfer_url(transfer, "receive"), {}).status_code == 403
    client = api(charlie)
    assert [row["id"] for row in rows(client.get(TRANSFERS))] == [transfer.pk]
    received = client.post(transfer_url(transfer, "receive"), {}, format="json")
    assert received.status_code == 200 and received.json()["state"] == "received"
    assert [row["name"] for row in rows(client.get(MEMBERS))] == [member_c1.name]
    assert api(alice).get(member_url(member_c1)).status_code == 404


def test_transfer_cancelled_by_the_sender(api, alice, member_c1):
    client = api(alice)
    sent = client.post(member_url(member_c1, "transfer"), {"to_org": "C3"}, format="json").json()
    transfer = Transfer.objects.get(pk=sent["id"])
    cancelled = client.post(transfer_url(transfer, "cancel"))
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    again = client.post(transfer_url(transfer, "cancel"))
    assert again.status_code == 400


def test_transfer_to_an_unknown_code_is_a_400(api, alice, member_c1):
    response = api(alice).post(member_url(member_c1, "transfer"), {"to_org": "NOPE"}, format="json")
    assert response.status_code == 400 and "to_org" in response.json()


def test_outsider_cannot_see_or_touch_a_transfer(api, alice, charlie, tree, member_c1):
    api(alice).post(member_url(member_c1, "transfer"), {"to_org": "C2"}, format="json")
    transfer = Transfer.objects.get()
    client = api(charlie)
    assert rows(client.get(TRANSFERS)) == []
    assert client.get(transfer_url(transfer)).status_code == 404
    assert client.post(transfer_url(transfer, "receive")).status_code == 404
    assert client.post(transfer_url(transfer, "cancel")).status_code == 404


def test_auditor_sees_transfers_but_cannot_receive(api, alice, audrey, member_c1):
    api(alice).post(member_url(member_c1, "transfer"), {"to_org": "C2"}, format="json")
    transfer = Transfer.objects.get()
    client = api(audrey)
    assert [row["id"] for row in rows(client.get(TRANSFERS))] == [transfer.pk]
    assert client.post(transfer_url(transfer, "receive")).status_code == 403
    assert client.post(transfer_url(transfer, "cancel")).status_code == 403


def test_transfers_list_query_count_does_not_grow(api, alice, tree, member_c1, django_assert_num_queries):
    client = api(alice)
    api(alice).post(member_url(member_c1, "transfer"), {"to_org": "C3"}, format="json")
    # + page count, page rows (member and both organisations joined)
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        client.get(TRANSFERS)
    for member in MemberFactory.create_batch(4, branch=tree.c2):
        Transfer.objects.create(member=member, from_org=tree.c2, to_org=tree.c1, sent_on=dt.date(2025, 3, 1))
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        assert len(rows(client.get(TRANSFERS))) == 5


# --- coverage ------------------------------------------------------------------------------


def test_coverage_counts_the_street(api, alice, tree, member_c1):
    MemberFactory(branch=tree.c2, category="probationary")
    MemberFactory(branch=tree.c2, status=MemberStatus.DECEASED)
    MemberFactory(branch=tree.g3)  # S2: not counted
    data = api(alice).get(COVERAGE, {"root": "S1"}).json()
    assert data["root"] == {"code": "S1", "name": "中华路街道党工委", "level": "street"}
    assert data["levels"] == {"street": 0, "community": 2, "grid": 1, "building": 1, "household": 1, "special": 0}
    assert data["community_types"] == {"committee": 1, "general_branch": 0, "branch": 1}
    assert data["special_types"] == {}
    assert (data["members"], data["probationary_members"], data["in_service_registered"]) == (2, 1, 0)
    assert data["members_by_status"] == {"active": 2, "deceased": 1}


def test_coverage_defaults_to_the_users_single_area(api, alice, dana, tree):
    assert api(alice).get(COVERAGE).json()["root"]["code"] == "S1"
    data = api(dana).get(COVERAGE).json()
    assert data["root"]["code"] == "D"
    assert data["levels"]["street"] == 2 and data["levels"]["community"] == 3


def test_coverage_of_an_outsiders_root_is_a_404(api, charlie, tree):
    client = api(charlie)
    assert client.get(COVERAGE, {"root": "S1"}).status_code == 404
    assert client.get(COVERAGE, {"root": "C1"}).status_code == 404
    assert client.get(COVERAGE, {"root": "NOPE"}).status_code == 404
    assert client.get(COVERAGE, {"root": "S2"}).status_code == 200


def test_coverage_asks_to_choose_among_several_areas(api, tree):
    user = make_user("two_streets", Role.STREET_OFFICIAL, tree.s1)
    RoleAssignment.objects.create(user=user, role=Role.STREET_OFFICIAL, organization=tree.s2)
    response = api(user).get(COVERAGE)
    assert response.status_code == 400
    assert [root["code"] for root in response.json()["roots"]] == ["S1", "S2"]


def test_department_staff_has_no_coverage(api, dave):
    assert api(dave).get(COVERAGE).status_code == 404


def test_coverage_query_count_does_not_grow(api, alice, tree, django_assert_num_queries):
    client = api(alice)
    # + root, are the summaries built (no: counted live), organisations by level and type, members by
    # status, current members, in-service registrations
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        client.get(COVERAGE, {"root": "S1"})
    grow(tree)
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        assert client.get(COVERAGE, {"root": "S1"}).json()["levels"]["grid"] == 6


# --- token authentication ------------------------------------------------------------------


def test_token_login_and_use(api, alice, member_c1):
    response = api().post(TOKEN, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert codes(client.get(ORGS)) == {"S1", "C1", "G1", "C2", "B1", "H1"}
    assert client.get(member_url(member_c1)).json()["phone"] == "138****8000"


def test_token_refused_with_a_wrong_password(api, alice):
    assert api().post(TOKEN, {"username": "alice", "password": "wrong-password"}, format="json").status_code == 400


def test_a_bad_token_is_refused(api, alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(ORGS)
    # Session authentication comes first and sends no WWW-Authenticate challenge, so DRF answers 403.
    assert response.status_code == 403
    assert "results" not in response.json()


# --- query strings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (MEMBERS, {"joined_after": "2020-13-45"}),
        (MEMBERS, {"historical": "perhaps"}),
        (MEMBERS, {"is_in_service": "sometimes"}),
        (MEMBERS, {"status": "retired"}),
        (ORGS, {"level": "planet"}),
        (TRANSFERS, {"state": "lost"}),
        (COVERAGE, {"root": "C" * 40}),
    ],
)
def test_bad_query_values_are_a_400_naming_the_parameter(api, alice, url, params):
    response = api(alice).get(url, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_bad_flag_on_children_is_a_400(api, alice, tree):
    response = api(alice).get(org_url(tree.s1, "children"), {"include_dissolved": "sometimes"})
    assert response.status_code == 400
    assert "include_dissolved" in response.json()


def test_secretary_outside_the_users_area_reads_as_not_found(api, alice, tree, member_c3):
    response = api(alice).patch(org_url(tree.c1), {"secretary": member_c3.pk, "version": 1}, format="json")
    assert response.status_code == 400
    assert "secretary" in response.json()
    assert Organization.objects.get(pk=tree.c1.pk).secretary_id is None


def test_parent_outside_the_users_area_reads_like_an_unknown_code(api, charlie, tree):
    outside = api(charlie).post(ORGS, {"parent": "C1", "code": "G9", "name": "x", "level": "grid"}, format="json")
    unknown = api(charlie).post(ORGS, {"parent": "NOPE", "code": "G9", "name": "x", "level": "grid"}, format="json")
    assert outside.status_code == unknown.status_code == 400
    assert outside.json() == unknown.json() == {"parent": ["您的管辖范围内没有使用该编码的组织。"]}
