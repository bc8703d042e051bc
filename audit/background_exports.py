"""Large exports in the background (issue 8): above ``EXPORT_SYNC_ROW_LIMIT`` rows an export page
does not write the file in the request; it records an :class:`~audit.models.ExportJob`, hands it to
a worker and sends the user to the job's page, which shows its progress and then the download.

The worker runs the export page's own view again, for the same user, query and language, so
scoping, filters, masking and formula-safe cells are the page's own; the file waits in private
storage and only its owner downloads it. A plain (masked) GET goes to the background; exports in
full (``?reveal=1`` and the purpose form) stay in the request that records the reveal.

Every export is recorded (an ``ExportJob``: who, which export, its filters, its rows), those written
in the request too. While the worker writes, ``partybuild.workbooks.progress_hook`` reports the
rows written so far to the job, so its page shows a bar that moves; the file is streamed into
private storage through a temporary file, never held whole in memory.
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from partybuild import workbooks
from partybuild.client_ip import client_ip
from partybuild.locking import conditional_update

from .exports import wants_full_export
from .models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)


def in_background_above(count: Callable) -> Callable:
    """Decorate an export view: ``count(request)`` rows above the limit make it a background job."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if getattr(request, "export_job", None) is not None:
                return view(request, *args, **kwargs)
            if wants_full_export(request):
                return record_export(request, view(request, *args, **kwargs))
            rows = count(request)
            if rows <= settings.EXPORT_SYNC_ROW_LIMIT:
                return record_export(request, view(request, *args, **kwargs), rows=rows)
            job = export_job_create(request=request, total_rows=rows)
            return redirect("audit:export-job", pk=job.pk)

        return wrapper

    return decorate


def recorded(view):
    """Decorate an export view that always answers in the request (a formatted report of a few
    hundred rows): the export is recorded like the others."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "export_job", None) is not None:
            return response
        return record_export(request, response)

    return wrapper


def record_export(request, response, *, rows: int | None = None):
    """Record a file the request answered with (not a form or a refusal): who, which export, the
    filters, the rows (as the writer counted them, when it did)."""
    disposition = response.get("Content-Disposition", "") if response.status_code == 200 else ""
    if "attachment" not in disposition:
        return response
    written = getattr(response, "export_rows", None)
    total = written if written is not None else (rows or 0)
    ExportJob.objects.create(
        user=request.user, view_name=request.resolver_match.view_name if request.resolver_match else "",
        query=request.GET.urlencode(), language=translation.get_language() or settings.LANGUAGE_CODE,
        ip_address=client_ip(request), total_rows=total, processed_rows=total, in_background=False,
        status=ExportStatus.DONE, filename=_filename(disposition)[:200],
        content_type=response.get("Content-Type", "")[:100], finished_at=timezone.now(),
    )
    return response


def export_job_create(*, request, total_rows: int) -> ExportJob:
    from .tasks import enqueue_export_job

    job = ExportJob.objects.create(
        user=request.user, view_name=request.resolver_match.view_name, query=request.GET.urlencode(),
        language=translation.get_language() or settings.LANGUAGE_CODE, ip_address=client_ip(request),
        total_rows=total_rows,
    )
    transaction.on_commit(lambda: enqueue_export_job(job_id=job.pk))
    return job


def _filename(disposition: str) -> str:
    match = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.I) or re.search(r'filename="?([^";]+)', disposition)
    return unquote(match.group(1)) if match else "export"


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Claim a queued job (a redelivered message finds it taken) and write its file."""
    if not conditional_update(ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED), bump_version=False,
                              status=ExportStatus.RUNNING):
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        path = reverse(job.view_name)
        request = RequestFactory().get(path, data=None, QUERY_STRING=job.query,
                                       REMOTE_ADDR=job.ip_address or "127.0.0.1")
        request.user = job.user
        request.export_job = job
        request.resolver_match = resolve(path)
        token = workbooks.progress_hook.set(_progress_reporter(job.pk))
        try:
            with translation.override(job.language):
                response = request.resolver_match.func(request)
            if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
                raise RuntimeError(f"the export answered {response.status_code}")
            job.filename = _filename(response["Content-Disposition"])[:200]
            job.content_type = response["Content-Type"][:100]
            # Chunk by chunk into a temporary file, then into storage: a large file is never whole in memory.
            with tempfile.TemporaryFile() as out:
                for chunk in (response if response.streaming else [response.content]):
                    out.write(chunk)
                # Not response.close(): it sends request_finished, which closes the worker's connection.
                stream = getattr(response, "file_to_stream", None)
                if stream is not None:
                    stream.close()
                out.seek(0)
                job.file.save(job.filename, File(out), save=False)
        finally:
            workbooks.progress_hook.reset(token)
        written = getattr(response, "export_rows", None)
        job.processed_rows = written if written is not None else job.total_rows
        job.status = ExportStatus.DONE
    except Exception as exc:  # the job page says it failed; the log keeps the cause
        logger.exception("export job %s failed", job_id)
        job.status, job.error = ExportStatus.FAILED, str(exc)[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "file", "filename", "content_type", "finished_at", "processed_rows"])
    return job


def _progress_reporter(job_id: int) -> Callable[[int], None]:
    """Tell the job page the rows written so far (one UPDATE every ``workbooks.PROGRESS_EVERY`` rows)."""

    def report(rows: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(processed_rows=rows)

    return report


def expired_exports_delete(*, now=None) -> int:
    """Delete the files of background exports finished more than ``EXPORT_FILE_RETENTION_DAYS``
    ago; the jobs stay as the record of the export, marked expired. The number of files deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_FILE_RETENTION_DAYS)
    stale = ExportJob.objects.filter(in_background=True, finished_at__lt=cutoff).exclude(status=ExportStatus.EXPIRED)
    deleted = 0
    for job in stale.iterator(chunk_size=200):
        if job.file:
            job.file.delete(save=False)
            deleted += 1
        job.status = ExportStatus.EXPIRED
        job.save(update_fields=["file", "status"])
    return deleted
