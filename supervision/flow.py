"""The rectification (软弱涣散整顿) as a ``partybuild.workflow`` state machine: open → closed by
the district's passed review (考核销号), one guarded UPDATE so two reviewers close it once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partybuild import rights
from partybuild.workflow import Transition, Workflow

from .models import Rectification, RectificationStatus


def may_review(user, rect: Rectification) -> bool:
    return rights.is_district_admin(user)


RECTIFICATION_FLOW = Workflow(
    model=Rectification,
    transitions=[
        Transition(
            "close", (RectificationStatus.OPEN,), RectificationStatus.CLOSED, may_review,
            _("Only an open rectification can be closed; this one is %(status)s."),
            _("Only the district may do this."),
        ),
    ],
)
