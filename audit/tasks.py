"""Background exports: a thin task taking the job's id (``audit.background_exports`` does the work)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="audit.run_export_job")
def run_export_job(job_id: int) -> str | None:
    from .background_exports import export_job_run

    job = export_job_run(job_id=job_id)
    return job.status if job else None


def enqueue_export_job(*, job_id: int) -> bool:
    """With the broker down the job stays queued and its page says so; the page must not fail."""
    try:
        run_export_job.apply_async(kwargs={"job_id": job_id}, retry=False, ignore_result=True)
    except Exception:  # kombu/redis connection errors have no common base worth naming
        logger.warning("broker unavailable: export job %s stays queued", job_id, exc_info=True)
        return False
    return True


@shared_task(name="audit.delete_expired_exports")
def delete_expired_exports() -> int:
    """Beat, hourly: background exports' files past their retention are deleted."""
    from .background_exports import expired_exports_delete

    return expired_exports_delete()
