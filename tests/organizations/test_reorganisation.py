"""Merge and split as a street official reorganises communities: current members move with dated,
audited history; historical members stay where their history ended; a bad date is a clear
ValidationError, never an IntegrityError."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from organizations import member_services
from organizations.models import (
    Level,
    Member,
    MembershipPeriod,
    MemberStatus,
    Organization,
    OrgStatus,
    Transfer,
    TransferState,
)
from organizations.services import organization_merge, organization_split
from tests.organizations.factories import MemberFactory, make_org

ON = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def deceased(branch: Organization, on: dt.date = dt.date(2024, 3, 1)) -> Member:
    member = MemberFactory(branch=branch, status=MemberStatus.DECEASED)
    MembershipPeriod.objects.filter(member=member).update(ended_on=on)
    return member


def branch_entries(member: Member) -> list[dict]:
    updates = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.UPDATE)
    return [e.changes_display_dict for e in updates if "branch" in e.changes_dict]


# --- merge ---------------------------------------------------------------------------------


def test_merge_gives_each_moved_member_an_audit_entry_from_the_old_branch_to_the_new(tree, alice):
    members = [MemberFactory(branch=tree.c2) for _ in range(3)]
    organization_merge(user=alice, source=tree.c2, target=tree.c1, on=ON)
    for member in members:
        entries = branch_entries(member)
        assert len(entries) == 1, entries
        assert entries[0]["branch"] == [str(tree.c2), str(tree.c1)]
        entry = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.UPDATE)
        assert entry.actor == alice
        member.refresh_from_db()
        assert member.version == 2  # the optimistic lock sees the move


def test_merge_leaves_historical_members_where_their_history_ended(tree, alice):
    gone = deceased(tree.c2)
    current = MemberFactory(branch=tree.c2)
    organization_merge(user=alice, source=tree.c2, target=tree.c1, on=ON)
    gone.refresh_from_db()
    assert gone.branch_id == tree.c2.pk
    assert list(gone.periods.values_list("organization_id", "ended_on")) == [(tree.c2.pk, dt.date(2024, 3, 1))]
    assert not gone.periods.filter(ended_on__isnull=True).exists()
    assert Member.objects.get(pk=current.pk).branch_id == tree.c1.pk


def test_merge_before_the_source_was_established_is_a_validation_error(tree, alice):
    Organization.objects.filter(pk=tree.c2.pk).update(established_on=dt.date(2020, 1, 1))
    MemberFactory(branch=tree.c2)
    with pytest.raises(ValidationError, match="before 2020-01-01, when 户部巷社区党支部 was established"):
        organization_merge(user=alice, source=tree.c2, target=tree.c1, on=dt.date(2019, 6, 1))
    assert Organization.objects.get(pk=tree.c2.pk).status == OrgStatus.ACTIVE


def test_merge_before_a_members_current_period_is_a_validation_error_not_an_integrity_error(tree, alice):
    member = MemberFactory(branch=tree.c2)
    MembershipPeriod.objects.filter(member=member).update(started_on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="before 2026-05-01, when a member who moves joined"):
        organization_merge(user=alice, source=tree.c2, target=tree.c1, on=dt.date(2026, 4, 1))
    assert Member.objects.get(pk=member.pk).branch_id == tree.c2.pk


def test_merge_in_the_future_is_refused(tree, alice):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        organization_merge(user=alice, source=tree.c2, target=tree.c1, on=dt.date(2999, 1, 1))


def test_merge_only_into_a_sibling(tree, dana):
    with pytest.raises(ValidationError, match="same parent"):
        organization_merge(user=dana, source=tree.c2, target=tree.c3, on=ON)


def test_merge_of_a_dissolved_organisation_is_refused(tree, alice):
    Organization.objects.filter(pk=tree.c2.pk).update(status=OrgStatus.DISSOLVED, dissolved_on=ON)
    with pytest.raises(ValidationError, match="already dissolved"):
        organization_merge(user=alice, source=tree.c2, target=tree.c1, on=ON)


def test_community_secretary_cannot_merge_into_a_community_outside_their_own(tree, carol):
    with pytest.raises(PermissionDenied):
        organization_merge(user=carol, source=tree.c1, target=tree.c2, on=ON)


# --- split ---------------------------------------------------------------------------------


def test_split_moves_chosen_members_and_sub_organisations(tree, alice, member_c1):
    direct = MemberFactory(branch=tree.c1)
    new = organization_split(
        user=alice, source=tree.c1, code="C1B", name="西城壕二社区党委", member_ids=[direct.pk],
        child_ids=[tree.g1.pk], on=ON,
    )
    assert new.established_on == ON
    assert Organization.objects.get_parent(Organization.objects.get(pk=tree.g1.pk)).pk == new.pk
    # The grid moved as a whole: its member keeps their branch (and history) and now sits under the new community.
    assert Member.objects.get(pk=member_c1.pk).branch_id == tree.g1.pk
    direct.refresh_from_db()
    assert direct.branch_id == new.pk
    assert branch_entries(direct)[0]["branch"] == [str(tree.c1), str(new)]
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_split_refuses_a_historical_member(tree, alice):
    gone = deceased(tree.c1)
    with pytest.raises(ValidationError, match="current members of 西城壕社区党委 only"):
        organization_split(user=alice, source=tree.c1, code="C1B", name="新社区", member_ids=[gone.pk], on=ON)
    assert not Organization.objects.filter(code="C1B").exists()
    assert not gone.periods.filter(ended_on__isnull=True).exists()


def test_split_before_a_members_current_period_is_a_validation_error(tree, alice):
    member = MemberFactory(branch=tree.c1)
    MembershipPeriod.objects.filter(member=member).update(started_on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="before 2026-05-01"):
        organization_split(
            user=alice, source=tree.c1, code="C1B", name="新社区", member_ids=[member.pk], on=dt.date(2026, 4, 1)
        )
    assert not Organization.objects.filter(code="C1B").exists()


def test_split_before_the_source_was_established_is_a_validation_error(tree, alice):
    Organization.objects.filter(pk=tree.c1.pk).update(established_on=dt.date(2020, 1, 1))
    member = MemberFactory(branch=tree.c1)
    with pytest.raises(ValidationError, match="when 西城壕社区党委 was established"):
        organization_split(
            user=alice, source=tree.c1, code="C1B", name="新社区", member_ids=[member.pk], on=dt.date(2019, 1, 1)
        )


def test_split_needs_something_to_move(tree, alice):
    with pytest.raises(ValidationError, match="Choose the members or sub-organisations"):
        organization_split(user=alice, source=tree.c1, code="C1B", name="新社区", on=ON)


def test_split_refuses_a_child_of_another_organisation(tree, alice):
    with pytest.raises(ValidationError, match="active sub-organisations of"):
        organization_split(user=alice, source=tree.c2, code="C2B", name="新社区", child_ids=[tree.g1.pk], on=ON)


def test_community_secretary_cannot_split_their_community(tree, carol):
    member = MemberFactory(branch=tree.c1)
    with pytest.raises(PermissionDenied):
        organization_split(user=carol, source=tree.c1, code="C1B", name="新社区", member_ids=[member.pk], on=ON)


def test_split_of_a_temporary_branch_keeps_its_end_date(tree, alice):
    temp = make_org(tree.c1, Level.SPECIAL, "T1", "临时党支部", org_type="temporary_branch",
                    end_date=dt.date(2026, 12, 31))
    member = MemberFactory(branch=temp)
    new = organization_split(user=alice, source=temp, code="T2", name="临时党支部二", member_ids=[member.pk], on=ON)
    assert new.end_date == dt.date(2026, 12, 31)


# --- transfers and status changes go through the same lock and audit ---------------------------


def test_transfer_of_a_member_who_died_meanwhile_cannot_be_received(tree, alice, charlie, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.g3, on=dt.date(2026, 1, 5))
    Member.objects.filter(pk=member_c1.pk).update(status=MemberStatus.DECEASED)
    with pytest.raises(ValidationError, match="historical member cannot be received"):
        member_services.transfer_receive(user=charlie, transfer=transfer, on=dt.date(2026, 1, 6))
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.SENT


def test_closing_a_transfer_is_audited(tree, alice, charlie, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.g3, on=dt.date(2026, 1, 5))
    member_services.transfer_receive(user=charlie, transfer=transfer, on=dt.date(2026, 1, 6))
    entry = LogEntry.objects.get_for_object(transfer).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["state"] == ["sent", "received"]
    assert entry.actor == charlie
    assert branch_entries(member_c1)[0]["branch"] == [str(tree.g1), str(tree.g3)]


def test_status_change_from_a_stale_page_is_refused(tree, alice, member_c1):
    stale = Member.objects.get(pk=member_c1.pk)
    member_services.member_update(user=alice, member=member_c1, phone="13700000001")
    with pytest.raises(ValidationError, match="Someone else changed this record"):
        member_services.member_change_status(user=alice, member=stale, status=MemberStatus.ABROAD, on=ON)
    assert Member.objects.get(pk=member_c1.pk).status == MemberStatus.ACTIVE
