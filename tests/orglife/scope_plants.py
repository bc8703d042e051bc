"""One S1-owned row of every scoped model of the orglife app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from organizations.models import Member
from orglife.models import Attendance, CommitteeMember, Evidence, Meeting


def plant(*, pk, owner, org, marker, tree) -> None:
    member = Member.objects.get(branch=org)  # the planted member of the planted branch
    CommitteeMember.objects.create(pk=pk, organization=org, member=member, duty="secretary",
                                   started_on=dt.date(2020, 1, 1))
    meeting = Meeting.objects.create(
        pk=pk, organization=org, meeting_type="members", held_on=dt.date(2026, 3, 5), topic=f"{marker}主题",
        minutes=marker, expected=1, present=1, quorum_base=1, quorum_present=1, filed_at=timezone.now(),
        recorded_by=owner,
    )
    Attendance.objects.create(pk=pk, meeting=meeting, member=member, is_present=True)
    # No file on disk: the download view answers 404 for a missing file, as for an outsider.
    Evidence.objects.create(pk=pk, meeting=meeting, kind="minutes", content_type="application/pdf",
                            original_name=f"{marker}.pdf", file="orglife/evidence/planted.pdf")
