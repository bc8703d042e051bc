"""The one scoping mechanism: subtrees of role nodes, for every role."""

import pytest

from accounts.models import Role, RoleAssignment
from grids.models import Household
from organizations.models import Member, Organization, Transfer
from partybuild import scoping


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_street_official_sees_exactly_their_street_subtree(tree, alice):
    visible = codes(scoping.scope_queryset(Organization.objects.all(), alice))
    assert visible == {"S1", "C1", "C2", "G1", "B1", "H1"}


def test_outsider_street_sees_nothing_of_the_sibling_street(tree, charlie):
    visible = codes(scoping.scope_queryset(Organization.objects.all(), charlie))
    assert visible == {"S2", "C3", "G3"}


def test_district_admin_sees_the_whole_district(tree, dana):
    assert scoping.scope_queryset(Organization.objects.all(), dana).count() == Organization.objects.count()


def test_user_without_roles_sees_nothing(tree, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not scoping.scope_queryset(Organization.objects.all(), nobody).exists()


def test_department_staff_do_not_see_the_tree(tree, dave):
    assert not scoping.scope_queryset(Organization.objects.all(), dave).exists()


def test_auditor_reads_but_cannot_edit_or_manage(tree, audrey):
    assert scoping.can(audrey, scoping.VIEW, tree.c1)
    assert not scoping.can(audrey, scoping.EDIT, tree.c1)
    assert not scoping.can(audrey, scoping.MANAGE, tree.c1)


def test_grid_worker_edits_records_but_not_the_tree(tree, gina):
    assert scoping.can(gina, scoping.EDIT, tree.g1)
    assert not scoping.can(gina, scoping.MANAGE, tree.g1)
    assert not scoping.can(gina, scoping.VIEW, tree.c1)


def test_related_records_follow_their_organisation(tree, alice, charlie, member_c1, member_c3):
    assert list(scoping.scope_queryset(Member.objects.all(), alice)) == [member_c1]
    assert list(scoping.scope_queryset(Member.objects.all(), charlie)) == [member_c3]
    assert scoping.scope_queryset(Household.objects.all(), alice).count() == 1
    assert scoping.scope_queryset(Household.objects.all(), charlie).count() == 0


def test_several_roles_add_up_and_nested_nodes_collapse(tree, carol):
    RoleAssignment.objects.create(user=carol, role=Role.COMMUNITY_SECRETARY, organization=tree.c3)
    RoleAssignment.objects.create(user=carol, role=Role.GRID_WORKER, organization=tree.g1)
    scoping.forget(carol)
    assert scoping.scope_paths(carol) == sorted([tree.c1.path, tree.c3.path])
    assert codes(scoping.scope_queryset(Organization.objects.all(), carol)) == {"C1", "G1", "B1", "H1", "C3", "G3"}


def test_a_transfer_is_visible_to_both_branches_once(tree, alice, charlie, dana, member_c1):
    Transfer.objects.create(member=member_c1, from_org=tree.g1, to_org=tree.g3, sent_on="2026-01-05")
    assert scoping.scope_queryset(Transfer.objects.all(), alice).count() == 1
    assert scoping.scope_queryset(Transfer.objects.all(), charlie).count() == 1
    assert scoping.scope_queryset(Transfer.objects.all(), dana).count() == 1


def test_dissolved_role_node_grants_nothing(tree, carol):
    Organization.objects.filter(pk=tree.c1.pk).update(status="dissolved", dissolved_on="2026-01-01")
    scoping.forget(carol)
    assert not scoping.scope_queryset(Organization.objects.all(), carol).exists()


def test_models_without_scope_field_refuse_to_be_scoped(tree, alice, django_user_model):
    with pytest.raises(TypeError, match="has no scope_field"):
        scoping.scope_queryset(django_user_model.objects.all(), alice)
