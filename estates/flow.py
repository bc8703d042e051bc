"""The property complaint as a ``partybuild.workflow`` state machine.

routed (sent to the company's contact with its deadline) → answered (the company's answer is
recorded) → closed (the resident's satisfaction is recorded). Each step is one guarded UPDATE on
the status and version, audited; whoever may edit the unit's community records the steps (the
company has no account: the community keeps its answer on file)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import Complaint, ComplaintStatus

REFUSED = _("You may not change property records outside your area.")


def may_edit(user, complaint: Complaint) -> bool:
    return rights.may(user, EDIT, complaint.unit.community)


COMPLAINT_FLOW = Workflow(
    model=Complaint,
    state_field="complaint_status",
    transitions=[
        Transition(
            "answer", (ComplaintStatus.ROUTED,), ComplaintStatus.ANSWERED, may_edit,
            _("Only a complaint waiting for the company can be answered; this one is %(status)s."), REFUSED,
        ),
        Transition(
            "close", (ComplaintStatus.ANSWERED,), ComplaintStatus.CLOSED, may_edit,
            _("A complaint is closed once the company has answered; this one is %(status)s."), REFUSED,
        ),
    ],
)
