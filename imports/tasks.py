"""Background imports. The task is thin: it takes the job id and calls the service, which claims
the job with a conditional update, so a redelivered message (acks_late) does no harm."""

from celery import shared_task

from . import services


@shared_task(name="imports.run_import_job")
def run_import_job(job_id: int) -> str | None:
    job = services.import_job_run(job_id=job_id)
    return job.status if job else None


@shared_task(name="imports.requeue_stalled_jobs")
def requeue_stalled_jobs() -> int:
    """Periodic (beat): re-send queued jobs left behind while the broker or a worker was down."""
    return services.import_jobs_requeue_stalled()
