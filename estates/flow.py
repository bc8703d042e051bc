"""The property complaint as a ``partybuild.workflow`` state machine.

routed (sent to the company's contact with its deadline) → answered (the company's answer is
recorded) → closed (the resident's satisfaction is recorded). Each step is one guarded UPDATE on
the status and version, audited; whoever may edit the unit's community records the steps (the
company has no account: the community keeps its answer on file)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import Complaint, ComplaintStatus, ListEntry, ListStatus, ListStep

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


# --- red and black lists: proposed → confirmed (street) → listed (district) → appealed → listed/revoked


def may_confirm(user, entry) -> bool:
    return rights.holds_role_over(user, (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN), entry.street)


def may_decide(user, entry) -> bool:
    return rights.is_district_admin(user) and rights.holds_role_over(user, (Role.DISTRICT_ADMIN,), entry.street)


def may_appeal(user, entry) -> bool:
    return rights.may(user, EDIT, entry.street)


def _record_list_step(entry, step, *, from_state, actor, comment, at):
    return ListStep.objects.create(entry=entry, list_status=step.target, actor=actor, at=at, note=comment[:500])


NOT_STREET = _("Only the street official of the entry's street confirms a proposal.")
NOT_DISTRICT = _("Only the district decides on the red and black lists.")

LIST_FLOW = Workflow(
    model=ListEntry,
    state_field="list_status",
    transitions=[
        Transition("confirm", (ListStatus.PROPOSED,), ListStatus.CONFIRMED, may_confirm,
                   _("Only a proposal can be confirmed; this entry is %(status)s."), NOT_STREET),
        Transition("list", (ListStatus.CONFIRMED,), ListStatus.LISTED, may_decide,
                   _("The district decides once the street has confirmed; this entry is %(status)s."), NOT_DISTRICT),
        Transition("reject", (ListStatus.PROPOSED, ListStatus.CONFIRMED), ListStatus.REJECTED, may_confirm,
                   _("Only a proposal not yet decided can be rejected; this entry is %(status)s."), NOT_STREET),
        Transition("appeal", (ListStatus.LISTED,), ListStatus.APPEALED, may_appeal,
                   _("Only a listing can be appealed; this entry is %(status)s."), REFUSED),
        Transition("uphold", (ListStatus.APPEALED,), ListStatus.LISTED, may_decide,
                   _("Only an appeal can be decided; this entry is %(status)s."), NOT_DISTRICT),
        Transition("revoke", (ListStatus.APPEALED, ListStatus.LISTED), ListStatus.REVOKED, may_decide,
                   _("Only a listing can be revoked; this entry is %(status)s."), NOT_DISTRICT),
    ],
    record=_record_list_step,
)
