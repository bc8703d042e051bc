"""Writes for grid reports: filing, the whistle-to-closure lifecycle, and the overdue sweep.

Each transition is one conditional UPDATE on (pk, status, version) plus one event row, so two
people acting on the same case at once cannot both succeed, and a stale page is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from grids.models import Grid, Household
from notifications.models import Kind
from notifications.services import Draft, notifications_create
from partybuild import scoping

from . import selectors
from .models import (
    Department,
    EventAction,
    GridReport,
    Outcome,
    ReportCategory,
    ReportEvent,
    ReportPhoto,
    Source,
    Status,
)
from .workcalendar import add_working_hours

REPORT_TYPE = GridReport._meta.label_lower
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 9
# Roles that route cases (吹哨): the street platform, and the district for escalated cases.
DISPATCH_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)
ESCALATE_ROLES = (Role.STREET_OFFICIAL, Role.COMMUNITY_SECRETARY)
# Roles that verify and close on the grid side.
GRID_ROLES = (Role.GRID_WORKER, Role.COMMUNITY_SECRETARY, Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    EventAction.DISPATCH: ((Status.REPORTED, Status.ESCALATED), Status.DISPATCHED),
    EventAction.ACCEPT: ((Status.DISPATCHED,), Status.ACCEPTED),
    EventAction.START: ((Status.ACCEPTED,), Status.IN_PROGRESS),
    EventAction.RESOLVE: ((Status.ACCEPTED, Status.IN_PROGRESS), Status.RESOLVED),
    EventAction.CLOSE: ((Status.RESOLVED,), Status.CLOSED),
    EventAction.RETURN: ((Status.RESOLVED,), Status.IN_PROGRESS),
    EventAction.ESCALATE: (
        (Status.REPORTED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED), Status.ESCALATED,
    ),
    EventAction.REOPEN: ((Status.CLOSED,), Status.DISPATCHED),
}
# Why a step is refused in the case's current status.
REFUSALS = {
    EventAction.DISPATCH: gettext_lazy("Only a reported or escalated case can be dispatched."),
    EventAction.ACCEPT: gettext_lazy("Only a dispatched case can be signed for."),
    EventAction.START: gettext_lazy("Work can only start on a case the department has signed for."),
    EventAction.RESOLVE: gettext_lazy("Only a case the department has signed for can be resolved."),
    EventAction.CLOSE: gettext_lazy("Only a resolved case can be closed."),
    EventAction.RETURN: gettext_lazy("Only a resolved case can be returned to the department."),
    EventAction.ESCALATE: gettext_lazy("Only an open case that is not already escalated can be escalated."),
    EventAction.REOPEN: gettext_lazy("Only a closed case can be reopened."),
}
# Statuses in which the clock runs against the case.
RUNNING_STATUSES = (Status.REPORTED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS, Status.ESCALATED)

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


# --- rights -----------------------------------------------------------------------------------

def _holds_role_over(user, report: GridReport, roles: Iterable[str]) -> bool:
    """Whether ``user`` holds one of ``roles`` on a node above (or at) the report's grid."""
    if scoping.is_unrestricted(user):
        return True
    path = report.grid.branch.path
    return any(g.role in roles and path.startswith(g.path) for g in scoping.grants(user))


def is_department_staff(user, department: Department | None) -> bool:
    if department is None:
        return False
    return scoping.is_unrestricted(user) or department.staff.filter(pk=user.pk).exists()


def allowed_actions(*, user, report: GridReport) -> list[str]:
    """The transitions ``user`` may perform on ``report`` now, for buttons and API hints."""
    actions = []
    for action, (sources, _target) in TRANSITIONS.items():
        if report.status in sources and _may(user, report, action):
            actions.append(str(action))
    return actions


def _may(user, report: GridReport, action: str) -> bool:
    if action == EventAction.DISPATCH:
        roles = (Role.DISTRICT_ADMIN,) if report.status == Status.ESCALATED else DISPATCH_ROLES
        return _holds_role_over(user, report, roles)
    if action in (EventAction.ACCEPT, EventAction.START, EventAction.RESOLVE):
        return is_department_staff(user, report.department)
    if action == EventAction.ESCALATE:
        return _holds_role_over(user, report, ESCALATE_ROLES)
    if action == EventAction.CLOSE:
        return _holds_role_over(user, report, GRID_ROLES) and report.dispatched_by_id != user.pk
    return _holds_role_over(user, report, GRID_ROLES)


def _require(user, report: GridReport, action: str) -> None:
    sources, _target = TRANSITIONS[action]
    if report.status not in sources:
        raise ValidationError(
            str(REFUSALS[action]) + " " + _("This case is now: %(status)s.") % {"status": report.get_status_display()}
        )
    if action == EventAction.CLOSE and report.dispatched_by_id == user.pk:
        raise PermissionDenied(_("You dispatched this case, so someone else must verify and close it."))
    if not _may(user, report, action):
        if action in (EventAction.ACCEPT, EventAction.START, EventAction.RESOLVE):
            raise PermissionDenied(_("Only staff of the department the case is routed to may do this."))
        raise PermissionDenied(_("You may not do this to a case outside your area or role."))


# --- filing ---------------------------------------------------------------------------------

def photo_check(upload: UploadedFile) -> str:
    """The content type of an acceptable photo, judged from its bytes, or ValidationError."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photos": _("“%(name)s” is larger than 5 MB.") % {"name": upload.name}}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    raise ValidationError({"photos": _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": upload.name}})


def _event(report: GridReport, *, action: str, actor, from_status: str, comment: str = "", at: datetime) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, from_status=from_status, to_status=report.status, actor=actor,
        department=report.department, comment=comment, created_at=at,
    )


@transaction.atomic
def report_file(
    *, user, grid: Grid, category: ReportCategory, description: str, location: str = "",
    household: Household | None = None, photos: Iterable[UploadedFile] = (), source: str = Source.GRID,
) -> GridReport:
    """File a report (吹哨) from ``grid``; routed at once when the category dispatches automatically."""
    if not scoping.can_act_on_org(user, scoping.EDIT, grid.branch):
        raise PermissionDenied(_("You may only report problems in grids of your area."))
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if household is not None and household.building.grid_id != grid.pk:
        raise ValidationError({"household": _("The household does not live in this grid.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS}})
    types = [photo_check(p) for p in photos]
    now = timezone.now()
    report = GridReport(
        number=uuid.uuid4().hex[:20], grid=grid, category=category, description=description.strip(),
        location=location.strip(), household=household, source=source, reported_by=user, reported_at=now,
        due_at=add_working_hours(now, category.time_limit_hours),
    )
    report.full_clean(exclude=["number"])
    report.save()
    report.number = f"WG{timezone.localdate(now):%Y%m%d}{report.pk:06d}"
    GridReport.objects.filter(pk=report.pk).update(number=report.number)
    for upload, content_type in zip(photos, types, strict=True):
        ReportPhoto.objects.create(report=report, image=upload, content_type=content_type, size=upload.size)
    _event(report, action=EventAction.FILE, actor=user, from_status="", at=now)
    if category.auto_dispatch and category.default_department_id:
        report = _dispatch(report, department=category.default_department, actor=None, comment="", version=None)
    return report


# --- lifecycle ------------------------------------------------------------------------------

def _apply(report: GridReport, *, action: str, actor, comment: str, version: int | None, **changes) -> GridReport:
    """Move ``report`` along ``action`` if nobody moved it first; record the event."""
    _sources, target = TRANSITIONS[action]
    expected = report.version if version is None else version
    from_status = report.status
    updated = GridReport.objects.filter(pk=report.pk, status=from_status, version=expected).update(
        status=target, version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise ValidationError(_("Someone else acted on this case while you were looking at it. Reload and try again."))
    for name, value in changes.items():
        setattr(report, name, value)
    report.status, report.version = target, expected + 1
    _event(report, action=action, actor=actor, from_status=from_status, comment=comment, at=timezone.now())
    return report


def _check_department(report: GridReport, department: Department) -> None:
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    # A district department serves every street; a street station only its own street.
    if not report.grid.branch.path.startswith(department.organization.path):
        raise ValidationError({"department": _("This station does not serve the case's street.")})


def _dispatch(report, *, department: Department, actor, comment: str, version: int | None) -> GridReport:
    _check_department(report, department)
    now = timezone.now()
    return _apply(
        report, action=EventAction.DISPATCH, actor=actor, comment=comment, version=version,
        department=department, dispatched_by=actor, dispatched_at=now,
        accept_due_at=add_working_hours(now, report.category.accept_limit_hours),
    )


@transaction.atomic
def report_dispatch(
    *, user, report: GridReport, department: Department | None = None, comment: str = "", version: int | None = None,
) -> GridReport:
    """The street (or the district, for escalated cases) routes the case to a department."""
    _require(user, report, EventAction.DISPATCH)
    department = department or report.category.default_department
    if department is None:
        raise ValidationError({"department": _("Choose the department to dispatch the case to.")})
    return _dispatch(report, department=department, actor=user, comment=comment, version=version)


@transaction.atomic
def report_accept(*, user, report: GridReport, comment: str = "", version: int | None = None) -> GridReport:
    """The department signs for the case (报到)."""
    _require(user, report, EventAction.ACCEPT)
    now = timezone.now()
    return _apply(report, action=EventAction.ACCEPT, actor=user, comment=comment, version=version, accepted_at=now,
                  contact_due_at=add_working_hours(now, report.category.contact_limit_hours))


@transaction.atomic
def report_start(*, user, report: GridReport, comment: str = "", version: int | None = None) -> GridReport:
    _require(user, report, EventAction.START)
    return _apply(report, action=EventAction.START, actor=user, comment=comment, version=version)


@transaction.atomic
def report_resolve(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The department reports the case handled; the grid still has to verify it."""
    _require(user, report, EventAction.RESOLVE)
    if not comment.strip():
        raise ValidationError({"comment": _("Say how the problem was handled.")})
    return _apply(report, action=EventAction.RESOLVE, actor=user, comment=comment, version=version,
                  resolved_at=timezone.now(), is_overdue=False)


@transaction.atomic
def report_close(
    *, user, report: GridReport, outcome: str = Outcome.FIXED, satisfaction: int | None = None, comment: str = "",
    version: int | None = None,
) -> GridReport:
    """The grid or community verifies the result with the resident and closes the case."""
    _require(user, report, EventAction.CLOSE)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose how the case ended.")})
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is rated from 1 to 5.")})
    # A fixed problem is verified with the resident who lives with it; other outcomes have no one to ask.
    if outcome == Outcome.FIXED and satisfaction is None:
        raise ValidationError({"satisfaction": _("Ask the resident and record their satisfaction.")})
    return _apply(report, action=EventAction.CLOSE, actor=user, comment=comment, version=version,
                  closed_at=timezone.now(), outcome=outcome, satisfaction=satisfaction, is_overdue=False)


def _reason(comment: str, message: str) -> str:
    if not comment.strip():
        raise ValidationError({"comment": message})
    return comment.strip()


@transaction.atomic
def report_return(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The grid finds the problem not solved and sends the case back to the department."""
    _require(user, report, EventAction.RETURN)
    comment = _reason(comment, _("Say why the case goes back to the department."))
    return _apply(report, action=EventAction.RETURN, actor=user, comment=comment, version=version, resolved_at=None)


@transaction.atomic
def report_escalate(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The street hands a case it cannot settle to the district (escalated cases are dispatched by the district)."""
    _require(user, report, EventAction.ESCALATE)
    comment = _reason(comment, _("Say why the case needs the district."))
    return _apply(report, action=EventAction.ESCALATE, actor=user, comment=comment, version=version)


@transaction.atomic
def report_reopen(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The grid reopens a closed case: back to the same department, with a fresh time limit."""
    _require(user, report, EventAction.REOPEN)
    comment = _reason(comment, _("Say why the case is reopened."))
    now = timezone.now()
    return _apply(
        report, action=EventAction.REOPEN, actor=user, comment=comment, version=version,
        closed_at=None, resolved_at=None, accepted_at=None, contact_due_at=None, outcome="", satisfaction=None,
        dispatched_at=now,
        accept_due_at=add_working_hours(now, report.category.accept_limit_hours),
        due_at=add_working_hours(now, report.category.time_limit_hours),
    )


ACTION_SERVICES = {
    EventAction.DISPATCH: report_dispatch,
    EventAction.ACCEPT: report_accept,
    EventAction.START: report_start,
    EventAction.RESOLVE: report_resolve,
    EventAction.CLOSE: report_close,
    EventAction.RETURN: report_return,
    EventAction.ESCALATE: report_escalate,
    EventAction.REOPEN: report_reopen,
}


# --- overdue --------------------------------------------------------------------------------

def overdue_q(now: datetime) -> Q:
    """Cases whose clock ran out: not resolved by ``due_at``, not signed for by ``accept_due_at``, or
    signed for but the reporter not contacted (work not started) by ``contact_due_at``."""
    return Q(status__in=RUNNING_STATUSES) & (
        Q(due_at__lt=now)
        | Q(status=Status.DISPATCHED, accept_due_at__lt=now)
        | Q(status=Status.ACCEPTED, contact_due_at__lt=now)
    )


@transaction.atomic
def reports_flag_overdue(*, now: datetime | None = None) -> int:
    """Flag every case past its limit, once, and tell the people who must act; running it again
    flags and notifies nothing new. A constant number of queries, however many cases run late."""
    now = now or timezone.now()
    pending = GridReport.objects.filter(overdue_q(now), is_overdue=False)
    ids = list(pending.select_for_update(skip_locked=True).values_list("pk", flat=True))
    if not ids:
        return 0
    # The is_overdue=False guard makes a concurrent second run flag (and log) nothing twice.
    rows = list(GridReport.objects.filter(pk__in=ids, is_overdue=False).values(*OVERDUE_FIELDS))
    flagged = GridReport.objects.filter(pk__in=[r["pk"] for r in rows], is_overdue=False).update(is_overdue=True)
    ReportEvent.objects.bulk_create(
        ReportEvent(report_id=r["pk"], action=EventAction.OVERDUE, from_status=r["status"], to_status=r["status"],
                    department_id=r["department_id"], created_at=now)
        for r in rows
    )
    reports_notify_overdue(rows=rows)
    return flagged


# What the sweep reads of each newly overdue case: enough to log it and to tell people about it.
OVERDUE_FIELDS = (
    "pk", "status", "department_id", "version", "number", "grid__branch__path", "grid__name", "category__name",
)


def reports_notify_overdue(*, rows: list[dict]) -> int:
    """One notification per overdue case (``rows`` of ``OVERDUE_FIELDS``) and person to tell: the
    department's staff and the street above; two queries and one INSERT for any number of cases."""
    watchers = selectors.report_watchers(
        cases=((r["pk"], r["grid__branch__path"], r["department_id"]) for r in rows)
    )
    drafts = []
    # Recipients read them whatever language the sweep runs in: the portal's own.
    with translation.override(settings.LANGUAGE_CODE):
        for r in rows:
            title = _("Case %(number)s is overdue") % {"number": r["number"]}
            body = _("%(category)s · %(grid)s · status: %(status)s") % {
                "category": r["category__name"], "grid": r["grid__name"], "status": Status(r["status"]).label,
            }
            url = reverse("reports:detail", args=[r["pk"]])
            # One notice per case and stage: a case that is returned and runs late again is a new version.
            key = f"report-overdue:{r['pk']}:{r['version']}"
            drafts.extend(
                Draft(recipient_id=user_id, email=email, kind=Kind.REPORT_OVERDUE, title=title, body=body, url=url,
                      target_type=REPORT_TYPE, target_id=r["pk"], dedupe_key=key)
                for user_id, email in watchers.get(r["pk"], {}).items()
            )
    return len(notifications_create(drafts=drafts))
