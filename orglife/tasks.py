"""Periodic work of organisational life (scheduled by beat in settings)."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def remind_due_meetings() -> int:
    """Remind branches of meetings still due before the quarter ends; safe to run twice (dedupe keys)."""
    return reminders.remind_due()
