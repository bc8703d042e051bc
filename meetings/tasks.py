"""Periodic work of the joint meetings (scheduled by beat in settings)."""

from celery import shared_task

from . import meeting_services


@shared_task(ignore_result=True)
def remind_overdue_meetings() -> int:
    """Remind convenors of open meetings past their date; safe to run twice (deduplicated)."""
    return meeting_services.meetings_remind_overdue()
