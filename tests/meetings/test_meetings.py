"""Joint meetings: series recurrence, opening the next meeting on close, moving, attendance and
minutes required to close, attachments checked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import meeting_services as ms
from meetings.models import Meeting, MeetingEvent, Recurrence
from meetings.recurrence import next_date, nth_weekday

from .factories import make_seat

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC)


def test_monthly_by_default_and_month_ends_clamp():
    assert next_date(dt.date(2026, 1, 31), recurrence=Recurrence.MONTHLY) == dt.date(2026, 2, 28)
    assert next_date(dt.date(2026, 2, 28), recurrence=Recurrence.MONTHLY, day_of_month=31) == dt.date(2026, 3, 31)
    assert next_date(dt.date(2026, 11, 15), recurrence=Recurrence.BIMONTHLY) == dt.date(2027, 1, 15)
    assert next_date(dt.date(2026, 4, 1), recurrence=Recurrence.EVERY_N_WEEKS, interval_weeks=2) == dt.date(2026, 4, 15)


def test_nth_weekday():
    assert nth_weekday(2026, 5, 2, 1) == dt.date(2026, 5, 6)  # first Wednesday of May 2026
    assert nth_weekday(2026, 5, 4, -1) == dt.date(2026, 5, 29)  # last Friday
    assert next_date(dt.date(2026, 4, 1), recurrence=Recurrence.NTH_WEEKDAY, weekday=2, nth=1) == dt.date(2026, 5, 6)


def _series(carol, body, **fields):
    return ms.series_create(
        user=carol, body=body, first_on=dt.date(2026, 4, 8), title="大党委月度联席会", place="党群服务中心", **fields
    )


def _ready(carol, meeting, seat=None):
    ms.meeting_update(user=carol, meeting=meeting, minutes="会议讨论了三件事。")
    ms.attendee_add(user=carol, meeting=meeting, kind="committee", name="社区书记")
    meeting.attendees.update(is_present=True)


def test_series_opens_its_first_meeting(carol, council_c1):
    series = _series(carol, council_c1)
    meeting = series.meetings.get()
    assert meeting.is_open and meeting.held_on == dt.date(2026, 4, 8) and meeting.convenor == carol


def test_nth_weekday_series_needs_its_weekday(carol, council_c1):
    with pytest.raises(ValidationError, match="星期"):
        _series(carol, council_c1, recurrence=Recurrence.NTH_WEEKDAY)


@time_machine.travel(APRIL)
def test_closing_opens_the_next_meeting_of_the_series(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    _ready(carol, meeting)
    closed = ms.meeting_close(user=carol, meeting=meeting)
    assert closed.status == "closed" and closed.closed_by == carol
    assert closed.next_meeting.held_on == dt.date(2026, 5, 8) and closed.next_meeting.is_open
    assert MeetingEvent.objects.filter(meeting=meeting, status="closed").exists()


@time_machine.travel(APRIL)
def test_a_moved_meeting_does_not_shift_the_series(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    ms.meeting_move(user=carol, meeting=meeting, held_on=dt.date(2026, 4, 13), reason="与区里会议冲突")
    _ready(carol, meeting)
    closed = ms.meeting_close(user=carol, meeting=meeting)
    assert closed.held_on == dt.date(2026, 4, 13) and closed.next_meeting.held_on == dt.date(2026, 5, 8)


def test_moving_needs_a_reason(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    with pytest.raises(ValidationError, match="原因"):
        ms.meeting_move(user=carol, meeting=meeting, held_on=dt.date(2026, 4, 13), reason=" ")


def test_closing_needs_minutes_and_attendance(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    with pytest.raises(ValidationError, match="会议纪要") as refused:
        ms.meeting_close(user=carol, meeting=meeting)
    assert "出席" in str(refused.value)
    ms.attendee_add(user=carol, meeting=meeting, kind="resident", name="居民代表")
    ms.meeting_update(user=carol, meeting=meeting, minutes="纪要")
    with pytest.raises(ValidationError, match="出席"):
        ms.meeting_close(user=carol, meeting=meeting)


@time_machine.travel(APRIL)
def test_closing_twice_closes_once_and_opens_one_next_meeting(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    _ready(carol, meeting)
    stale = Meeting.objects.get(pk=meeting.pk)
    ms.meeting_close(user=carol, meeting=meeting)
    with pytest.raises(ValidationError, match="只有进行中的会议"):
        ms.meeting_close(user=carol, meeting=stale)
    assert Meeting.objects.filter(series=meeting.series).count() == 2


@time_machine.travel(APRIL)
def test_closed_meeting_cannot_change(carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    _ready(carol, meeting)
    ms.meeting_close(user=carol, meeting=meeting)
    with pytest.raises(ValidationError, match="已结束"):
        ms.meeting_update(user=carol, meeting=meeting, minutes="改过的纪要")


@time_machine.travel(APRIL)
def test_stopped_series_opens_no_further_meeting(carol, council_c1):
    series = _series(carol, council_c1)
    meeting = series.meetings.get()
    ms.series_stop(user=carol, series=series)
    _ready(carol, meeting)
    assert ms.meeting_close(user=carol, meeting=meeting).next_meeting is None


def test_part_time_members_are_invited_once_and_attendance_recorded(carol, council_c1, unit_s1, tree):
    seat = make_seat(tree.c1, unit_s1, name="钱委员")
    make_seat(tree.c1, unit_s1, name="卸任委员", end=dt.date(2025, 12, 31))
    meeting = _series(carol, council_c1).meetings.get()
    assert ms.attendees_add_part_time_members(user=carol, meeting=meeting) == 1
    assert ms.attendees_add_part_time_members(user=carol, meeting=meeting) == 0
    resident = ms.attendee_add(user=carol, meeting=meeting, kind="resident", name="居民代表")
    reasons = {seat.attendances.get().pk: "出差"}
    ms.attendance_record(user=carol, meeting=meeting, present={resident.pk}, reasons=reasons)
    assert seat.attendances.get().absence_reason == "出差" and not seat.attendances.get().is_present


def test_outsider_may_not_record_a_meeting(charlie, carol, council_c1):
    meeting = _series(carol, council_c1).meetings.get()
    with pytest.raises(PermissionDenied):
        ms.attendee_add(user=charlie, meeting=meeting, kind="resident", name="x")


def test_attachment_is_checked_by_content(carol, council_c1, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    meeting = _series(carol, council_c1).meetings.get()
    with pytest.raises(ValidationError, match="不是"):
        ms.attachment_add(user=carol, meeting=meeting, upload=SimpleUploadedFile("签到表.pdf", b"<html>not a pdf"))
    pdf = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4\n%EOF\n")
    attachment = ms.attachment_add(user=carol, meeting=meeting, upload=pdf)
    assert attachment.content_type == "application/pdf" and attachment.file.name.startswith("meetings/")


def test_open_meeting_reminds_its_convenor_after_3_and_7_days_once_each(carol, council_c1):
    from meetings.tasks import remind_overdue_meetings
    from notifications.models import Notification

    _series(carol, council_c1)  # 8 April 2026
    assert ms.meetings_remind_overdue(today=dt.date(2026, 4, 10)) == 0
    assert ms.meetings_remind_overdue(today=dt.date(2026, 4, 11)) == 1
    assert ms.meetings_remind_overdue(today=dt.date(2026, 4, 12)) == 0
    assert ms.meetings_remind_overdue(today=dt.date(2026, 4, 15)) == 1
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)):
        assert remind_overdue_meetings() == 0
    notes = Notification.objects.filter(recipient=carol, kind="meeting_overdue")
    assert notes.count() == 2 and "仍未结束" in notes.first().title
