"""Writes for grid reports: filing, the whistle-to-closure lifecycle, and the overdue sweep.

The lifecycle is ``reports.flow.REPORT_FLOW``: each step is one conditional UPDATE on (pk, status,
version), audited, plus one ``ReportEvent``, so two people acting on the same case at once cannot
both succeed, and a stale page is refused. The services add what each step needs on top.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grids.models import Grid, Household
from notifications.models import Kind
from notifications.services import Draft, notifications_create
from organizations.paths import is_within
from partybuild import files, rights
from partybuild.locking import audited_update
from partybuild.scoping import EDIT
from summaries.services import summaries_touch

from . import selectors
from .flow import REPORT_FLOW, RUNNING_STATUSES
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


def allowed_actions(*, user, report: GridReport) -> list[str]:
    """The transitions ``user`` may perform on ``report`` now, for buttons and API hints."""
    return REPORT_FLOW.allowed(user, report)


# --- filing ---------------------------------------------------------------------------------

@transaction.atomic
def report_file(
    *, user, grid: Grid, category: ReportCategory, description: str, location: str = "",
    household: Household | None = None, photos: Iterable[UploadedFile] = (), source: str = Source.GRID,
) -> GridReport:
    """File a report (吹哨) from ``grid``; routed at once when the category dispatches automatically."""
    rights.require(user, EDIT, grid.branch, _("You may only report problems in grids of your area."))
    if not category.is_active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if household is not None and household.building.grid_id != grid.pk:
        raise ValidationError({"household": _("The household does not live in this grid.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS}})
    # Type by content, size before reading (partybuild.files); stored under a generated name.
    kinds = [files.check_upload(p, kinds=files.IMAGES, max_bytes=MAX_PHOTO_BYTES, field="photos") for p in photos]
    now = timezone.now()
    report = GridReport(
        number=uuid.uuid4().hex[:20], grid=grid, category=category, description=description.strip(),
        location=location.strip(), household=household, source=source, reported_by=user, reported_at=now,
        due_at=add_working_hours(now, category.time_limit_hours),
    )
    report.full_clean(exclude=["number"])
    report.save()
    summaries_touch(grids=[grid])
    _number(report, now=now)
    for upload, kind in zip(photos, kinds, strict=True):
        ReportPhoto.objects.create(report=report, image=files.rename_for_storage(upload, kind),
                                   content_type=kind.content_type, size=upload.size)
    ReportEvent.objects.create(
        report=report, action=EventAction.FILE, from_status="", to_status=report.status, actor=user, created_at=now,
    )
    if category.auto_dispatch and category.default_department_id:
        report = _dispatch(report, department=category.default_department, actor=None, comment="", version=None)
    return report


def _number(report: GridReport, *, now: datetime) -> None:
    """The case number (WG + filing date + pk), known only once the row has its pk.

    The number is derived from the pk and the filing date and never edited, so it is left out of
    the change history (``reports.apps``) and written by the one audited-update helper; the
    creation entry, written before the number existed, is renamed after it.
    """
    report.number = f"WG{timezone.localdate(now):%Y%m%d}{report.pk:06d}"
    audited_update(GridReport.objects.filter(pk=report.pk), number=report.number)
    LogEntry.objects.get_for_object(report).update(object_repr=str(report)[:200])


# --- lifecycle ------------------------------------------------------------------------------

def _step(report: GridReport, name: str, *, actor, comment: str, version: int | None, **changes) -> GridReport:
    """Move ``report`` along ``name`` (the actor was checked already) if nobody moved it first."""
    summaries_touch(grids=[report.grid_id])
    return REPORT_FLOW.advance(report, name, actor=actor, comment=comment, version=version, check_actor=False,
                               **changes)


def _check_department(report: GridReport, department: Department) -> None:
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    # A district department serves every street; a street station only its own street.
    if not is_within(report.grid.branch.path, department.organization.path):
        raise ValidationError({"department": _("This station does not serve the case's street.")})


def _dispatch(report, *, department: Department, actor, comment: str, version: int | None) -> GridReport:
    _check_department(report, department)
    now = timezone.now()
    return _step(
        report, EventAction.DISPATCH, actor=actor, comment=comment, version=version,
        department=department, dispatched_by=actor, dispatched_at=now,
        accept_due_at=add_working_hours(now, report.category.accept_limit_hours),
    )


@transaction.atomic
def report_dispatch(
    *, user, report: GridReport, department: Department | None = None, comment: str = "", version: int | None = None,
) -> GridReport:
    """The street (or the district, for escalated cases) routes the case to a department."""
    REPORT_FLOW.check(user, report, EventAction.DISPATCH)
    department = department or report.category.default_department
    if department is None:
        raise ValidationError({"department": _("Choose the department to dispatch the case to.")})
    return _dispatch(report, department=department, actor=user, comment=comment, version=version)


@transaction.atomic
def report_accept(*, user, report: GridReport, comment: str = "", version: int | None = None) -> GridReport:
    """The department signs for the case (报到)."""
    REPORT_FLOW.check(user, report, EventAction.ACCEPT)
    now = timezone.now()
    return _step(report, EventAction.ACCEPT, actor=user, comment=comment, version=version, accepted_at=now,
                 contact_due_at=add_working_hours(now, report.category.contact_limit_hours))


@transaction.atomic
def report_start(*, user, report: GridReport, comment: str = "", version: int | None = None) -> GridReport:
    REPORT_FLOW.check(user, report, EventAction.START)
    return _step(report, EventAction.START, actor=user, comment=comment, version=version)


@transaction.atomic
def report_resolve(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The department reports the case handled; the grid still has to verify it."""
    REPORT_FLOW.check(user, report, EventAction.RESOLVE)
    if not comment.strip():
        raise ValidationError({"comment": _("Say how the problem was handled.")})
    return _step(report, EventAction.RESOLVE, actor=user, comment=comment, version=version,
                 resolved_at=timezone.now(), is_overdue=False)


@transaction.atomic
def report_close(
    *, user, report: GridReport, outcome: str = Outcome.FIXED, satisfaction: int | None = None, comment: str = "",
    version: int | None = None,
) -> GridReport:
    """The grid or community verifies the result with the resident and closes the case."""
    REPORT_FLOW.check(user, report, EventAction.CLOSE)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose how the case ended.")})
    if satisfaction is not None and not 1 <= int(satisfaction) <= 5:
        raise ValidationError({"satisfaction": _("Satisfaction is rated from 1 to 5.")})
    # A fixed problem is verified with the resident who lives with it; other outcomes have no one to ask.
    if outcome == Outcome.FIXED and satisfaction is None:
        raise ValidationError({"satisfaction": _("Ask the resident and record their satisfaction.")})
    return _step(report, EventAction.CLOSE, actor=user, comment=comment, version=version,
                 closed_at=timezone.now(), outcome=outcome, satisfaction=satisfaction, is_overdue=False)


def _reason(comment: str, message: str) -> str:
    if not comment.strip():
        raise ValidationError({"comment": message})
    return comment.strip()


@transaction.atomic
def report_return(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The grid finds the problem not solved and sends the case back to the department."""
    REPORT_FLOW.check(user, report, EventAction.RETURN)
    comment = _reason(comment, _("Say why the case goes back to the department."))
    return _step(report, EventAction.RETURN, actor=user, comment=comment, version=version, resolved_at=None)


@transaction.atomic
def report_escalate(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The street hands a case it cannot settle to the district (escalated cases are dispatched by the district)."""
    REPORT_FLOW.check(user, report, EventAction.ESCALATE)
    comment = _reason(comment, _("Say why the case needs the district."))
    return _step(report, EventAction.ESCALATE, actor=user, comment=comment, version=version)


@transaction.atomic
def report_reopen(*, user, report: GridReport, comment: str, version: int | None = None) -> GridReport:
    """The grid reopens a closed case: back to the same department, with a fresh time limit."""
    REPORT_FLOW.check(user, report, EventAction.REOPEN)
    comment = _reason(comment, _("Say why the case is reopened."))
    now = timezone.now()
    return _step(
        report, EventAction.REOPEN, actor=user, comment=comment, version=version,
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
    # Audited, but the version is left alone: a flag raised by the clock must not make an open page stale.
    flagged = audited_update(
        GridReport.objects.filter(pk__in=[r["pk"] for r in rows], is_overdue=False), actor=None, is_overdue=True
    )
    ReportEvent.objects.bulk_create(
        ReportEvent(report_id=r["pk"], action=EventAction.OVERDUE, from_status=r["status"], to_status=r["status"],
                    department_id=r["department_id"], created_at=now)
        for r in rows
    )
    summaries_touch(grids={r["grid_id"] for r in rows})
    reports_notify_overdue(rows=rows)
    return flagged


# What the sweep reads of each newly overdue case: enough to log it and to tell people about it.
OVERDUE_FIELDS = (
    "pk", "status", "department_id", "version", "number", "grid__branch__path", "grid__name", "category__name",
    "grid_id",
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
