"""The demo district's inboxes are filled the way the sweep and the transfers fill them."""

from __future__ import annotations

import pytest

from notifications.models import Kind, Notification
from organizations import demo
from organizations.models import Transfer, TransferState
from reports.models import GridReport


@pytest.fixture
def seeded(db):
    return demo.seed(scale="small", seed=7)


def test_demo_notifies_overdue_cases_and_waiting_transfers(seeded):
    assert seeded.counts["notifications"] == Notification.objects.count() > 0
    overdue = set(GridReport.objects.filter(is_overdue=True).values_list("pk", flat=True))
    told = set(Notification.objects.filter(kind=Kind.REPORT_OVERDUE).values_list("target_id", flat=True))
    assert told and told <= overdue
    waiting = set(Transfer.objects.filter(state=TransferState.SENT).values_list("pk", flat=True))
    pending = set(Notification.objects.filter(kind=Kind.TRANSFER_PENDING).values_list("target_id", flat=True))
    assert pending <= waiting
    # The demo's street official logs in to a bell with a count.
    assert Notification.objects.filter(recipient__username="street", read_at__isnull=True).exists()
