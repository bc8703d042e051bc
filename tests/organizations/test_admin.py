"""The Django admin is scoped by the same mechanism as the portal: a street official in the
admin sees and edits only their street; organisations are dissolved, never deleted."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment, User
from grids.models import Building, Grid, GridWorker, Household
from organizations.models import (
    Level,
    Member,
    MembershipPeriod,
    MemberStatusChange,
    Organization,
    OrgStatus,
    PartTimeMember,
    ResidentUnit,
    Transfer,
)
from partybuild.personal import mask_id_number
from tests.organizations.factories import MemberFactory

MODELS = [
    User, RoleAssignment, Organization, Member, MembershipPeriod, MemberStatusChange, Transfer, ResidentUnit,
    PartTimeMember, Grid, GridWorker, Building, Household,
]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def staff(user: User) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def records(tree, alice, charlie, member_c1, member_c3):
    """One row of every model inside S1 and one inside S2: {model: (inside, outside)}."""
    building3 = Building.objects.create(grid=tree.grid3, name="3号楼", address="杨园路3号")
    household3 = Household.objects.create(building=building3, unit="2-202", head_name="赵外人")
    unit1 = ResidentUnit.objects.create(name="武昌区人民医院", kind="resident_unit", street=tree.s1)
    unit2 = ResidentUnit.objects.create(name="中铁大桥局", kind="resident_unit", street=tree.s2)
    start = dt.date(2024, 1, 1)
    return {
        User: (alice, charlie),
        RoleAssignment: (alice.roles.get(), charlie.roles.get()),
        Organization: (tree.c1, tree.c3),
        Member: (member_c1, member_c3),
        MembershipPeriod: (member_c1.periods.get(), member_c3.periods.get()),
        MemberStatusChange: (
            MemberStatusChange.objects.create(member=member_c1, status="floating_out", effective_on=start),
            MemberStatusChange.objects.create(member=member_c3, status="abroad", effective_on=start),
        ),
        Transfer: (
            Transfer.objects.create(member=member_c1, from_org=tree.g1, to_org=tree.c2, sent_on=start),
            Transfer.objects.create(member=member_c3, from_org=tree.g3, to_org=tree.c3, sent_on=start),
        ),
        ResidentUnit: (unit1, unit2),
        PartTimeMember: (
            PartTimeMember.objects.create(committee=tree.s1, name="钱院长", unit=unit1, term_start=start),
            PartTimeMember.objects.create(committee=tree.s2, name="孙局长", unit=unit2, term_start=start),
        ),
        Grid: (tree.grid1, tree.grid3),
        GridWorker: (
            GridWorker.objects.create(grid=tree.grid1, name="周网格", is_leader=True),
            GridWorker.objects.create(grid=tree.grid3, name="吴网格", is_leader=True),
        ),
        Building: (tree.building1, building3),
        Household: (tree.household1, household3),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_district_admin_opens_every_changelist_and_change_page(client, dana, records, model):
    client.force_login(staff(dana))
    assert client.get(admin_url(model, "changelist")).status_code == 200
    for obj in records[model]:
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_street_official_lists_only_rows_of_their_street(client, alice, records, model):
    client.force_login(staff(alice))
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    inside, outside = records[model]
    assert inside.pk in shown
    assert outside.pk not in shown


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_street_official_cannot_open_an_outside_row(client, alice, records, model):
    client.force_login(staff(alice))
    outside = records[model][1]
    response = client.get(admin_url(model, "change", outside.pk), follow=True)
    # The admin answers "does not exist" (redirect with a message) and shows nothing of the row.
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert str(outside) not in response.content.decode()


def test_organisations_cannot_be_deleted_even_by_a_superuser(client, dana, tree):
    dana.is_superuser = True
    client.force_login(staff(dana))
    assert client.get(admin_url(Organization, "delete", tree.c2.pk)).status_code == 403
    actions = client.get(admin_url(Organization, "changelist")).context["action_form"].fields["action"].choices
    assert "delete_selected" not in [name for name, _ in actions]
    assert Organization.objects.filter(pk=tree.c2.pk).exists()


def test_dissolve_action_dissolves_through_the_service(client, dana, tree):
    client.force_login(staff(dana))
    response = client.post(
        admin_url(Organization, "changelist"), {"action": "dissolve", "_selected_action": [tree.c2.pk]}
    )
    assert response.status_code == 302
    tree.c2.refresh_from_db()
    assert tree.c2.status == OrgStatus.DISSOLVED and tree.c2.dissolved_on


def test_dissolve_action_refuses_an_organisation_with_members(client, dana, tree, member_c1):
    client.force_login(staff(dana))
    client.post(admin_url(Organization, "changelist"), {"action": "dissolve", "_selected_action": [tree.g1.pk]})
    tree.g1.refresh_from_db()
    assert tree.g1.status == OrgStatus.ACTIVE


def test_adding_an_organisation_goes_through_the_tree_service(client, alice, tree):
    client.force_login(staff(alice))
    data = {"parent": "S1", "code": "C9", "name": "新建社区党委", "level": Level.COMMUNITY, "org_type": "committee"}
    response = client.post(admin_url(Organization, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Organization.objects.get(code="C9")
    assert Organization.objects.get_parent(new) == tree.s1
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_adding_under_a_parent_outside_scope_is_a_form_error(client, alice, tree):
    client.force_login(staff(alice))
    data = {"parent": "S2", "code": "C9", "name": "越界社区党委", "level": Level.COMMUNITY, "org_type": "committee"}
    response = client.post(admin_url(Organization, "add"), data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(code="C9").exists()


def test_adding_at_the_wrong_level_shows_the_service_error(client, alice, tree):
    client.force_login(staff(alice))
    data = {"parent": "S1", "code": "G9", "name": "跳级网格党支部", "level": Level.GRID}
    response = client.post(admin_url(Organization, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Organization.objects.filter(code="G9").exists()


def test_foreign_key_choices_are_limited_to_scope(client, alice, tree):
    client.force_login(staff(alice))
    form = client.get(admin_url(Member, "add")).context["adminform"].form
    branches = set(form.fields["branch"].queryset)
    assert tree.g1 in branches and tree.c2 in branches
    assert tree.g3 not in branches and tree.c3 not in branches
    grids = set(client.get(admin_url(Building, "add")).context["adminform"].form.fields["grid"].queryset)
    assert grids == {tree.grid1}


@pytest.mark.parametrize("actor", ["alice", "dana"])
def test_id_numbers_are_masked_for_every_role_even_the_district_admin(client, member_c1, actor, request):
    client.force_login(staff(request.getfixturevalue(actor)))
    page = client.get(admin_url(Member, "changelist")).content.decode()
    assert member_c1.id_number not in page and mask_id_number(member_c1.id_number) in page
    assert member_c1.id_number not in client.get(admin_url(Member, "change", member_c1.pk)).content.decode()


def test_auditor_reads_but_cannot_add_or_change(client, audrey, tree, member_c1):
    client.force_login(staff(audrey))
    assert client.get(admin_url(Member, "changelist")).status_code == 200
    assert client.get(admin_url(Member, "add")).status_code == 403
    response = client.post(admin_url(Organization, "change", tree.c1.pk), {"name": "改名"})
    assert response.status_code == 403
    tree.c1.refresh_from_db()
    assert tree.c1.name == "西城壕社区党委"


def test_street_official_cannot_grant_the_district_admin_role(client, alice, carol):
    client.force_login(staff(alice))
    roles = client.get(admin_url(RoleAssignment, "add")).context["adminform"].form.fields["role"].choices
    assert "district_admin" not in [value for value, _ in roles]
    assert client.get(admin_url(User, "add")).status_code == 403


def test_users_without_staff_flag_are_sent_to_the_admin_login(client, alice):
    client.force_login(alice)
    response = client.get(admin_url(Member, "changelist"))
    assert response.status_code == 302 and "login" in response.url


# Queries of one member changelist page, whatever the number of rows: session, user, role grants,
# the filtered count (capped; no second count of the whole unfiltered scope: partybuild/pagination.py),
# the rows with their branches (select_related). The side bar's model list is cached per user
# (partybuild/admin_site.py); building it asked Django's permissions, two more queries.
# A read opens no transaction and writes no session (issue 9).
MEMBER_CHANGELIST_QUERIES = 5


@pytest.mark.parametrize("model", [Member, Organization, Household, Transfer], ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(client, alice, records, model, django_assert_num_queries):
    client.force_login(staff(alice))
    url = admin_url(model, "changelist")
    client.get(url)  # warm up caches outside the count

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    tree = records[Organization][0]
    for i in range(15):
        branch = Organization.objects.get(code="G1")
        m = MemberFactory(name=f"新党员{i}", branch=branch)
        Transfer.objects.create(member=m, from_org=branch, to_org=tree, sent_on=dt.date(2024, 2, 1))
        Household.objects.create(building=records[Building][0], unit=f"9-{i}", head_name=f"住户{i}")
    with django_assert_num_queries(len(before)):
        assert client.get(url).status_code == 200


def test_member_changelist_query_count_is_pinned(client, alice, records, django_assert_num_queries):
    client.force_login(staff(alice))
    client.get(admin_url(Member, "changelist"))
    with django_assert_num_queries(MEMBER_CHANGELIST_QUERIES):
        client.get(admin_url(Member, "changelist"))


def test_admin_export_leads_to_the_portal_export_with_the_changelists_filters(client, alice, member_c1, member_c3):
    """The admin writes no file inside the request: its Export button leads to the portal's export
    (formatted, in the background when large, recorded), with the changelist's filters."""
    from tests import export_readback

    client.force_login(staff(alice))
    response = client.get(admin_url(Member, "export") + "?status__exact=active&is_in_service__exact=0&q=" +
                          member_c1.name + "&o=2&p=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:member-export") + "?" + urlencode(
        {"status": "active", "is_in_service": "false", "q": member_c1.name})
    exported = client.get(response["Location"])
    sheet = export_readback.assert_formatted(exported, sheet="党员名册", title="中华路街道党工委 党员名册",
                                             file_start="党员名册-中华路街道党工委-")
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert member_c1.name in cells and member_c3.name not in cells
    assert member_c1.id_number not in cells and mask_id_number(member_c1.id_number) in cells
    assert export_readback.last_record(alice, "imports:member-export").total_rows == 1


def test_admin_export_needs_an_area_to_view(client, alice, tree):
    nobody = User.objects.create_user(username="nobody", password="x" * 12, is_staff=True)
    client.force_login(nobody)
    assert client.get(admin_url(Organization, "export")).status_code == 403
    client.force_login(staff(alice))
    response = client.get(admin_url(Organization, "export") + "?level__exact=grid")
    assert response["Location"] == reverse("imports:org-export") + "?level=grid"


def test_import_needs_the_right_to_add_and_change(rf, audrey, alice):
    from django.contrib import admin as django_admin

    model_admin = django_admin.site._registry[Organization]
    request = rf.get(admin_url(Organization, "changelist"))
    request.user = staff(audrey)
    assert not model_admin.has_import_permission(request)
    request.user = staff(alice)
    assert model_admin.has_import_permission(request)


def test_renaming_an_organisation_goes_through_the_update_service(client, alice, tree):
    client.force_login(staff(alice))
    version = tree.c1.version
    data = {"name": "西城壕社区党委（新）", "org_type": "committee", "phone": "", "address": "", "established_on": "",
            "end_date": "", "secretary": "", "host": "", "lock_version": version}
    response = client.post(admin_url(Organization, "change", tree.c1.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tree.c1.refresh_from_db()
    assert tree.c1.name == "西城壕社区党委（新）"
    assert tree.c1.version == version + 1  # the optimistic-lock counter only the service bumps


def test_grid_page_lists_its_workers_for_the_district_admin(client, dana, records):
    client.force_login(staff(dana))
    page = client.get(admin_url(Grid, "change", records[Grid][0].pk)).content.decode()
    assert "周网格" in page
