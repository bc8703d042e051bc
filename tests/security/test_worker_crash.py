"""A worker killed in the middle of an import: the next run completes it, once, correctly.

Needs a real worker process on a real broker and a database another process can see:
REDIS_URL and DATABASE_URL (PostgreSQL), as in CI (.ci/run). Skips only when those are absent.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from django.conf import settings
from django.db import connection

from imports import services
from imports.models import ImportJob, JobStatus
from imports.tasks import requeue_stalled_jobs
from organizations.models import Member
from tests.conftest import start_celery_worker
from tests.imports import MEMBER_HEADERS, upload
from tests.organizations.factories import valid_id_number

pytestmark = pytest.mark.worker
ROWS = 4000


def _require_real_stack() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): run through .ci/run")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _rows() -> list[list]:
    rows = [MEMBER_HEADERS]
    for i in range(ROWS):
        # The sequence part of an ID number has three digits: spread the rows over birth dates.
        birth = dt.date(1978, 5, 6) + dt.timedelta(days=i // 500)
        rows.append([f"批量{i}", "女", birth.isoformat(), valid_id_number(birth, 100 + i % 500), "", "2003-07-01",
                     "", "G1"])
    return rows


def test_an_import_whose_worker_was_killed_completes_on_the_next_run(request, transactional_db):
    _require_real_stack()
    alice = request.getfixturevalue("alice")
    first = start_celery_worker("doomed")
    job = services.import_job_create(user=alice, kind="members", upload=upload(_rows()))
    try:
        status = lambda: ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)  # noqa: E731
        assert _wait_for(lambda: status() == JobStatus.RUNNING, 60), status()
        os.kill(first.pid, signal.SIGKILL)  # no warm shutdown, no chance to tidy up
        first.wait(timeout=10)
        # The import writes in one transaction at the end: the dead worker left nothing behind.
        assert status() == JobStatus.RUNNING and not Member.objects.filter(name__startswith="批量").exists()

        # The periodic requeue (run here with "older than 0 minutes" for the task time limit).
        assert requeue_stalled_jobs(queued_minutes=0, running_minutes=0) == 1
        second = start_celery_worker("survivor")
        try:
            assert _wait_for(lambda: status() in (JobStatus.DONE, JobStatus.FAILED), 180), status()
            job.refresh_from_db()
            assert job.status == JobStatus.DONE, job.error_summary
        finally:
            second.terminate()
            second.wait(timeout=20)
        job.refresh_from_db()
        assert (job.created_count, job.rejected_count, job.processed_rows) == (ROWS, 0, ROWS)
        assert Member.objects.filter(name__startswith="批量").count() == ROWS
    finally:
        if first.poll() is None:
            first.kill()
        job.refresh_from_db()
        job.file.delete(save=False)
