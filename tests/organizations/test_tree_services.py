"""Tree services: create, edit, move, dissolve, merge, split — rules, rights and audit."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from organizations.models import Level, Member, MembershipPeriod, Organization, OrgStatus, OrgType
from organizations.services import (
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_split,
    organization_update,
)
from tests.organizations.factories import MemberFactory


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings, whatever language an earlier test left active.
    with translation.override("en"):
        yield


def test_street_official_adds_a_community_under_their_street(tree, alice):
    org = organization_create(
        user=alice, parent=tree.s1, code="C9", name="新建社区党总支", level=Level.COMMUNITY,
        org_type=OrgType.GENERAL_BRANCH,
    )
    assert Organization.objects.get_parent(org) == tree.s1
    assert org.depth == 3
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_a_level_can_only_sit_under_the_level_above(tree, alice):
    with pytest.raises(ValidationError, match="parent"):
        organization_create(user=alice, parent=tree.s1, code="G9", name="网格", level=Level.GRID)
    assert not Organization.objects.filter(code="G9").exists()


def test_community_needs_one_of_the_three_types(tree, alice):
    with pytest.raises(ValidationError, match="社区党组织须为党委、党总支或党支部"):
        organization_create(user=alice, parent=tree.s1, code="C9", name="社区", level=Level.COMMUNITY)


def test_temporary_branch_needs_an_end_date_and_hangs_on_a_street_or_community(tree, alice):
    with pytest.raises(ValidationError, match="end_date"):
        organization_create(
            user=alice, parent=tree.c1, code="T1", name="临时党支部", level=Level.SPECIAL,
            org_type=OrgType.TEMPORARY_BRANCH,
        )
    org = organization_create(
        user=alice, parent=tree.c1, code="T1", name="疫情防控临时党支部", level=Level.SPECIAL,
        org_type=OrgType.TEMPORARY_BRANCH, end_date=dt.date(2026, 12, 31),
    )
    assert org.depth == 4
    with pytest.raises(ValidationError, match="不能隶属于网格党支部"):
        organization_create(
            user=alice, parent=tree.g1, code="T2", name="临时", level=Level.SPECIAL,
            org_type=OrgType.COMPOUND_BRANCH,
        )


def test_duplicate_code_is_refused(tree, alice):
    with pytest.raises(ValidationError, match="code"):
        organization_create(
            user=alice, parent=tree.s1, code="C1", name="重复", level=Level.COMMUNITY, org_type="branch"
        )


def test_outsider_cannot_create_under_another_street(tree, charlie):
    with pytest.raises(PermissionDenied, match="您无权修改管辖范围以外的组织"):
        organization_create(user=charlie, parent=tree.s1, code="C9", name="x", level=Level.COMMUNITY, org_type="branch")


def test_grid_worker_and_auditor_cannot_change_the_tree(tree, gina, audrey):
    with pytest.raises(PermissionDenied, match="您无权修改管辖范围以外的组织"):
        organization_update(user=gina, org=tree.g1, name="改名")
    with pytest.raises(PermissionDenied, match="您无权修改管辖范围以外的组织"):
        organization_update(user=audrey, org=tree.c1, name="改名")


def test_rename_is_audited_with_the_actor(tree, carol):
    organization_update(user=carol, org=tree.c1, name="西城壕社区大党委")
    entry = LogEntry.objects.get_for_object(tree.c1).order_by("-timestamp").first()
    assert entry.changes_dict["name"] == ["西城壕社区党委", "西城壕社区大党委"]


def test_stale_edit_is_refused_and_nothing_is_overwritten(tree, carol, alice):
    stale_version = tree.c1.version
    organization_update(user=alice, org=Organization.objects.get(pk=tree.c1.pk), name="甲")
    with pytest.raises(ValidationError, match="其他人已修改了这条记录"):
        organization_update(user=carol, org=Organization.objects.get(pk=tree.c1.pk), version=stale_version, name="乙")
    assert Organization.objects.get(pk=tree.c1.pk).name == "甲"


def test_move_takes_the_subtree_and_keeps_records_attached(tree, dana, member_c1):
    organization_move(user=dana, org=tree.c1, new_parent=tree.s2)
    g1 = Organization.objects.get(pk=tree.g1.pk)
    assert g1.path.startswith(Organization.objects.get(pk=tree.s2.pk).path)
    assert Member.objects.get(pk=member_c1.pk).branch_id == tree.g1.pk
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    entry = LogEntry.objects.get_for_object(tree.c1).order_by("-timestamp").first()
    assert "parent" in entry.changes_dict


def test_move_changes_who_sees_the_subtree(tree, dana, alice, charlie):
    organization_move(user=dana, org=tree.c1, new_parent=tree.s2)
    from partybuild.scoping import forget, scope_queryset

    forget(alice)
    forget(charlie)
    assert not scope_queryset(Organization.objects.filter(code="G1"), alice).exists()
    assert scope_queryset(Organization.objects.filter(code="G1"), charlie).exists()


def test_move_into_own_subtree_or_wrong_level_is_refused(tree, dana):
    with pytest.raises(ValidationError, match="不能调整到自身或其下级组织之下"):
        organization_move(user=dana, org=tree.c1, new_parent=tree.g1)
    with pytest.raises(ValidationError, match="社区党组织应直接隶属于街道党工委"):
        organization_move(user=dana, org=tree.c1, new_parent=tree.c3)


def test_street_official_cannot_move_into_another_street(tree, alice):
    with pytest.raises(PermissionDenied, match="您无权修改管辖范围以外的组织"):
        organization_move(user=alice, org=tree.c1, new_parent=tree.s2)


def test_dissolve_refused_while_children_or_members_remain(tree, carol, member_c1):
    with pytest.raises(ValidationError, match="请先撤销或调出其下级组织"):
        organization_dissolve(user=carol, org=tree.c1)
    b1 = tree.b1
    organization_dissolve(user=carol, org=tree.h1)
    organization_dissolve(user=carol, org=b1)
    with pytest.raises(ValidationError, match="请先将其现有党员转接到其他组织"):
        organization_dissolve(user=carol, org=tree.g1)


def test_dissolved_org_keeps_its_row_and_date(tree, carol):
    organization_dissolve(user=carol, org=tree.h1, on=dt.date(2026, 3, 1))
    h1 = Organization.objects.get(pk=tree.h1.pk)
    assert h1.status == OrgStatus.DISSOLVED
    assert h1.dissolved_on == dt.date(2026, 3, 1)


def test_merge_moves_children_and_members_with_dated_history(tree, alice):
    g2 = Organization.objects.add_child(tree.c2, instance=Organization(code="G2", name="户部巷网格", level=Level.GRID))
    member = MemberFactory(branch=g2)
    organization_merge(user=alice, source=tree.c2, target=tree.c1, on=dt.date(2026, 6, 1))
    c2 = Organization.objects.get(pk=tree.c2.pk)
    assert c2.status == OrgStatus.DISSOLVED and c2.merged_into_id == tree.c1.pk
    assert Organization.objects.get_parent(Organization.objects.get(pk=g2.pk)).pk == tree.c1.pk
    assert Member.objects.get(pk=member.pk).branch_id == g2.pk  # g2 moved as a whole, member stays in it
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_merge_of_branches_transfers_members_and_keeps_the_old_period(tree, alice):
    member = MemberFactory(branch=tree.c2)
    organization_merge(user=alice, source=tree.c2, target=tree.c1, on=dt.date(2026, 6, 1))
    periods = list(MembershipPeriod.objects.filter(member=member).order_by("started_on"))
    assert [(p.organization_id, p.ended_on) for p in periods] == [
        (tree.c2.pk, dt.date(2026, 6, 1)),
        (tree.c1.pk, None),
    ]
    assert periods[1].reason == MembershipPeriod.Reason.REORGANISATION


def test_split_creates_a_sibling_and_moves_chosen_members(tree, alice):
    stay, leave = MemberFactory(branch=tree.c1), MemberFactory(branch=tree.c1)
    new = organization_split(user=alice, source=tree.c1, code="C1B", name="西城壕二社区党委", member_ids=[leave.pk])
    assert Organization.objects.get_parent(new).pk == tree.s1.pk and new.org_type == OrgType.COMMITTEE
    assert Member.objects.get(pk=leave.pk).branch_id == new.pk
    assert Member.objects.get(pk=stay.pk).branch_id == tree.c1.pk
