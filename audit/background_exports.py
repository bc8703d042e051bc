"""Large exports in the background (issue 8): above ``EXPORT_SYNC_ROW_LIMIT`` rows an export page
does not write the file in the request; it records an :class:`~audit.models.ExportJob`, hands it to
a worker and sends the user to the job's page, which shows its progress and then the download.

The worker runs the export page's own view again, for the same user, query and language, so
scoping, filters, masking and formula-safe cells are the page's own; the file waits in private
storage and only its owner downloads it. A plain (masked) GET goes to the background; exports in
full (``?reveal=1`` and the purpose form) stay in the request that records the reveal.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

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
            if getattr(request, "export_job", None) is not None or wants_full_export(request):
                return view(request, *args, **kwargs)
            rows = count(request)
            if rows <= settings.EXPORT_SYNC_ROW_LIMIT:
                return view(request, *args, **kwargs)
            job = export_job_create(request=request, total_rows=rows)
            return redirect("audit:export-job", pk=job.pk)

        return wrapper

    return decorate


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
        with translation.override(job.language):
            response = request.resolver_match.func(request)
        if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
            raise RuntimeError(f"the export answered {response.status_code}")
        body = b"".join(response) if response.streaming else response.content
        job.filename = _filename(response["Content-Disposition"])[:200]
        job.content_type = response["Content-Type"][:100]
        job.file.save(job.filename, ContentFile(body), save=False)
        job.status = ExportStatus.DONE
    except Exception as exc:  # the job page says it failed; the log keeps the cause
        logger.exception("export job %s failed", job_id)
        job.status, job.error = ExportStatus.FAILED, str(exc)[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "file", "filename", "content_type", "finished_at"])
    return job
