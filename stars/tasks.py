"""Celery side of 五星联创: the beat task that awards stars whose public notice has ended."""

from celery import shared_task

from . import services


@shared_task(name="stars.tasks.close_due_notices")
def close_due_notices() -> int:
    # Safe to run twice: each award is a state-guarded UPDATE (see services.notices_close_due).
    return services.notices_close_due()
