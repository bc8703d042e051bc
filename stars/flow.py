"""The star application (五星联创申报) as a ``partybuild.workflow`` state machine.

draft/returned --submit--> submitted --pass--> reviewed --approve--> notice --award--> awarded --revoke--> revoked
                           submitted --send_back--> returned
                                                    reviewed --reject--> rejected
                                                                         notice --object--> objected
                                                                         objected --resume--> notice
                                                                         objected --refuse--> refused

Who: the community secretary submits; the street official above the community reviews; the
district decides, settles objections and revokes. Objections are lodged by any signed-in user and
the award is the beat task's: those two are system steps (no actor check, no actor recorded).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import rights
from partybuild.workflow import Transition, Workflow

from .models import StarApplication, StarStep, Status

COMMUNITY_ROLES = (Role.COMMUNITY_SECRETARY,)
STREET_ROLES = (Role.STREET_OFFICIAL,)
DISTRICT_ROLES = (Role.DISTRICT_ADMIN,)

NOT_COMMUNITY = _("Only the community's secretary may submit its star application.")
NOT_STREET = _("Only the street above the community may review its star application.")
NOT_DISTRICT = _("Only the district may decide on star applications.")


def may_submit(user, app: StarApplication) -> bool:
    return rights.holds_role_over(user, COMMUNITY_ROLES, app.community)


def may_review(user, app: StarApplication) -> bool:
    return rights.holds_role_over(user, STREET_ROLES, app.community)


def may_decide(user, app: StarApplication) -> bool:
    return rights.is_district_admin(user)


def _record(app: StarApplication, step: Transition, *, from_state: str, actor, comment: str, at) -> StarStep:
    return StarStep.objects.create(
        application=app, from_status=from_state, status=step.target, actor=actor, at=at, comment=comment
    )


APPLICATION_FLOW = Workflow(
    model=StarApplication,
    transitions=[
        Transition(
            "submit", (Status.DRAFT, Status.RETURNED), Status.SUBMITTED, may_submit,
            _("Only a draft or an application sent back can be submitted; this one is %(status)s."), NOT_COMMUNITY,
        ),
        Transition(
            "pass", (Status.SUBMITTED,), Status.REVIEWED, may_review,
            _("Only a submitted application can be reviewed; this one is %(status)s."), NOT_STREET,
        ),
        Transition(
            "send_back", (Status.SUBMITTED,), Status.RETURNED, may_review,
            _("Only a submitted application can be sent back; this one is %(status)s."), NOT_STREET,
        ),
        Transition(
            "approve", (Status.REVIEWED,), Status.NOTICE, may_decide,
            _("Only an application the street has passed can be approved; this one is %(status)s."), NOT_DISTRICT,
        ),
        Transition(
            "reject", (Status.REVIEWED,), Status.REJECTED, may_decide,
            _("Only an application the street has passed can be rejected; this one is %(status)s."), NOT_DISTRICT,
        ),
        Transition(
            "object", (Status.NOTICE, Status.OBJECTED), Status.OBJECTED, refusal=_(
                "Objections can be lodged only while the star is in public notice; this one is %(status)s."
            ),
        ),
        Transition(
            "resume", (Status.OBJECTED,), Status.NOTICE, may_decide,
            _("Only a paused notice can continue; this one is %(status)s."), NOT_DISTRICT,
        ),
        Transition(
            "refuse", (Status.OBJECTED,), Status.REFUSED, may_decide,
            _("Only a notice paused by an objection can be refused; this one is %(status)s."), NOT_DISTRICT,
        ),
        Transition(
            "award", (Status.NOTICE,), Status.AWARDED,
            refusal=_("Only a star in public notice can be awarded; this one is %(status)s."),
        ),
        Transition(
            "revoke", (Status.AWARDED,), Status.REVOKED, may_decide,
            _("Only an awarded star can be revoked; this one is %(status)s."), NOT_DISTRICT,
        ),
    ],
    record=_record,
)

# Steps a person takes from the application page (the others are system steps or have their own forms).
PAGE_STEPS = ("submit", "pass", "send_back", "approve", "reject", "revoke")
# Steps that need a reason the community will read.
REASON_STEPS = ("send_back", "reject", "revoke")
