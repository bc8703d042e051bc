"""One S1-owned row of every scoped model of the supervision app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from supervision.models import (
    ClueAccess,
    CommitteeSeat,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    SupervisionCommittee,
)


def plant(*, pk, owner, org, marker, tree) -> None:
    committee = SupervisionCommittee.objects.create(pk=pk, community=tree.c1)
    CommitteeSeat.objects.create(pk=pk, committee=committee, seat="party_member", name=f"{marker}委员",
                                 since=dt.date(2024, 1, 1))
    ClueAccess.objects.create(pk=pk, user=owner, organization=tree.c1, kind="committee_member")
    ProblemClue.objects.create(
        pk=pk, district=tree.district, committee=committee, found_on=dt.date(2026, 1, 5), matter=marker,
        involves="cadre", handling=marker,
    )
    rect = Rectification.objects.create(
        pk=pk, organization=org, year=2026, reasons=marker, answerable_cadre=f"{marker}包保",
        listed_on=dt.date(2026, 1, 1),
    )
    RectificationMeasure.objects.create(pk=pk, rectification=rect, measure=marker, deadline=dt.date(2026, 9, 1))
    RectificationReport.objects.create(
        pk=pk, rectification=rect, kind="progress", reported_on=dt.date(2026, 3, 1), text=marker
    )
