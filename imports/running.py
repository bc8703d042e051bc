"""Running an import: the work a Celery worker does for a large file, and the request for a
small one. It knows nothing of the task queue, so ``tasks`` can call it and ``services``
(which enqueue tasks) can call both without an import cycle.

The import itself is all-or-nothing and acts with the rights of the job's creator; see
``org_import`` and ``member_import`` for the rules.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from . import member_import, org_import, parsing, policy, registry
from .models import ImportJob, ImportKind, JobStatus
from .report import ImportReport, Progress, no_progress

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportKind.ORGANIZATIONS: org_import.organizations_import,
    ImportKind.MEMBERS: member_import.members_import,
}
ERRORS_KEPT = 500  # rows shown on the status page; the workbook holds them all


def run_import(*, kind: str, user, table: parsing.Table, dry_run: bool = False,
               progress: Progress = no_progress) -> ImportReport:
    """The one entry point every path shares: web upload, job and command."""
    other = registry.registered(kind)
    if kind not in IMPORTERS and other is None:
        raise ValidationError(_("Choose what to import."))
    if not policy.can_import(user, kind):
        raise PermissionDenied(policy.refusal(user, kind))
    importer = other.run if other is not None else IMPORTERS[kind]
    return importer(user=user, table=table, dry_run=dry_run, progress=progress)


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
                # The stored name's extension is that of the checked content, not the user's.
                table = parsing.read_table(job.kind, fh, job.file.name)
            # The upload counted rows without reading them; now the real number is known.
            ImportJob.objects.filter(pk=job_id).update(total_rows=len(table.rows))
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


def import_jobs_stalled(*, queued_minutes: int = 5, running_minutes: int | None = None) -> list[int]:
    """The jobs no worker is doing: queued for more than ``queued_minutes``, or "running" for
    longer than the task time limit (their worker died; the import had written nothing, as it
    writes in one transaction at the end), which go back to queued. The claim in
    ``import_job_run`` makes a job sent twice harmless."""
    now = timezone.now()
    limit = running_minutes if running_minutes is not None else settings.CELERY_TASK_TIME_LIMIT // 60 + 5
    ImportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - timedelta(minutes=limit)).update(
        status=JobStatus.QUEUED, started_at=None, processed_rows=0
    )
    return list(ImportJob.objects.filter(
        status=JobStatus.QUEUED, created_at__lte=now - timedelta(minutes=queued_minutes)
    ).values_list("pk", flat=True))
