"""The 星级争创 grade as a ``partybuild.workflow`` state machine, and whose hand each step is.

self-assessed → rated (by the level above the subject) → reviewed (by the level above that);
the reviewer may send a rating back (rated → self-assessed) with a reason. For an organisation's
grade the subject is the organisation; for a member's grade it is the member, whose level above
is the branch. A role higher up the tree holds every hand below it (a district admin may do all).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from organizations.selectors import organization_parent
from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import GradeStatus, StarGrade

NOT_SELF = _("Only the organisation itself or the levels above it record its self-assessment.")
NOT_RATER = _("Only the level above the graded organisation or member may rate it.")
NOT_REVIEWER = _("Only the level above the rating organisation may review the grade.")


def rater_of(grade: StarGrade) -> Organization | None:
    """The organisation that rates: the member's branch, or the graded organisation's parent."""
    return grade.organization if grade.member_id else organization_parent(org=grade.organization)


def reviewer_of(grade: StarGrade) -> Organization | None:
    rater = rater_of(grade)
    return organization_parent(org=rater) if rater is not None else None


def may_self_assess(user, grade: StarGrade) -> bool:
    return rights.may(user, EDIT, grade.organization)


def may_rate(user, grade: StarGrade) -> bool:
    rater = rater_of(grade)
    return rater is not None and rights.may(user, EDIT, rater)


def may_review(user, grade: StarGrade) -> bool:
    reviewer = reviewer_of(grade)
    return reviewer is not None and rights.may(user, EDIT, reviewer)


GRADE_FLOW = Workflow(
    model=StarGrade,
    transitions=[
        Transition(
            "rate", (GradeStatus.SELF_ASSESSED,), GradeStatus.RATED, may_rate,
            _("Only a self-assessed grade can be rated; this one is %(status)s."), NOT_RATER,
        ),
        Transition(
            "review", (GradeStatus.RATED,), GradeStatus.REVIEWED, may_review,
            _("Only a rated grade can be reviewed; this one is %(status)s."), NOT_REVIEWER,
        ),
        Transition(
            "send_back", (GradeStatus.RATED,), GradeStatus.SELF_ASSESSED, may_review,
            _("Only a rated grade can be sent back; this one is %(status)s."), NOT_REVIEWER,
        ),
    ],
)
