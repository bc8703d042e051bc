"""Tree pages: browser, htmx children, organisation page, coverage and the structure edits.

Actors (tests/conftest.py): alice manages S1, charlie manages S2 (the outsider), audrey audits S1.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from organizations import services
from organizations.models import Level, MemberCategory, MemberStatus, Organization, OrgStatus, OrgType
from tests.conftest import PASSWORD, make_user
from tests.organizations.factories import MemberFactory, make_org


@pytest.fixture
def en_client(client):
    # Assertions read the English source strings, whatever the default language is.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def as_alice(en_client, alice):
    en_client.force_login(alice)
    return en_client


def grow(tree, n: int = 3) -> None:
    """More communities, grids and members under S1 (the pages must not cost more queries)."""
    for i in range(n):
        community = make_org(tree.s1, Level.COMMUNITY, f"CX{i}", f"扩展社区{i}", org_type=OrgType.GENERAL_BRANCH)
        grid = make_org(community, Level.GRID, f"GX{i}", f"扩展网格{i}")
        make_org(grid, Level.BUILDING, f"BX{i}", f"扩展楼栋{i}")
        MemberFactory(branch=grid)
        MemberFactory(branch=community)
    grid_c1 = make_org(tree.c1, Level.GRID, "G1B", "西城壕第二网格党支部")
    MemberFactory(branch=grid_c1)


ORG_PAGES = ["detail", "coverage", "tree-children", "create-child", "edit", "move", "dissolve", "merge", "split"]


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORG_PAGES)
def test_in_scope_user_gets_the_page(as_alice, tree, name):
    response = as_alice.get(reverse(f"organizations:{name}", args=[tree.c1.pk]))
    assert response.status_code == 200


def test_tree_page_renders(as_alice):
    assert as_alice.get(reverse("organizations:tree")).status_code == 200


def test_tree_page_links_the_organisation_export(as_alice, alice):
    from tests import export_readback

    page = as_alice.get(reverse("organizations:tree")).content.decode()
    assert f'href="{reverse("imports:org-export")}"' in page
    export_readback.assert_formatted(as_alice.get(reverse("imports:org-export")), sheet="组织名册",
                                     title="中华路街道党工委 组织名册", file_start="组织名册-中华路街道党工委-")


@pytest.mark.parametrize("name", ORG_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404(en_client, charlie, tree, name, method):
    en_client.force_login(charlie)
    for org in (tree.s1, tree.c1, tree.g1):
        response = getattr(en_client, method)(reverse(f"organizations:{name}", args=[org.pk]))
        assert response.status_code == 404, (org.code, response.status_code)


@pytest.mark.parametrize("name", ORG_PAGES)
def test_login_required(client, tree, name):
    url = reverse(f"organizations:{name}", args=[tree.c1.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tree_requires_login(client, db):
    assert client.get(reverse("organizations:tree")).status_code == 302


# --- tree browser ---------------------------------------------------------------------------


def test_tree_starts_at_the_users_roots_with_counts(as_alice, tree):
    MemberFactory(branch=tree.g1)
    response = as_alice.get(reverse("organizations:tree"))
    assert [org.code for org in response.context["roots"]] == ["S1"]
    s1 = response.context["roots"][0]
    assert (s1.child_total, s1.member_total) == (2, 1)
    content = response.content.decode()
    assert reverse("organizations:tree-children", args=[tree.s1.pk]) in content
    assert "杨园" not in content


def test_tree_children_partial_lists_children_with_their_counts(as_alice, tree):
    make_org(tree.s1, Level.COMMUNITY, "C9", "已撤销社区", status=OrgStatus.DISSOLVED, dissolved_on=dt.date(2024, 1, 1))
    response = as_alice.get(reverse("organizations:tree-children", args=[tree.s1.pk]), HTTP_HX_REQUEST="true")
    nodes = list(response.context["nodes"])
    assert [(n.code, n.child_total) for n in nodes] == [("C1", 1), ("C2", 0)]
    content = response.content.decode()
    assert "<html" not in content
    # C1 has a grid below it, so it gets an expand button; C2 has none.
    assert reverse("organizations:tree-children", args=[tree.c1.pk]) in content
    assert reverse("organizations:tree-children", args=[tree.c2.pk]) not in content


def test_user_without_role_sees_an_empty_tree(en_client, db):
    en_client.force_login(make_user("nobody"))
    response = en_client.get(reverse("organizations:tree"))
    assert "There is no organisation for you to browse." in response.content.decode()


def test_search_shows_matches_in_scope_with_their_ancestor_path(as_alice, tree):
    response = as_alice.get(reverse("organizations:tree"), {"q": "西城壕"})
    results = response.context["results"]
    assert [org.code for org, _ in results] == ["C1", "G1"]
    g1_crumbs = results[1][1]
    assert [(c.code, c.in_scope) for c in g1_crumbs] == [("D", False), ("S1", True), ("C1", True)]
    content = response.content.decode()
    # The district is named but not linked: it is above alice's scope.
    assert reverse("organizations:detail", args=[tree.district.pk]) not in content
    assert reverse("organizations:detail", args=[tree.s1.pk]) in content


def test_search_never_finds_outside_the_scope(as_alice, tree):
    response = as_alice.get(reverse("organizations:tree"), {"q": "杨园"})
    assert response.context["results"] == []
    assert "No organisation in your area matches this search." in response.content.decode()


# --- query counts ----------------------------------------------------------------------------
# Every request costs 3 fixed queries: session, user, role grants. A read opens no transaction and
# writes no session (issue 9: partybuild.middleware).
FIXED = 3
# A full page (not an htmx fragment) also counts the unread notifications for the bell in its top bar.
BELL = 1


@pytest.mark.parametrize(
    ("page", "params", "own"),
    [
        # roots with their child counts, their member totals (are the summaries built, one grouped count)
        ("tree", None, 3 + BELL),
        # matches, their ancestors
        ("tree", {"q": "社区"}, 2 + BELL),
        # the parent, its children with their child counts, their member totals (summaries built?, count)
        ("tree-children", None, 4),
        # the organisation, its ancestors, coverage (4 grouped counts), children, their member totals,
        # the grid-report figures of the subtree (one aggregate), its open rectification (supervision),
        # its latest star grade (campaigns); coverage, member totals and report figures each first ask
        # whether the summaries are built (not here: counted live; tests/summaries pins those counts)
        ("detail", None, 14 + BELL),
        # the organisation, its ancestors, are the summaries built, coverage (4 grouped counts)
        ("coverage", None, 7 + BELL),
    ],
)
def test_query_count_does_not_grow_with_the_tree(as_alice, tree, django_assert_num_queries, page, params, own):
    expected = FIXED + own
    url = reverse(f"organizations:{page}") if page == "tree" else reverse(f"organizations:{page}", args=[tree.s1.pk])
    with django_assert_num_queries(expected):
        as_alice.get(url, params or {})
    grow(tree)
    with django_assert_num_queries(expected):
        response = as_alice.get(url, params or {})
    assert response.status_code == 200


# --- organisation page --------------------------------------------------------------------------


def test_detail_shows_fields_children_and_links(as_alice, tree):
    MemberFactory(branch=tree.g1)
    response = as_alice.get(reverse("organizations:detail", args=[tree.c1.pk]))
    content = response.content.decode()
    assert [(c.code, c.member_total) for c in response.context["children"]] == [("G1", 1)]
    assert "西城壕社区党委" in content and "Party committee" in content
    assert f"{reverse('organizations:member-list')}?subtree=C1" in content
    assert reverse("organizations:coverage", args=[tree.c1.pk]) in content
    for name in ("create-child", "edit", "move", "dissolve"):
        assert reverse(f"organizations:{name}", args=[tree.c1.pk]) in content
    # Breadcrumb: the district is above alice's scope, so it is text, not a link.
    assert reverse("organizations:detail", args=[tree.district.pk]) not in content
    assert "武昌区委" in content


def test_dissolved_organisation_page_shows_its_status_without_actions(as_alice, tree):
    services.organization_dissolve(user=make_user("root", is_superuser=True), org=tree.c2, on=dt.date(2025, 3, 1))
    response = as_alice.get(reverse("organizations:detail", args=[tree.c2.pk]))
    content = response.content.decode()
    assert "This organisation was dissolved on 2025-03-01" in content
    assert reverse("organizations:dissolve", args=[tree.c2.pk]) not in content


def test_auditor_sees_no_action_buttons(en_client, audrey, tree):
    en_client.force_login(audrey)
    response = en_client.get(reverse("organizations:detail", args=[tree.c1.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="org-actions"' not in content
    for name in ("create-child", "edit", "move", "dissolve", "merge", "split"):
        assert reverse(f"organizations:{name}", args=[tree.c1.pk]) not in content


@pytest.mark.parametrize("name", ["create-child", "edit", "move", "dissolve", "merge", "split"])
def test_auditor_gets_403_on_structure_edits(en_client, audrey, tree, name):
    en_client.force_login(audrey)
    url = reverse(f"organizations:{name}", args=[tree.c2.pk])
    assert en_client.get(url).status_code == 403
    data = {"kind": "grid:standard", "code": "GZ", "name": "x", "version": 1, "parent": "S1",
            "on": "2025-01-01", "confirm": "on"}
    assert en_client.post(url, data).status_code == 403
    tree.c2.refresh_from_db()
    assert tree.c2.is_active and tree.c2.numchild == 0


# --- coverage --------------------------------------------------------------------------------------


@pytest.fixture
def s1_members(tree):
    MemberFactory(branch=tree.g1)
    MemberFactory(branch=tree.g1, category=MemberCategory.PROBATIONARY)
    MemberFactory(branch=tree.c2, status=MemberStatus.FLOATING_OUT)
    MemberFactory(branch=tree.c2, status=MemberStatus.DECEASED)
    MemberFactory(branch=tree.g3)  # under S2: never counted for S1
    MemberFactory(
        branch=tree.g3, is_in_service=True, registered_community=tree.c1, registered_on=dt.date(2024, 5, 1)
    )


def test_coverage_of_a_street_matches_the_tree(as_alice, tree, s1_members):
    make_org(
        tree.c1, Level.SPECIAL, "T1", "防汛临时党支部", org_type=OrgType.TEMPORARY_BRANCH, end_date=dt.date(2026, 9, 30)
    )
    response = as_alice.get(reverse("organizations:coverage", args=[tree.s1.pk]))
    content = response.content.decode()
    assert (
        "2 communities: 1 party committee, 1 branch; 1 grid branch; 1 building group; "
        "1 member household; 1 special organisation; 3 members"
    ) in content
    cov = response.context["coverage"]
    assert cov.by_level == {Level.COMMUNITY: 2, Level.GRID: 1, Level.BUILDING: 1, Level.HOUSEHOLD: 1, Level.SPECIAL: 1}
    assert (cov.members, cov.probationary, cov.in_service_registered) == (3, 1, 1)
    assert cov.members_by_status == {"active": 2, "floating_out": 1, "deceased": 1}
    assert cov.special_types == {OrgType.TEMPORARY_BRANCH: 1}


def test_coverage_export_holds_the_figures_of_the_page(as_alice, alice, tree, s1_members):
    from tests import export_readback

    make_org(
        tree.c1, Level.SPECIAL, "T1", "防汛临时党支部", org_type=OrgType.TEMPORARY_BRANCH, end_date=dt.date(2026, 9, 30)
    )
    page = as_alice.get(reverse("organizations:coverage", args=[tree.s1.pk]))
    assert reverse("organizations:coverage-export", args=[tree.s1.pk]) in page.content.decode()
    response = as_alice.get(reverse("organizations:coverage-export", args=[tree.s1.pk]))
    export_readback.assert_formatted(response, sheet="概况", title=f"{tree.s1.name} 组织覆盖情况统计（概况）",
                                     file_start=f"组织覆盖情况统计-{tree.s1.name}-", header_row=3)
    book = export_readback.read(response)
    assert book.sheetnames == ["概况", "按层级", "社区党组织类型", "特设组织类型", "党员状态"]

    def figures(name):
        return {r[1]: r[2] for r in book[name].iter_rows(min_row=4, values_only=True)}

    assert list(figures("概况").values()) == [3, 1, 1, 1]  # members, probationary, in service, special
    assert list(figures("按层级").values()) == [2, 1, 1, 1, 1]  # community, grid, building, household, special
    assert figures("党员状态")["Active"] == 2 and figures("党员状态")["Deceased"] == 1
    assert sum(figures("特设组织类型").values()) == 1
    assert export_readback.last_record(alice, "organizations:coverage-export").filename.startswith("组织覆盖情况统计-")


def test_outsider_cannot_export_coverage(client, charlie, tree):
    client.force_login(charlie)
    assert client.get(reverse("organizations:coverage-export", args=[tree.s1.pk])).status_code == 404


def test_coverage_of_the_district_counts_streets(en_client, dana, tree, s1_members):
    en_client.force_login(dana)
    content = en_client.get(reverse("organizations:coverage", args=[tree.district.pk])).content.decode()
    assert (
        "2 streets; 3 communities: 1 party committee, 1 general branch, 1 branch; 2 grid branches; "
        "1 building group; 1 member household; 5 members"
    ) in content


def test_coverage_of_a_grid_lists_only_the_levels_below(as_alice, tree):
    content = as_alice.get(reverse("organizations:coverage", args=[tree.g1.pk])).content.decode()
    assert "1 building group; 1 member household; 0 members" in content


# --- create a sub-organisation ---------------------------------------------------------------------


def test_create_child_takes_the_next_level(as_alice, tree):
    url = reverse("organizations:create-child", args=[tree.c1.pk])
    response = as_alice.post(url, {"kind": "grid:standard", "code": "G2", "name": "西城壕第二网格党支部"})
    g2 = Organization.objects.get(code="G2")
    assert response.status_code == 302 and response["Location"] == reverse("organizations:detail", args=[g2.pk])
    assert (g2.level, g2.depth, Organization.objects.get_parent(g2)) == (Level.GRID, 4, tree.c1)


def test_create_child_offers_the_community_types_and_special_kinds_under_a_street(as_alice, tree):
    form = as_alice.get(reverse("organizations:create-child", args=[tree.s1.pk])).context["form"]
    values = [value for value, _ in form.fields["kind"].choices]
    assert values == [
        "community:committee", "community:general_branch", "community:branch",
        "special:compound_branch", "special:building_committee", "special:temporary_branch",
    ]


def test_temporary_branch_needs_an_end_date(as_alice, tree):
    url = reverse("organizations:create-child", args=[tree.s1.pk])
    data = {"kind": "special:temporary_branch", "code": "T9", "name": "临时党支部"}
    response = as_alice.post(url, data)
    assert response.status_code == 200
    assert "A temporary branch needs an end date." in response.content.decode()
    assert not Organization.objects.filter(code="T9").exists()
    response = as_alice.post(url, {**data, "end_date": "2026-12-31"})
    t9 = Organization.objects.get(code="T9")
    assert (t9.level, t9.org_type, t9.depth) == (Level.SPECIAL, OrgType.TEMPORARY_BRANCH, 3)


def test_create_child_refuses_a_duplicate_code(as_alice, tree):
    url = reverse("organizations:create-child", args=[tree.c1.pk])
    response = as_alice.post(url, {"kind": "grid:standard", "code": "G3", "name": "重复"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_a_household_cannot_have_children(as_alice, tree):
    response = as_alice.get(reverse("organizations:create-child", args=[tree.h1.pk]))
    assert "cannot have sub-organisations" in response.content.decode()
    assert reverse("organizations:create-child", args=[tree.h1.pk]) not in as_alice.get(
        reverse("organizations:detail", args=[tree.h1.pk])
    ).content.decode()


# --- edit -------------------------------------------------------------------------------------------


def test_edit_saves_and_bumps_the_version(as_alice, tree):
    url = reverse("organizations:edit", args=[tree.c1.pk])
    data = {"name": "西城壕社区大党委", "org_type": OrgType.COMMITTEE, "version": tree.c1.version}
    data["phone"] = "027-88886666"
    response = as_alice.post(url, data)
    assert response.status_code == 302
    tree.c1.refresh_from_db()
    assert (tree.c1.name, tree.c1.version, tree.c1.phone) == ("西城壕社区大党委", 2, "027-88886666")


def test_edit_with_a_stale_version_is_refused(as_alice, alice, tree):
    url = reverse("organizations:edit", args=[tree.c1.pk])
    read_version = as_alice.get(url).context["form"]["version"].value()
    # Someone else saves in between.
    services.organization_update(user=alice, org=tree.c1, name="别人改过的名字")
    response = as_alice.post(url, {"name": "我的修改", "org_type": OrgType.COMMITTEE, "version": read_version})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    tree.c1.refresh_from_db()
    assert (tree.c1.name, tree.c1.version) == ("别人改过的名字", 2)


# --- move ---------------------------------------------------------------------------------------------


def test_move_into_its_own_subtree_is_refused(as_alice, tree):
    response = as_alice.post(reverse("organizations:move", args=[tree.c1.pk]), {"parent": "G1"})
    assert response.status_code == 200
    assert "cannot move under itself or its own subtree" in response.content.decode()
    assert Organization.objects.get_parent(Organization.objects.get(pk=tree.c1.pk)) == tree.s1


def test_move_outside_the_managed_area_is_refused(as_alice, tree):
    response = as_alice.post(reverse("organizations:move", args=[tree.c2.pk]), {"parent": "S2"})
    errors = response.context["form"].errors["parent"]
    assert errors == ["No active organisation with this code in the area you manage."]


def test_move_under_a_new_parent(en_client, dana, tree):
    en_client.force_login(dana)
    response = en_client.post(reverse("organizations:move", args=[tree.c2.pk]), {"parent": "S2"})
    assert response.status_code == 302
    assert Organization.objects.get_parent(Organization.objects.get(pk=tree.c2.pk)) == tree.s2


# --- dissolve -----------------------------------------------------------------------------------------


def test_dissolve_with_active_children_is_refused(as_alice, tree):
    data = {"on": "2025-06-30", "reason": "合并", "confirm": "on"}
    response = as_alice.post(reverse("organizations:dissolve", args=[tree.c1.pk]), data)
    assert response.status_code == 200
    assert "Dissolve or move its active sub-organisations first." in response.content.decode()
    tree.c1.refresh_from_db()
    assert tree.c1.is_active


def test_dissolve_an_empty_organisation(as_alice, tree):
    data = {"on": "2025-06-30", "reason": "合并", "confirm": "on"}
    response = as_alice.post(reverse("organizations:dissolve", args=[tree.c2.pk]), data, follow=True)
    assert "户部巷社区党支部 dissolved." in response.content.decode()
    tree.c2.refresh_from_db()
    assert (tree.c2.status, tree.c2.dissolved_on) == (OrgStatus.DISSOLVED, dt.date(2025, 6, 30))


def test_dissolve_needs_confirmation(as_alice, tree):
    response = as_alice.post(reverse("organizations:dissolve", args=[tree.c2.pk]), {"on": "2025-06-30"})
    assert response.context["form"].errors["confirm"]
    tree.c2.refresh_from_db()
    assert tree.c2.is_active


# --- home and login ------------------------------------------------------------------------------------


def test_home_shows_roles_and_a_coverage_summary_per_root(as_alice, tree):
    MemberFactory(branch=tree.g1)
    content = as_alice.get(reverse("home")).content.decode()
    assert "Street official" in content and "中华路街道党工委" in content
    assert "2 communities: 1 party committee, 1 branch; 1 grid branch" in content


def test_home_shows_an_empty_state_without_a_role(en_client, db):
    en_client.force_login(make_user("nobody"))
    content = en_client.get(reverse("home")).content.decode()
    assert "No area assigned yet" in content


def test_login_form_shows_errors(en_client, alice):
    response = en_client.post(reverse("login"), {"username": "alice", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    response = en_client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_login_page_shows_the_lock_out(en_client, alice, settings):
    settings.AXES_LOCKOUT_TEMPLATE = "registration/login.html"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = en_client.post(reverse("login"), {"username": "alice", "password": "wrong-password"})
    assert response.status_code == 429
    assert "this account is locked" in response.content.decode()
