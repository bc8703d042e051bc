"""The grid report's lifecycle (吹哨 → 派单 → 报到 → 办结 → 核实关闭) as one ``partybuild.workflow``.

Who may take each step is decided on the report's own node (``rights.holds_role_over``): the
street routes cases, the department they are routed to handles them, the grid verifies and
closes them, and whoever dispatched a case may not also close it (a second pair of eyes). Every
step is one guarded UPDATE (state and version), one change-history entry and one ``ReportEvent``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import scoping
from partybuild.rights import holds_role_over
from partybuild.workflow import Transition, Workflow

from .models import Department, EventAction, GridReport, ReportEvent, Status

# Roles that route cases (吹哨): the street platform, and the district for escalated cases.
DISPATCH_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)
ESCALATE_ROLES = (Role.STREET_OFFICIAL, Role.COMMUNITY_SECRETARY)
# Roles that verify and close on the grid side.
GRID_ROLES = (Role.GRID_WORKER, Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)
# Statuses in which the clock runs against the case.
RUNNING_STATUSES = (Status.REPORTED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ESCALATED)

OUTSIDE = _("You may not do this to a case outside your area or role.")
NOT_STAFF = _("Only staff of the department the case is routed to may do this.")
STALE = _("Someone else acted on this case while you were looking at it. Reload and try again.")


def is_department_staff(user, department: Department | None) -> bool:
    if department is None:
        return False
    return scoping.is_unrestricted(user) or department.staff.filter(pk=user.pk).exists()


def _may_dispatch(user, report: GridReport) -> bool:
    # An escalated case has left the street: only the district routes it.
    roles = (Role.DISTRICT_ADMIN,) if report.status == Status.ESCALATED else DISPATCH_ROLES
    return holds_role_over(user, roles, report)


def _may_handle(user, report: GridReport) -> bool:
    return is_department_staff(user, report.department)


def _may_escalate(user, report: GridReport) -> bool:
    return holds_role_over(user, ESCALATE_ROLES, report)


def _may_verify(user, report: GridReport) -> bool:
    return holds_role_over(user, GRID_ROLES, report)


def _may_close(user, report: GridReport) -> bool:
    if report.dispatched_by_id is not None and report.dispatched_by_id == user.pk:
        raise PermissionDenied(_("You dispatched this case, so someone else must verify and close it."))
    return _may_verify(user, report)


def _refusal(reason):
    """The step's own reason followed by the case's current status, each translated on its own."""
    return format_lazy("{} {}", reason, _("This case is now: %(status)s."))


def _record(report: GridReport, step: Transition, *, from_state: str, actor, comment: str, at) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=step.name, from_status=from_state, to_status=report.status, actor=actor,
        department_id=report.department_id, comment=comment, created_at=at,
    )


OPEN = (Status.REPORTED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED)

REPORT_FLOW = Workflow(
    model=GridReport,
    transitions=[
        Transition(
            EventAction.DISPATCH.value, (Status.REPORTED, Status.ESCALATED), Status.DISPATCHED, _may_dispatch,
            _refusal(_("Only a reported or escalated case can be dispatched.")), OUTSIDE,
        ),
        Transition(
            EventAction.ACCEPT.value, (Status.DISPATCHED,), Status.ACCEPTED, _may_handle,
            _refusal(_("Only a dispatched case can be signed for.")), NOT_STAFF,
        ),
        Transition(
            EventAction.START.value, (Status.ACCEPTED,), Status.IN_PROGRESS, _may_handle,
            _refusal(_("Work can only start on a case the department has signed for.")), NOT_STAFF,
        ),
        Transition(
            EventAction.RESOLVE.value, (Status.ACCEPTED, Status.IN_PROGRESS), Status.RESOLVED, _may_handle,
            _refusal(_("Only a case the department has signed for can be resolved.")), NOT_STAFF,
        ),
        Transition(
            EventAction.CLOSE.value, (Status.RESOLVED,), Status.CLOSED, _may_close,
            _refusal(_("Only a resolved case can be closed.")), OUTSIDE,
        ),
        Transition(
            EventAction.RETURN.value, (Status.RESOLVED,), Status.IN_PROGRESS, _may_verify,
            _refusal(_("Only a resolved case can be returned to the department.")), OUTSIDE,
        ),
        Transition(
            EventAction.ESCALATE.value, OPEN, Status.ESCALATED, _may_escalate,
            _refusal(_("Only an open case that is not already escalated can be escalated.")), OUTSIDE,
        ),
        Transition(
            EventAction.REOPEN.value, (Status.CLOSED,), Status.DISPATCHED, _may_verify,
            _refusal(_("Only a closed case can be reopened.")), OUTSIDE,
        ),
    ],
    record=_record,
    stale=STALE,
)
