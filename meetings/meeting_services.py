"""Writes of the joint meetings (联席会议): series, meetings, attendance, attachments, closing.

A series (例会) recurs by its rule; closing a meeting (``meeting_close``) is one guarded step of
``flow.MEETING_FLOW`` and, in the same transaction, opens the series' next meeting on the date the
rule gives (counted from the date planned for the closed one, so a moved meeting does not shift
the series). The database allows one open meeting per series, so two closings cannot open two.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import PartTimeMember
from partybuild import files, rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT
from summaries.services import summaries_touch

from .flow import MEETING_FLOW, REFUSED
from .item_services import carry_over
from .models import (
    Attendee,
    AttendeeKind,
    Body,
    Meeting,
    MeetingAttachment,
    MeetingEvent,
    MeetingSeries,
    MeetingStatus,
)
from .recurrence import series_next_date

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MEETING_FIELDS = ("title", "place", "convenor", "minutes")
SERIES_FIELDS = ("title", "recurrence", "interval_weeks", "weekday", "nth", "place", "convenor")


def _require(user, body: Body) -> None:
    rights.require(user, EDIT, body.organization, str(REFUSED))


def _require_open(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("This meeting is closed; its record can no longer change."))


def _event(meeting: Meeting, status: str, *, actor, note: str = "") -> None:
    MeetingEvent.objects.create(meeting=meeting, status=status, actor=actor, at=timezone.now(), note=note[:300])


def _open(*, body: Body, series: MeetingSeries | None, title: str, on: date, place: str, convenor, actor) -> Meeting:
    meeting = Meeting(
        body=body, series=series, title=title, planned_on=on, held_on=on, place=place, convenor=convenor,
    )
    meeting.full_clean()
    meeting.save()
    _event(meeting, "open", actor=actor)
    return meeting


@transaction.atomic
def series_create(*, user, body: Body, first_on: date, **fields) -> MeetingSeries:
    """Start a recurring meeting of ``body``; its first meeting opens on ``first_on``."""
    _require(user, body)
    if not body.is_active:
        raise ValidationError(_("This body is no longer active."))
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown series fields: %s") % ", ".join(sorted(unknown)))
    fields.setdefault("convenor", user)
    series = MeetingSeries(body=body, **fields)
    series.full_clean()
    series.save()
    _open(body=body, series=series, title=series.title, on=first_on, place=series.place, convenor=series.convenor,
          actor=user)
    return series


@transaction.atomic
def series_stop(*, user, series: MeetingSeries) -> MeetingSeries:
    """The series stops recurring: closing its open meeting opens no further one."""
    _require(user, series.body)
    series.is_active = False
    return versioned_save(series, fields=["is_active"])


@transaction.atomic
def meeting_create(*, user, body: Body, title: str, held_on: date, place: str = "", convenor=None) -> Meeting:
    """A one-off meeting (e.g. a three-party meeting called for one matter)."""
    _require(user, body)
    if not body.is_active:
        raise ValidationError(_("This body is no longer active."))
    return _open(body=body, series=None, title=title, on=held_on, place=place, convenor=convenor or user, actor=user)


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, version: int | None = None, **fields) -> Meeting:
    _require(user, meeting.body)
    _require_open(meeting)
    changed = [k for k in fields if k in MEETING_FIELDS]
    for key in changed:
        setattr(meeting, key, fields[key])
    meeting.full_clean()
    return versioned_save(meeting, fields=changed, version=version)


@transaction.atomic
def meeting_move(*, user, meeting: Meeting, held_on: date, reason: str, version: int | None = None) -> Meeting:
    """Move an open meeting to another day (the series keeps its rhythm)."""
    _require(user, meeting.body)
    _require_open(meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is moved.")})
    previous = meeting.held_on
    meeting.held_on = held_on
    versioned_save(meeting, fields=["held_on"], version=version)
    _event(meeting, "moved", actor=user, note=f"{previous:%Y-%m-%d} → {held_on:%Y-%m-%d}: {reason}")
    return meeting


# --- attendance and attachments -----------------------------------------------------------------


@transaction.atomic
def attendee_add(*, user, meeting: Meeting, kind: str, name: str, unit: str = "") -> Attendee:
    """Invite a committee member, a unit's representative or a resident by name."""
    _require(user, meeting.body)
    _require_open(meeting)
    attendee = Attendee(meeting=meeting, kind=kind, name=name, unit=unit)
    attendee.full_clean()
    attendee.save()
    return attendee


@transaction.atomic
def attendees_add_part_time_members(*, user, meeting: Meeting) -> int:
    """Invite every part-time member serving on the meeting's day who is not invited yet."""
    _require(user, meeting.body)
    _require_open(meeting)
    on = meeting.held_on
    serving = PartTimeMember.objects.filter(committee=meeting.body.organization, term_start__lte=on).exclude(
        term_end__lt=on
    ).exclude(attendances__meeting=meeting).select_related("unit")
    rows = [
        Attendee(meeting=meeting, kind=AttendeeKind.PART_TIME, name=m.name, unit=m.unit.name, part_time_member=m)
        for m in serving
    ]
    Attendee.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def attendance_record(*, user, meeting: Meeting, present: set[int], reasons: dict[int, str] | None = None) -> int:
    """Record who came: the attendees in ``present`` came, every other attendee did not."""
    _require(user, meeting.body)
    _require_open(meeting)
    reasons = reasons or {}
    attendees = list(meeting.attendees.all())
    for attendee in attendees:
        attendee.is_present = attendee.pk in present
        attendee.absence_reason = "" if attendee.is_present else reasons.get(attendee.pk, "")[:120]
    Attendee.objects.bulk_update(attendees, ["is_present", "absence_reason"])
    return len(attendees)


@transaction.atomic
def attachment_add(*, user, meeting: Meeting, upload, title: str = "") -> MeetingAttachment:
    """Attach a sign-in sheet, photo or signed minutes (checked by content, size first)."""
    _require(user, meeting.body)
    kind = files.check_upload(upload, kinds=files.DOCUMENTS, max_bytes=ATTACHMENT_MAX_BYTES, field="file")
    attachment = MeetingAttachment(
        meeting=meeting, title=(title or upload.name)[:120], content_type=kind.content_type, uploaded_by=user,
    )
    attachment.file.save(files.rename_for_storage(upload, kind).name, upload, save=False)
    attachment.save()
    return attachment


# --- closing ------------------------------------------------------------------------------------


def close_refusals(meeting: Meeting) -> list[str]:
    """What the meeting still lacks before it can be closed (empty: it can)."""
    missing = []
    if not meeting.minutes.strip():
        missing.append(_("Write the minutes before closing the meeting."))
    counts = {"total": 0, "unrecorded": 0, "present": 0}
    for is_present in meeting.attendees.values_list("is_present", flat=True):
        counts["total"] += 1
        counts["unrecorded"] += is_present is None
        counts["present"] += bool(is_present)
    if not counts["total"] or counts["unrecorded"] or not counts["present"]:
        missing.append(_("Record the attendance (who came and who did not) before closing the meeting."))
    return missing


@transaction.atomic
def meeting_close(*, user, meeting: Meeting, version: int | None = None) -> Meeting:
    """Close the meeting (its minutes and attendance recorded), open the series' next one and carry
    the unresolved items over to it (``item_services.carry_over``)."""
    _require(user, meeting.body)
    MEETING_FLOW.check(user, meeting, "close")
    missing = close_refusals(meeting)
    if missing:
        raise ValidationError(missing)
    MEETING_FLOW.advance(
        meeting, "close", actor=user, version=version, check_actor=False, closed_at=timezone.now(), closed_by=user,
    )
    summaries_touch(orgs=[meeting.body.organization_id])  # meetings held, items carried (dashboards)
    series = meeting.series
    if series is not None and series.is_active:
        on = series_next_date(series, meeting.planned_on, day_of_month=_anchor_day(series))
        meeting.next_meeting = _open(
            body=meeting.body, series=series, title=series.title, on=on, place=series.place,
            convenor=series.convenor or meeting.convenor, actor=user,
        )
        # Everything the meeting did not settle goes onto the next one, with its history.
        meeting.carried = carry_over(meeting=meeting, to=meeting.next_meeting, actor=user)
    else:
        meeting.next_meeting, meeting.carried = None, []
    return meeting


def _anchor_day(series: MeetingSeries) -> int | None:
    """Monthly series keep the day of month of their first meeting (a 31st falls on a month's end)."""
    first = series.meetings.order_by("planned_on").values_list("planned_on", flat=True).first()
    return first.day if first else None


# --- reminders ----------------------------------------------------------------------------------

# Days past its date after which an open meeting reminds its convenor.
REMINDER_DAYS = (3, 7)


def meetings_remind_overdue(*, today: date | None = None) -> int:
    """Remind convenors of open meetings 3 and 7 days past their date. Set-based (one read, one
    INSERT) and safe to run twice: each (meeting, threshold) has its own dedupe key."""
    from django.urls import reverse

    from notifications.models import Kind
    from notifications.services import Draft, notifications_create

    today = today or timezone.localdate()
    rows = Meeting.objects.filter(
        status=MeetingStatus.OPEN, convenor__isnull=False, convenor__is_active=True,
        held_on__lte=today - timedelta(days=REMINDER_DAYS[0]),
    ).values_list("pk", "title", "held_on", "convenor_id", "convenor__email")
    drafts = []
    for pk, title, held_on, convenor_id, email in rows:
        late = (today - held_on).days
        for threshold in REMINDER_DAYS:
            if late >= threshold:
                drafts.append(Draft(
                    recipient_id=convenor_id, kind=Kind.MEETING_OVERDUE,
                    title=_("Meeting of %(date)s still open: %(title)s") % {"date": f"{held_on:%Y-%m-%d}",
                                                                          "title": title},
                    body=_("Record the minutes and attendance, then close it: unresolved items carry over only then."),
                    url=reverse("meetings:meeting-detail", args=[pk]), target_type="meetings.meeting", target_id=pk,
                    dedupe_key=f"meeting-overdue-{pk}-{threshold}", email=email or "",
                ))
    return len(notifications_create(drafts=drafts))
