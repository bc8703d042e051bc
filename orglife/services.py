"""Writes of organisational life: meeting records with their attendance and evidence, committee
seats, and the district's table of required frequencies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Level, Organization
from partybuild import files, rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT
from summaries.services import summaries_touch

from . import rules
from .models import LATE_AFTER_DAYS, Attendance, CommitteeMember, Evidence, FrequencyRule, Meeting, MeetingType

# Organisations that hold organisational life: communities (as a party committee or branch),
# grid branches, party groups and special branches.
MEETING_LEVELS = (Level.COMMUNITY, Level.GRID, Level.BUILDING, Level.SPECIAL)
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _check_org(user, org: Organization) -> None:
    rights.require(user, EDIT, org)
    if org.level not in MEETING_LEVELS:
        raise ValidationError({"organization": _("Organisational life is recorded by communities, branches and "
                                                 "party groups.")})
    if not org.is_active:
        raise ValidationError({"organization": _("This organisation has been dissolved.")})


@transaction.atomic
def meeting_record(
    *, user, organization: Organization, meeting_type: str, held_on: date, topic: str, place: str = "",
    lecturer: str = "", minutes: str = "", present_ids: Iterable[int], absence_reasons: Mapping[int, str] | None = None,
) -> Meeting:
    """File a meeting: every member of the organisation on ``held_on`` gets an attendance row, present
    when listed in ``present_ids``, otherwise absent with the reason given (if any)."""
    _check_org(user, organization)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The meeting date cannot be in the future.")})
    expected = list(rules.members_on(organization, held_on))
    expected_ids = {m.pk for m in expected}
    present = {int(pk) for pk in present_ids}
    if present - expected_ids:
        raise ValidationError({"present": _("Only members of the organisation on the meeting date can attend.")})
    reasons = {int(k): v for k, v in (absence_reasons or {}).items() if int(k) in expected_ids - present}
    committee = rules.committee_on(organization, held_on) if meeting_type == MeetingType.COMMITTEE else set()
    base, towards, counts = rules.quorum(meeting_type=meeting_type, expected=expected, present_ids=present,
                                         committee=committee, day=held_on)
    now = timezone.now()
    meeting = Meeting(
        organization=organization, meeting_type=meeting_type, held_on=held_on, topic=topic.strip(),
        place=place.strip(), lecturer=lecturer.strip(), minutes=minutes, expected=len(expected),
        present=len(present), quorum_base=base, quorum_present=towards, is_counted=counts, filed_at=now,
        is_late=rules.is_late(held_on=held_on, filed_on=timezone.localdate(now), late_after_days=LATE_AFTER_DAYS),
        recorded_by=user,
    )
    if meeting_type == MeetingType.LECTURE and not meeting.lecturer:
        raise ValidationError({"lecturer": _("A party lecture names its lecturer.")})
    meeting.full_clean()
    meeting.save()
    rows = [
        Attendance(meeting=meeting, member_id=m.pk, is_present=m.pk in present,
                   absence_reason="" if m.pk in present else reasons.get(m.pk, ""))
        for m in expected
    ]
    for row in rows:
        row.full_clean(exclude=["meeting", "member"], validate_unique=False, validate_constraints=False)
    Attendance.objects.bulk_create(rows)
    summaries_touch(orgs=[organization])  # the area's compliance (dashboards)
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, version: int | None = None, **changes) -> Meeting:
    """Correct the text of a record; the date, type, attendance and filing date stay as filed."""
    rights.require(user, EDIT, meeting.organization)
    allowed = {"topic", "place", "lecturer", "minutes"}
    if set(changes) - allowed:
        raise ValidationError(_("Only the topic, place, lecturer and minutes of a filed record can change."))
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if name != "minutes" else value)
    if meeting.meeting_type == MeetingType.LECTURE and not meeting.lecturer:
        raise ValidationError({"lecturer": _("A party lecture names its lecturer.")})
    meeting.full_clean()
    return versioned_save(meeting, fields=list(changes), version=version)


@transaction.atomic
def evidence_add(*, user, meeting: Meeting, kind: str, upload) -> Evidence:
    rights.require(user, EDIT, meeting.organization)
    checked = files.check_upload(upload, kinds=files.DOCUMENTS, max_bytes=EVIDENCE_MAX_BYTES, field="file")
    original = (getattr(upload, "name", "") or "")[-200:]
    evidence = Evidence(meeting=meeting, kind=kind, content_type=checked.content_type, original_name=original,
                        uploaded_by=user)
    evidence.file = files.rename_for_storage(upload, checked)
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence


def _check_seat(seat: CommitteeMember) -> None:
    """A seat's own dates, the member's other seats and the one secretary at a time (支部书记)."""
    if seat.ended_on and seat.ended_on < seat.started_on:
        raise ValidationError({"ended_on": _("A seat cannot end before it starts.")})
    if not rules.members_on(seat.organization, seat.started_on).filter(pk=seat.member_id).exists():
        raise ValidationError({"member": _("A committee member is a member of the organisation on that date.")})
    # Seats overlap when each starts before the other ends (an open end never ends).
    overlapping = CommitteeMember.objects.filter(organization=seat.organization).exclude(pk=seat.pk).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=seat.started_on)
    )
    if seat.ended_on:
        overlapping = overlapping.filter(started_on__lte=seat.ended_on)
    if overlapping.filter(member_id=seat.member_id).exists():
        raise ValidationError({"member": _("This member already holds a seat on the committee in this period.")})
    if seat.duty == CommitteeMember.Duty.SECRETARY and overlapping.filter(duty=seat.duty).exists():
        raise ValidationError({"duty": _("Another member is the secretary in this period; end that seat first.")})


@transaction.atomic
def committee_member_add(*, user, organization: Organization, member, duty: str, started_on: date,
                         ended_on: date | None = None) -> CommitteeMember:
    """Seat a member on the branch committee (支委会) from ``started_on``; the quorum of committee
    meetings counts the seats open on the meeting date."""
    _check_org(user, organization)
    seat = CommitteeMember(organization=organization, member=member, duty=duty, started_on=started_on,
                           ended_on=ended_on)
    _check_seat(seat)
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def committee_member_update(*, user, seat: CommitteeMember, duty: str, started_on: date,
                            ended_on: date | None = None, version: int | None = None) -> CommitteeMember:
    """Correct a seat's duty or dates (meetings already filed keep the quorum counted when filed)."""
    rights.require(user, EDIT, seat.organization)
    seat.duty, seat.started_on, seat.ended_on = duty, started_on, ended_on
    _check_seat(seat)
    seat.full_clean()
    return versioned_save(seat, fields=["duty", "started_on", "ended_on"], version=version)


@transaction.atomic
def committee_member_end(*, user, seat: CommitteeMember, ended_on: date,
                         version: int | None = None) -> CommitteeMember:
    """End a seat on ``ended_on`` (the row stays, so the quorum of earlier meetings can be explained)."""
    rights.require(user, EDIT, seat.organization)
    if seat.ended_on is not None:
        raise ValidationError({"ended_on": _("This seat has already ended.")})
    if ended_on < seat.started_on:
        raise ValidationError({"ended_on": _("A seat cannot end before it starts.")})
    seat.ended_on = ended_on
    seat.full_clean()
    return versioned_save(seat, fields=["ended_on"], version=version)


@transaction.atomic
def rule_update(*, user, rule: FrequencyRule, period: str, times: int, version: int | None = None) -> FrequencyRule:
    """The district edits its table of required frequencies."""
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only the district sets the required frequencies."))
    rule.period, rule.times = period, times
    rule.full_clean()
    return versioned_save(rule, fields=["period", "times"], version=version)


@transaction.atomic
def rule_create(*, user, level: str, org_type: str, meeting_type: str, period: str, times: int) -> FrequencyRule:
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only the district sets the required frequencies."))
    rule = FrequencyRule(level=level, org_type=org_type, meeting_type=meeting_type, period=period, times=times)
    rule.full_clean()
    rule.save()
    return rule
