"""Approval of results as a ``partybuild.workflow`` state machine, bottom-up as DHIS2 does it: the
street approves its communities' results, the district the streets' (and its own). Computed →
approved, or sent back with a reason the level below reads; a sent-back result is recomputed and
approved later. Who decides: the level above the result's organisation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from organizations.models import Level
from partybuild import rights
from partybuild.workflow import Transition, Workflow

from .models import Result, ResultStatus

# Who decides on a result of each level: the level above (a district admin may always).
DECIDERS = {
    Level.COMMUNITY: (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN),
    Level.STREET: (Role.DISTRICT_ADMIN,),
    Level.DISTRICT: (Role.DISTRICT_ADMIN,),
}
NOT_DECIDER = _("Only the level above may approve or send back this result: the street for a community, "
                "the district for a street.")


def may_decide(user, result: Result) -> bool:
    roles = DECIDERS.get(result.organization.level, ())
    if not rights.holds_role_over(user, roles, result.organization):
        return False
    # Nobody decides on their own organisation's result (a street official on the street's).
    return rights.is_district_admin(user) or result.organization.level != Level.STREET


RESULT_FLOW = Workflow(
    model=Result,
    transitions=[
        Transition("approve", (ResultStatus.COMPUTED, ResultStatus.SENT_BACK), ResultStatus.APPROVED, may_decide,
                   _("This result is already %(status)s."), NOT_DECIDER),
        Transition("send_back", (ResultStatus.COMPUTED, ResultStatus.APPROVED), ResultStatus.SENT_BACK, may_decide,
                   _("This result is already %(status)s."), NOT_DECIDER),
    ],
)
