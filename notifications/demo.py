"""The demo district's inboxes, filled as the overdue sweep and the transfers would have filled them;
called by ``seed_demo`` after the other apps' activity (organizations/demo ACTIVITY_SEEDERS)."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from organizations.member_services import transfer_notify_receivers
from organizations.models import Organization, Transfer, TransferState
from reports.models import GridReport
from reports.services import OVERDUE_FIELDS, reports_notify_overdue


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Notify the demo's overdue cases and waiting transfers; return counts to print."""
    overdue = GridReport.objects.filter(grid__branch__path__startswith=root.path, is_overdue=True)
    count = reports_notify_overdue(rows=list(overdue.values(*OVERDUE_FIELDS)))
    waiting = Transfer.objects.filter(state=TransferState.SENT, to_org__path__startswith=root.path).select_related(
        "member", "from_org", "to_org"
    )
    # A few dozen at district scale: one notify() each is fine here.
    for transfer in waiting:
        count += transfer_notify_receivers(transfer=transfer)
    return {"notifications": count}
