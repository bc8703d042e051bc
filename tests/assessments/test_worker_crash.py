"""A worker killed in the middle of a rollup: the previous results stay readable, and the next run
completes them, once (upserts: no row twice). Needs a real worker on a real broker and a database
another process can see: REDIS_URL and DATABASE_URL (PostgreSQL), as in CI (.ci/run)."""

from __future__ import annotations

import os
import signal
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from assessments import services
from assessments.models import Indicator, IndicatorKind, Result, RunStatus, Scheme, Score, ScoreRun
from assessments.registry import computations
from tests.conftest import start_celery_worker

pytestmark = pytest.mark.worker
# Many month-by-month indicators over every registered computation (a chunk asks each computation
# once per month, however many indicators share it), so a chunk lasts long enough to be killed in.
SUB_ITEMS = 200


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _scheme(district) -> Scheme:
    scheme = Scheme.objects.create(organization=district, year=2026, level="community", name="压力测试",
                                   period_kind="year")
    top = Indicator.objects.create(scheme=scheme, code="A", name="全部", weight=100, kind=IndicatorKind.PARENT)
    # The apps' own (the worker process does not load the tests' registrations).
    keys = [c.key for c in computations() if not c.key.startswith("test.")]
    Indicator.objects.bulk_create([
        Indicator(scheme=scheme, parent=top, code=f"A{i}", name=f"子项{i}", weight=Decimal("0.5"),
                  computation=keys[i % len(keys)],
                  rule="inverse_target:0" if i % 2 == 0 else "target:0", time_aggregation="mean", position=i)
        for i in range(SUB_ITEMS)
    ])
    return scheme


def test_a_rollup_whose_worker_was_killed_completes_on_the_next_run(request, transactional_db):
    if settings.CELERY_TASK_ALWAYS_EAGER or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): run through .ci/run")
    tree, dana = request.getfixturevalue("tree"), request.getfixturevalue("dana")
    scheme = _scheme(tree.district)
    from assessments import rollup

    rollup.run_inline(ScoreRun.objects.create(scheme=scheme, period="2026", steps_total=SUB_ITEMS + 1))
    before = sorted(Result.objects.filter(scheme=scheme).values_list("organization_id", "total", "rank"))

    first = start_celery_worker("doomed")
    try:
        run = services.rollup_start(user=dana, scheme=scheme, period="2026")
        steps = lambda: ScoreRun.objects.values_list("steps_done", "status").get(pk=run.pk)  # noqa: E731
        assert _wait_for(lambda: steps()[0] >= 1, 60), steps()
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert steps()[1] != RunStatus.DONE, "the run finished before the worker was killed"
        # Half-way: the results of the previous run are still there, untouched.
        assert sorted(Result.objects.filter(scheme=scheme).values_list("organization_id", "total", "rank")) == before
    finally:
        if first.poll() is None:
            first.kill()

    second = start_celery_worker("survivor")
    try:
        run = services.rollup_start(user=dana, scheme=scheme, period="2026")
        assert _wait_for(lambda: ScoreRun.objects.get(pk=run.pk).status == RunStatus.DONE, 180)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert sorted(Result.objects.filter(scheme=scheme).values_list("organization_id", "total", "rank")) == before
    assert not Score.objects.values("organization", "indicator", "period").annotate(n=Count("pk")).filter(n__gt=1)
