"""Member services: registration, edits, status history and two-sided transfers."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from organizations import member_selectors, member_services, selectors
from organizations.models import Member, MembershipPeriod, MemberStatus, Transfer, TransferState
from tests.organizations.factories import MemberFactory, valid_id_number


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield


def member_data(**overrides):
    data = {
        "name": "王建国",
        "gender": "M",
        "birth_date": dt.date(1975, 3, 9),
        "id_number": valid_id_number(dt.date(1975, 3, 9)),
        "phone": "13912345678",
        "joined_on": dt.date(2001, 7, 1),
    }
    return {**data, **overrides}


def test_create_opens_the_first_membership_period(tree, alice):
    member = member_services.member_create(user=alice, branch=tree.g1, **member_data())
    period = MembershipPeriod.objects.get(member=member)
    assert (period.organization, period.started_on, period.ended_on) == (tree.g1, dt.date(2001, 7, 1), None)
    assert period.reason == MembershipPeriod.Reason.JOINED


def test_create_refuses_a_wrong_id_check_digit(tree, alice):
    good = valid_id_number(dt.date(1975, 3, 9))
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="check digit is wrong") as exc:
        member_services.member_create(user=alice, branch=tree.g1, **member_data(id_number=wrong))
    assert "id_number" in exc.value.message_dict
    assert not Member.objects.exists()


def test_outsider_cannot_register_a_member_in_another_street(tree, charlie):
    with pytest.raises(PermissionDenied, match="outside your area"):
        member_services.member_create(user=charlie, branch=tree.g1, **member_data())


def test_stale_version_is_refused(tree, alice, member_c1):
    read_version = member_c1.version
    member_services.member_update(user=alice, member=member_c1, version=read_version, phone="13700000001")
    stale_copy = Member.objects.get(pk=member_c1.pk)
    with pytest.raises(ValidationError, match="Someone else changed"):
        member_services.member_update(user=alice, member=stale_copy, version=read_version, phone="13700000002")
    assert Member.objects.get(pk=member_c1.pk).phone == "13700000001"


def test_deceased_member_closes_the_period_and_becomes_historical(tree, alice, member_c1):
    on = timezone.localdate() - dt.timedelta(days=3)
    member_services.member_change_status(user=alice, member=member_c1, status=MemberStatus.DECEASED, on=on)
    assert MembershipPeriod.objects.get(member=member_c1).ended_on == on
    assert member_c1 not in selectors.member_list(user=alice)
    historical = member_selectors.historical_member_list(user=alice)
    assert [(m, m.left_on) for m in historical] == [(member_c1, on)]


def test_floating_out_keeps_the_member_current(tree, alice, member_c1):
    today = timezone.localdate()
    member_services.member_change_status(user=alice, member=member_c1, status=MemberStatus.FLOATING_OUT, on=today)
    assert member_c1 in selectors.member_list(user=alice)
    assert MembershipPeriod.objects.get(member=member_c1).ended_on is None


def test_status_change_cannot_be_dated_in_the_future(tree, alice, member_c1):
    with pytest.raises(ValidationError, match="The date cannot be in the future"):
        member_services.member_change_status(
            user=alice, member=member_c1, status=MemberStatus.ABROAD, on=timezone.localdate() + dt.timedelta(days=1)
        )


def test_leaving_cannot_be_dated_before_the_current_period_started(tree, alice, member_c1):
    MembershipPeriod.objects.filter(member=member_c1).update(started_on=dt.date(2020, 3, 1))
    with pytest.raises(ValidationError, match="cannot be before 2020-03-01") as excinfo:
        member_services.member_change_status(
            user=alice, member=member_c1, status=MemberStatus.LEFT, on=dt.date(2019, 1, 1)
        )
    assert "on" in excinfo.value.message_dict
    member_c1.refresh_from_db()
    assert member_c1.status == MemberStatus.ACTIVE
    assert MembershipPeriod.objects.get(member=member_c1).ended_on is None


def test_joining_date_in_the_future_is_refused(tree):
    member = MemberFactory.build(branch=tree.g1, joined_on=timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="joining date cannot be in the future") as excinfo:
        member.full_clean()
    assert "joined_on" in excinfo.value.message_dict


def test_transfer_send_then_receive_moves_the_member_and_keeps_both_periods(tree, alice, charlie, member_c1):
    sent_on, received_on = timezone.localdate() - dt.timedelta(days=10), timezone.localdate() - dt.timedelta(days=2)
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3, on=sent_on, reason="搬家")
    member_c1.refresh_from_db()
    assert member_c1.branch == tree.g1  # sending alone does not move the member

    member_services.transfer_receive(user=charlie, transfer=transfer, on=received_on)
    member_c1.refresh_from_db()
    assert member_c1.branch == tree.c3
    periods = list(
        MembershipPeriod.objects.filter(member=member_c1).values_list("organization", "started_on", "ended_on")
    )
    assert periods == [(tree.g1.pk, dt.date(2005, 7, 1), received_on), (tree.c3.pk, received_on, None)]
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.RECEIVED
    # The member now belongs to charlie's street and left alice's.
    assert member_c1 in selectors.member_list(user=charlie)
    assert member_c1 not in selectors.member_list(user=alice)


def test_receiving_twice_is_refused(tree, alice, charlie, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    member_services.transfer_receive(user=charlie, transfer=transfer)
    with pytest.raises(ValidationError, match="already been received"):
        member_services.transfer_receive(user=charlie, transfer=transfer)
    assert MembershipPeriod.objects.filter(member=member_c1).count() == 2


def test_sender_cannot_receive_its_own_transfer(tree, alice, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    with pytest.raises(PermissionDenied, match="outside your area"):
        member_services.transfer_receive(user=alice, transfer=transfer)


def test_cancel_leaves_the_member_where_they_were(tree, alice, member_c1):
    transfer = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    member_services.transfer_cancel(user=alice, transfer=transfer)
    transfer.refresh_from_db()
    member_c1.refresh_from_db()
    assert transfer.state == TransferState.CANCELLED
    assert member_c1.branch == tree.g1
    assert MembershipPeriod.objects.filter(member=member_c1).count() == 1
    # Once cancelled, a new transfer may be sent.
    member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c2)


def test_outsider_cannot_send_a_transfer(tree, charlie, member_c1):
    with pytest.raises(PermissionDenied, match="outside your area"):
        member_services.transfer_send(user=charlie, member=member_c1, to_org=tree.c3)
    assert not Transfer.objects.exists()


def test_a_waiting_transfer_blocks_a_second_one(tree, alice, member_c1):
    member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    with pytest.raises(ValidationError, match="already has a transfer waiting"):
        member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c2)
    assert Transfer.objects.count() == 1


def test_transfer_tabs_split_by_receiving_side(tree, alice, charlie, member_c1):
    other = MemberFactory(branch=tree.c2)
    to_s2 = member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3)
    within_s1 = member_services.transfer_send(user=alice, member=other, to_org=tree.c1)
    assert list(member_selectors.transfers_incoming(user=charlie)) == [to_s2]
    assert list(member_selectors.transfers_outgoing(user=charlie)) == []
    assert list(member_selectors.transfers_incoming(user=alice)) == [within_s1]
    assert list(member_selectors.transfers_outgoing(user=alice)) == [to_s2]
    member_services.transfer_cancel(user=alice, transfer=within_s1)
    assert list(member_selectors.transfers_closed(user=alice)) == [within_s1]
    assert list(member_selectors.transfers_closed(user=charlie)) == []
