"""Transfers: the receiving side is told one awaits receipt; receipt or cancellation closes that notice."""

from __future__ import annotations

import pytest

from accounts.models import Role
from notifications import selectors
from notifications.models import Kind, Notification
from organizations import member_services
from tests.conftest import make_user


@pytest.fixture
def c3_secretary(tree):
    return make_user("sam", Role.COMMUNITY_SECRETARY, tree.c3)


@pytest.fixture
def sent(tree, alice, charlie, c3_secretary, carol, member_c1):
    return member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c3, reason="搬家")


def test_transfer_send_notifies_the_receiving_side(sent, member_c1):
    notified = set(Notification.objects.filter(kind=Kind.TRANSFER_PENDING).values_list("recipient__username",
                                                                                     flat=True))
    # The street official and the community secretary over C3; not the sending side.
    assert notified == {"charlie", "sam"}
    notification = Notification.objects.get(recipient__username="sam")
    assert member_c1.name in notification.title
    assert (notification.target_type, notification.target_id) == ("organizations.transfer", sent.pk)
    assert notification.url.endswith("?tab=incoming")


def test_the_sender_is_not_told_of_their_own_transfer(tree, alice, member_c1):
    member_services.transfer_send(user=alice, member=member_c1, to_org=tree.c2)
    assert not Notification.objects.filter(recipient=alice).exists()


def test_receipt_closes_the_notices_and_tells_the_sender(sent, alice, charlie, c3_secretary):
    member_services.transfer_receive(user=charlie, transfer=sent)
    assert selectors.unread_count(user=c3_secretary) == 0
    assert selectors.unread_count(user=charlie) == 0
    told = Notification.objects.get(recipient=alice)
    assert told.kind == Kind.TRANSFER_CLOSED and told.read_at is None


def test_cancellation_by_the_sender_closes_the_notices_quietly(sent, alice, charlie):
    member_services.transfer_cancel(user=alice, transfer=sent)
    assert selectors.unread_count(user=charlie) == 0
    assert not Notification.objects.filter(recipient=alice).exists()


def test_cancellation_by_the_receiving_side_tells_the_sender(sent, alice, charlie):
    member_services.transfer_cancel(user=charlie, transfer=sent)
    told = Notification.objects.get(recipient=alice)
    assert told.kind == Kind.TRANSFER_CLOSED
    assert Notification.objects.get(recipient=charlie).read_at is not None
