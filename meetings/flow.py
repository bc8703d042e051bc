"""The joint meeting as a ``partybuild.workflow`` state machine: open → closed. Closing is one
guarded UPDATE (two clicks or two people close it once, so the next meeting of the series is
opened once), one change-history entry and one ``MeetingEvent``. Who may close: whoever may edit
the body's organisation; what closing needs (minutes, attendance) ``services.meeting_close`` checks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import Meeting, MeetingEvent, MeetingStatus

REFUSED = _("You may not change meetings outside your area.")


def may_edit(user, meeting: Meeting) -> bool:
    return rights.may(user, EDIT, meeting.body.organization)


def _record(meeting: Meeting, step: Transition, *, from_state: str, actor, comment: str, at) -> MeetingEvent:
    return MeetingEvent.objects.create(meeting=meeting, status=step.target, actor=actor, at=at, note=comment)


MEETING_FLOW = Workflow(
    model=Meeting,
    transitions=[
        Transition(
            "close", (MeetingStatus.OPEN,), MeetingStatus.CLOSED, may_edit,
            _("Only an open meeting can be closed; this one is %(status)s."), REFUSED,
        ),
    ],
    record=_record,
)
