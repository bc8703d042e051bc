"""One S1-owned row of every scoped model of the meetings app, for tests/test_scope_matrix.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import (
    AgendaEntry,
    AgendaItem,
    Attendee,
    Body,
    ChairTerm,
    DutyReport,
    FollowUpTask,
    Meeting,
    MeetingAttachment,
    MeetingEvent,
    MeetingSeries,
)
from organizations.models import PartTimeMember


def plant(*, pk, owner, org, marker, tree) -> None:
    # C1's 大党委; its part-time member is the one the core plant seats on S1, so seat one on C1 too.
    body = Body.objects.create(pk=pk, organization=tree.c1, kind="community_committee", name=f"{marker}大党委",
                               has_rotating_chair=True)
    seat = PartTimeMember.objects.create(
        committee=tree.c1, name=f"{marker}委员二", unit_id=pk, term_start=dt.date(2024, 1, 1)
    )
    ChairTerm.objects.create(pk=pk, body=body, member=seat, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 6, 30))
    DutyReport.objects.create(
        pk=pk, member=seat, year=2025, reported_on=dt.date(2026, 1, 10), summary=marker, filed_by=owner
    )
    series = MeetingSeries.objects.create(pk=pk, body=body, title=f"{marker}例会", place=marker)
    meeting = Meeting.objects.create(
        pk=pk, body=body, series=series, title=f"{marker}联席会议", planned_on=dt.date(2026, 4, 8),
        held_on=dt.date(2026, 4, 8), place=marker, minutes=marker,
    )
    MeetingEvent.objects.create(pk=pk, meeting=meeting, status="open", actor=owner, at=timezone.now(), note=marker)
    Attendee.objects.create(pk=pk, meeting=meeting, kind="resident", name=f"{marker}居民", unit=marker)
    # Only the row: an outsider must get 404 before the file would be opened.
    MeetingAttachment.objects.create(
        pk=pk, meeting=meeting, title=f"{marker}签到表", content_type="application/pdf", file="meetings/plant.pdf"
    )
    item = AgendaItem.objects.create(
        pk=pk, body=body, title=f"{marker}议题", description=marker, first_meeting=meeting, meeting=meeting,
        state="decided", lead_unit=marker, closed_reason=marker,
    )
    AgendaEntry.objects.create(pk=pk, item=item, meeting=meeting, note=marker)
    FollowUpTask.objects.create(
        pk=pk, item=item, unit_name=f"{marker}物业", due_on=dt.date(2026, 5, 1), done_note=marker
    )
