"""Periodic work for grid reports (scheduled by beat in settings)."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def flag_overdue_reports() -> int:
    """Flag cases past their time limit; safe to run twice (flagged cases are skipped)."""
    return services.reports_flag_overdue()
