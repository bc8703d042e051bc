"""Writes of the imports app: accept an upload as an ImportJob, run it (in the request for small
files, in a Celery worker for large ones) and record the outcome and the rejected rows.

The import itself is all-or-nothing and acts with the rights of the job's creator; see
``org_import`` and ``member_import`` for the rules.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild import scoping

from . import member_import, org_import, parsing
from .models import ImportJob, ImportKind, JobStatus
from .report import ImportReport, Progress, no_progress

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportKind.ORGANIZATIONS: org_import.organizations_import,
    ImportKind.MEMBERS: member_import.members_import,
}
# Organisations change the tree (MANAGE); members are records inside it (EDIT).
REQUIRED_ACTION = {ImportKind.ORGANIZATIONS: scoping.MANAGE, ImportKind.MEMBERS: scoping.EDIT}
CONTENT_TYPES = {
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream",
              "application/zip", "application/x-zip-compressed"},
    # Windows reports CSV as an Excel type; some browsers send no useful type at all.
    ".csv": {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream",
             "text/comma-separated-values", "text/x-csv"},
}
ERRORS_KEPT = 500  # rows shown on the status page; the workbook holds them all


def can_import(user, kind: str | None = None) -> bool:
    """Whether ``user`` may import ``kind`` (any kind when None) somewhere in their area."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scoping.is_unrestricted(user):
        return True
    action = REQUIRED_ACTION[kind] if kind else scoping.EDIT
    return bool(scoping.scope_paths(user, action))


def importable_kinds(user) -> list[str]:
    return [k for k in ImportKind.values if can_import(user, k)]


def upload_validate(upload) -> None:
    """Refuse wrong types and oversize files before anything reads them."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in CONTENT_TYPES:
        raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."), code="extension")
    content_type = (getattr(upload, "content_type", None) or "application/octet-stream").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES[ext]:
        raise ValidationError(_("The file's type (%(type)s) does not match an %(ext)s file.")
                              % {"type": content_type, "ext": ext}, code="content_type")
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB. Split it into smaller files.")
                              % {"mb": round(settings.IMPORT_MAX_UPLOAD_BYTES / 1024 / 1024, 1)}, code="size")
    if ext == ".xlsx":
        upload.seek(0)
        magic = upload.read(4)
        upload.seek(0)
        if magic != b"PK\x03\x04":
            raise ValidationError(_("The file is not a real Excel workbook (.xlsx). Save it again from Excel."),
                                  code="not_xlsx")


def run_import(*, kind: str, user, table: parsing.Table, dry_run: bool = False,
               progress: Progress = no_progress) -> ImportReport:
    """The one entry point every path shares: web upload, job, command and admin."""
    if not can_import(user, kind):
        raise PermissionDenied(_("You may not import into any organisation."))
    return IMPORTERS[kind](user=user, table=table, dry_run=dry_run, progress=progress)


def import_job_create(*, user, kind: str, upload, dry_run: bool = False) -> ImportJob:
    """Accept an upload. Small files are imported at once; larger ones go to a worker once
    this transaction commits (so the worker finds the job row)."""

    if kind not in IMPORTERS:
        raise ValidationError(_("Choose what to import."))
    if not can_import(user, kind):
        raise PermissionDenied(_("You may not import into any organisation."))
    upload_validate(upload)
    table = parsing.read_table(kind, upload, upload.name)
    if not table.rows:
        raise ValidationError(_("The file has column titles but no rows."))
    job = ImportJob.objects.create(
        kind=kind, file=upload, original_name=os.path.basename(upload.name)[:200], dry_run=dry_run,
        created_by=user, total_rows=len(table.rows),
    )
    if job.total_rows > settings.IMPORT_SYNC_ROW_LIMIT:
        transaction.on_commit(partial(import_job_enqueue, job_id=job.pk))
    else:
        import_job_run(job_id=job.pk, table=table)
        job.refresh_from_db()
    return job


def import_job_enqueue(*, job_id: int) -> bool:
    """Hand a queued job to the workers. With the broker down the job simply stays ``queued``
    (nothing is lost) and ``import_jobs_requeue_stalled`` sends it again later; the page that
    accepted the upload must not fail because of it."""
    from . import tasks

    try:
        # The job row carries the outcome; not waiting on a result keeps the result backend out of it.
        tasks.run_import_job.apply_async(kwargs={"job_id": job_id}, retry=False, ignore_result=True)
    except Exception:  # kombu/redis connection errors have no common base worth naming
        logger.warning("broker unavailable: import job %s stays queued until it is requeued", job_id, exc_info=True)
        return False
    return True


def background_available() -> bool:
    """Whether the task broker answers now (always true when tasks run in-process)."""
    from partybuild.celery import app

    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0, timeout=1)
    except Exception:
        return False
    return True


def import_jobs_requeue_stalled(*, queued_minutes: int = 5, running_minutes: int | None = None) -> int:
    """Send again the jobs no worker took: queued for more than ``queued_minutes``, or "running"
    for longer than the task time limit (their worker died; the import had written nothing, as
    it writes in one transaction at the end). The claim in ``import_job_run`` makes a message
    that arrives twice harmless."""
    now = timezone.now()
    limit = running_minutes if running_minutes is not None else settings.CELERY_TASK_TIME_LIMIT // 60 + 5
    ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - timedelta(minutes=limit)).update(
        status=JobStatus.QUEUED, started_at=None, processed_rows=0
    )
    stalled = list(ImportJob.objects.filter(
        status=JobStatus.QUEUED, created_at__lte=now - timedelta(minutes=queued_minutes)
    ).values_list("pk", flat=True))
    return sum(import_job_enqueue(job_id=pk) for pk in stalled)


def _progress(job_id: int) -> Progress:
    def report(n: int) -> None:
        # Conditional: a finished job never goes back to "running" figures.
        ImportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(processed_rows=n)

    return report


def _finish(job: ImportJob, *, status: str, summary: str, **fields) -> None:
    for name, value in {"status": status, "error_summary": summary, "finished_at": timezone.now(), **fields}.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "error_summary", "finished_at", *fields])


def import_job_run(*, job_id: int, table: parsing.Table | None = None) -> ImportJob | None:
    """Run a queued job once: claiming it with a conditional update makes a second delivery a no-op."""
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        if table is None:
            with job.file.open("rb") as fh:
                table = parsing.read_table(job.kind, fh, job.original_name)
        report = run_import(kind=job.kind, user=job.created_by, table=table, dry_run=job.dry_run,
                            progress=_progress(job_id))
    except (ValidationError, PermissionDenied) as exc:
        message = " ".join(getattr(exc, "messages", None) or [str(exc)])
        _finish(job, status=JobStatus.FAILED, summary=message)
        return job
    except Exception:
        logger.exception("import job %s crashed", job_id)
        _finish(job, status=JobStatus.FAILED, summary=_("The import stopped on an unexpected error; nothing was "
                                                        "imported. The administrators have been notified."))
        return job
    fields = {"processed_rows": report.total, "total_rows": report.total, "created_count": len(report.created),
              "rejected_count": len(report.errors), "errors": report.error_list()[:ERRORS_KEPT]}
    if report.errors:
        stem = os.path.splitext(job.original_name)[0]
        job.rejected_file.save(f"{stem}-rejected.xlsx", ContentFile(report.rejected_workbook()), save=False)
        fields["rejected_file"] = job.rejected_file
    _finish(job, status=JobStatus.FAILED if report.errors else JobStatus.DONE, summary=report.summary(), **fields)
    return job
