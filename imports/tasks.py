"""Background imports. The tasks are thin: they take ids and call ``running``, which claims a
job with a conditional update, so a redelivered message (acks_late) does no harm.

``services`` enqueues through :func:`enqueue_import_job` once its transaction commits; this
module never imports ``services``, so there is no cycle between the two.
"""

from __future__ import annotations

import logging

from celery import shared_task

from . import running

logger = logging.getLogger(__name__)


@shared_task(name="imports.run_import_job")
def run_import_job(job_id: int) -> str | None:
    job = running.import_job_run(job_id=job_id)
    return job.status if job else None


def enqueue_import_job(*, job_id: int) -> bool:
    """Hand a queued job to the workers. With the broker down the job simply stays ``queued``
    (nothing is lost) and :func:`requeue_stalled_jobs` sends it again later; the page that
    accepted the upload must not fail because of it."""
    try:
        # The job row carries the outcome; not waiting on a result keeps the result backend out of it.
        run_import_job.apply_async(kwargs={"job_id": job_id}, retry=False, ignore_result=True)
    except Exception:  # kombu/redis connection errors have no common base worth naming
        logger.warning("broker unavailable: import job %s stays queued until it is requeued", job_id, exc_info=True)
        return False
    return True


@shared_task(name="imports.requeue_stalled_jobs")
def requeue_stalled_jobs(queued_minutes: int = 5, running_minutes: int | None = None) -> int:
    """Periodic (beat): send again the jobs left behind while the broker or a worker was down."""
    job_ids = running.import_jobs_stalled(queued_minutes=queued_minutes, running_minutes=running_minutes)
    return sum(enqueue_import_job(job_id=job_id) for job_id in job_ids)
