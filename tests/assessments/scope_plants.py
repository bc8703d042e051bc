"""One S1-owned row of every scoped model of the assessments app, for tests/test_scope_matrix.py."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import (
    Indicator,
    LockException,
    Pairing,
    Result,
    ReviewAssignment,
    ReviewSheet,
    ReviewTally,
    Scheme,
    Score,
    ScoreRun,
)


def plant(*, pk, owner, org, marker, tree) -> None:
    # Results and scores belong to C1, the community above the planted grid; a run belongs to the
    # district's scheme, so outsiders below the district never see it. The scheme and its
    # indicator are the district's rules, which everyone reads: no marker, and not at the planted pk.
    now = timezone.now()
    scheme = Scheme.objects.create(organization=tree.district, year=2026, level="community",
                                   name="社区党建考核")
    indicator = Indicator.objects.create(scheme=scheme, code="A", name="结案率", weight=100,
                                         computation="reports.closure_rate", rule="target:90")
    ScoreRun.objects.create(pk=pk, scheme=scheme, period="2026S1", error=marker)
    Result.objects.create(pk=pk, scheme=scheme, period="2026S1", organization=tree.c1, total=88, rank=1,
                          computed_at=now, status="sent_back", reason=marker)
    Score.objects.create(pk=pk, scheme=scheme, indicator=indicator, period="2026S1", organization=tree.c1,
                         value=88, points=0, computed_at=now)
    LockException.objects.create(pk=pk, organization=tree.c1, until=now, reason=marker, granted_by=owner)
    Pairing.objects.create(pk=pk, year=timezone.localdate().year, community=tree.c1, kind="leader", name=marker,
                           position=marker)
    # A review of C1 by the planted branch's owner: outsiders see neither the sheet nor its comment.
    manual = Indicator.objects.create(scheme=scheme, code="M", name="述职评议", weight=10, kind="manual")
    assignment = ReviewAssignment.objects.create(pk=pk, indicator=manual, period="2026S1", organization=tree.c1,
                                                 reviewer=owner)
    ReviewSheet.objects.create(pk=pk, assignment=assignment, score=7, comment=marker, submitted_at=now)
    ReviewTally.objects.create(pk=pk, indicator=manual, period="2026S1", organization=tree.c1, assigned=1, sheets=1,
                               value=7, computed_at=now)
