"""The assessment rollup through Celery: the chord (assessments.tasks.run_rollup, a chunk per street
then the final step) timed with one worker process, then with two, against a real Redis broker.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/rollup_workers.py ROOT_CODE SCALE

``bench/run.py`` calls it in a process of its own (its own Celery configuration: the benchmark
process itself runs tasks eagerly). The workers consume a queue of their own, so a worker of
another process on the same Redis never takes these tasks. The time runs from sending the run to
the moment its ScoreRun is done, with the workers already up (their start is not counted).
Prints one line containing "rollup" and "ratio"; without Redis it says why it is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
TIMEOUT_S = 600


def redis_problem(url: str) -> str | None:
    """None when Redis answers at ``url``, else what went wrong."""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # no server, refused, auth: all mean "skip"
        return f"{type(exc).__name__}: {exc}"
    return None


def start_workers(count: int, queue: str, env: dict) -> list[subprocess.Popen]:
    from partybuild.celery import app

    nodes = [f"bench{i}-{os.getpid()}@localhost" for i in range(count)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "partybuild", "worker", "--pool=solo", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", node, "-Q", queue,
             "--loglevel=WARNING"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for node in nodes
    ]
    deadline = time.monotonic() + 60
    waiting = set(nodes)
    while waiting and time.monotonic() < deadline:
        for answer in app.control.ping(destination=list(waiting), timeout=1.0) or []:
            waiting -= set(answer)
        if any(p.poll() is not None for p in procs):
            break
    if waiting:
        stop(procs)
        raise RuntimeError(f"celery workers did not come up: {sorted(waiting)}")
    return procs


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def timed_run(scheme, period: str) -> tuple[float, object]:
    from assessments.models import RunStatus, ScoreRun
    from assessments.rollup import full_chunks
    from assessments.tasks import run_rollup

    run = ScoreRun.objects.create(scheme=scheme, period=period, steps_total=len(full_chunks(scheme)) + 1)
    started = time.perf_counter()
    run_rollup.apply_async(kwargs={"run_id": run.pk})
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        status = ScoreRun.objects.filter(pk=run.pk).values_list("status", flat=True).get()
        if status == RunStatus.DONE:
            elapsed = time.perf_counter() - started
            run.refresh_from_db()
            return elapsed, run
        time.sleep(0.02)
    raise RuntimeError(f"run {run.pk} not done after {TIMEOUT_S} s")


def main(root_code: str, scale: str) -> int:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    problem = redis_problem(url)
    if problem:
        print(f"rollup with Celery workers: skipped, no Redis at {url} ({problem}); no 1-vs-2 worker ratio. "
              "Start redis-server or set REDIS_URL.")
        return 0
    queue = f"bench.rollup.{os.getpid()}"
    os.environ["REDIS_URL"] = url
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue  # the chord's own steps go there too
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    import django

    django.setup()
    from assessments.models import Scheme, ScoreRun
    from assessments.rollup import full_chunks
    from partybuild.celery import app

    scheme = Scheme.objects.filter(organization__code=root_code).order_by("-year").first()
    if scheme is None:
        print(f"rollup with Celery workers: skipped, no assessment scheme under {root_code}")
        return 0
    first = ScoreRun.objects.filter(scheme=scheme).order_by("period").first()
    period = first.period if first else f"{scheme.year}S1"
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    times = {}
    for workers in (1, 2):
        procs = start_workers(workers, queue, dict(os.environ))
        try:
            times[workers], run = timed_run(scheme, period)
        finally:
            stop(procs)
    chunks = len(full_chunks(scheme))
    print(f"assessment rollup through Celery ({scale}, {period}, {chunks} chunks of streets + final step, Redis): "
          f"1 worker {times[1]:.2f} s, 2 workers {times[2]:.2f} s, ratio {times[2] / times[1]:.2f} "
          f"(2 workers / 1; {run.changed} scores changed by the second run)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
