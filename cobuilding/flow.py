"""Project claims and report reviews as ``partybuild.workflow`` state machines.

Project (项目清单): open → claimed (a resident unit of the street states its commitment) → completed
(confirmed by the community, or the street for its own projects); an open project may be closed.
Report: filed → accepted or returned; a returned report is filed again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import rights
from partybuild.scoping import EDIT
from partybuild.workflow import Transition, Workflow

from .models import ItemStatus, ListItem, ReportStatus, ResponsibilityReport

CONFIRM_ROLES = (Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)
REVIEW_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)
REFUSED = _("You may not change co-building records outside your area.")


def may_edit(user, item: ListItem) -> bool:
    return rights.may(user, EDIT, item.organization)


def may_confirm(user, item: ListItem) -> bool:
    return rights.holds_role_over(user, CONFIRM_ROLES, item.organization) and may_edit(user, item)


def may_review(user, report: ResponsibilityReport) -> bool:
    return rights.holds_role_over(user, REVIEW_ROLES, report.unit.street)


ITEM_FLOW = Workflow(
    model=ListItem,
    transitions=[
        Transition("claim", (ItemStatus.OPEN,), ItemStatus.CLAIMED, may_edit,
                   _("Only an open project can be claimed; this one is %(status)s."), REFUSED),
        Transition("confirm", (ItemStatus.CLAIMED,), ItemStatus.COMPLETED, may_confirm,
                   _("Only a claimed project can be confirmed complete; this one is %(status)s."),
                   _("Only the community or the street confirms a project complete.")),
        Transition("close", (ItemStatus.OPEN,), ItemStatus.CLOSED, may_edit,
                   _("Only an open entry can be closed; this one is %(status)s."), REFUSED),
    ],
)

REPORT_FLOW = Workflow(
    model=ResponsibilityReport,
    transitions=[
        Transition("accept", (ReportStatus.FILED,), ReportStatus.ACCEPTED, may_review,
                   _("Only a filed report can be reviewed; this one is %(status)s."),
                   _("Only the street reviews resident units' reports.")),
        Transition("return", (ReportStatus.FILED,), ReportStatus.RETURNED, may_review,
                   _("Only a filed report can be reviewed; this one is %(status)s."),
                   _("Only the street reviews resident units' reports.")),
        Transition("refile", (ReportStatus.RETURNED,), ReportStatus.FILED,
                   lambda user, report: rights.may(user, EDIT, report.unit.street),
                   _("Only a returned report can be filed again; this one is %(status)s."), REFUSED),
    ],
)
