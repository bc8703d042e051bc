"""The residents' order (三单制) and the held credit as ``partybuild.workflow`` state machines.

Order: placed → dispatched (again, until taken) → taken → done → rated, or cancelled before anyone
takes it. Each step is one guarded UPDATE on the order's status (two clicks, two tabs or two people
move it once; in particular points are credited once), one change-history entry and one
``OrderStep`` on the timeline. Who may move an order: whoever may edit its community; what a
completion needs beyond that (a second party) is checked by ``services.order_complete``.

Held credit: held → released (the points are minted) or rejected, decided by the street.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import CreditHold, HoldStatus, OrderStatus, OrderStep, ServiceOrder

REFUSED = _("You may not change volunteering records outside your area.")
# The level above the community: who confirms a completion without the resident's code and
# decides on credits held over the monthly cap.
REVIEW_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)


def may_edit(user, order: ServiceOrder) -> bool:
    return rights.may(user, EDIT, order.community)


def _record(order: ServiceOrder, step: Transition, *, from_state: str, actor, comment: str, at) -> OrderStep:
    return OrderStep.objects.create(order=order, status=step.target, actor=actor, at=at, note=comment)


ORDER_FLOW = Workflow(
    model=ServiceOrder,
    transitions=[
        Transition(
            "dispatch", (OrderStatus.PLACED, OrderStatus.DISPATCHED), OrderStatus.DISPATCHED, may_edit,
            _("Only a new or not yet taken order can be dispatched; this one is %(status)s."), REFUSED,
        ),
        Transition(
            "take", (OrderStatus.DISPATCHED,), OrderStatus.TAKEN, may_edit,
            _("Only a dispatched order can be taken; this one is %(status)s."), REFUSED,
        ),
        Transition(
            "complete", (OrderStatus.TAKEN,), OrderStatus.DONE, may_edit,
            _("Only a taken order can be marked done; this one is %(status)s."), REFUSED,
        ),
        Transition(
            "rate", (OrderStatus.DONE,), OrderStatus.RATED, may_edit,
            _("The resident can rate an order only once it is done; this one is %(status)s."), REFUSED,
        ),
        Transition(
            "cancel", (OrderStatus.PLACED, OrderStatus.DISPATCHED), OrderStatus.CANCELLED, may_edit,
            _("Only an order nobody has taken yet can be cancelled; this one is %(status)s."), REFUSED,
        ),
    ],
    record=_record,
    # Orders carry no version: the status guard is what makes each move happen once.
    versioned=False,
)


def may_review(user, hold: CreditHold) -> bool:
    return rights.holds_role_over(user, REVIEW_ROLES, hold.volunteer.community)


NOT_REVIEWER = _("Only the street above the community may decide on a held credit.")
DECIDED = _("This credit was already decided: %(status)s.")

HOLD_FLOW = Workflow(
    model=CreditHold,
    transitions=[
        Transition("release", (HoldStatus.HELD,), HoldStatus.RELEASED, may_review, DECIDED, NOT_REVIEWER),
        Transition("reject", (HoldStatus.HELD,), HoldStatus.REJECTED, may_review, DECIDED, NOT_REVIEWER),
    ],
    versioned=False,
)
