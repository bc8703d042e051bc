"""The joint meeting as a ``partybuild.workflow`` state machine: open → closed. Closing is one
guarded UPDATE (two clicks or two people close it once, so the next meeting of the series is
opened once), one change-history entry and one ``MeetingEvent``. Who may close: whoever may edit
the body's organisation; what closing needs (minutes, attendance) ``services.meeting_close`` checks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import AgendaEntry, AgendaItem, EntryOutcome, ItemState, Meeting, MeetingEvent, MeetingStatus

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


# --- agenda items -------------------------------------------------------------------------------
# open / deferred / decided → resolved, decided, deferred (at the item's open meeting), or dropped
# with a reason; decided → done when the last follow-up task is done. Each step is one guarded
# UPDATE on state and version, and writes the outcome onto the item's entry for its meeting.

UNSETTLED = (ItemState.OPEN, ItemState.DEFERRED, ItemState.DECIDED)
SETTLED_ALREADY = _("This item is already settled: %(status)s.")
STEP_OUTCOMES = {
    ItemState.RESOLVED: EntryOutcome.RESOLVED, ItemState.DECIDED: EntryOutcome.DECIDED,
    ItemState.DEFERRED: EntryOutcome.DEFERRED, ItemState.DROPPED: EntryOutcome.DROPPED,
}


def may_edit_item(user, item: AgendaItem) -> bool:
    return rights.may(user, EDIT, item.body.organization)


def _record_item(item: AgendaItem, step: Transition, *, from_state: str, actor, comment: str, at) -> None:
    if step.target in STEP_OUTCOMES:
        AgendaEntry.objects.filter(item=item, meeting_id=item.meeting_id).update(
            outcome=STEP_OUTCOMES[step.target], note=comment
        )


ITEM_FLOW = Workflow(
    model=AgendaItem,
    transitions=[
        Transition("resolve", UNSETTLED, ItemState.RESOLVED, may_edit_item, SETTLED_ALREADY, REFUSED),
        Transition("decide", UNSETTLED, ItemState.DECIDED, may_edit_item, SETTLED_ALREADY, REFUSED),
        Transition("defer", UNSETTLED, ItemState.DEFERRED, may_edit_item, SETTLED_ALREADY, REFUSED),
        Transition("drop", UNSETTLED, ItemState.DROPPED, may_edit_item,
                   _("Only an unresolved item can be closed this way."), REFUSED),
        # Taken by the system when the last task is reported done (the reporter may be a department).
        Transition("done", (ItemState.DECIDED,), ItemState.DONE),
    ],
    record=_record_item,
    state_field="state",
)
