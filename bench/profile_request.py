"""Time one page in-process, and optionally profile it (issue 9: measure each lean-request change).

    DATABASE_URL=... .venv/bin/python bench/profile_request.py URL [--user street] [--repeat 30] [--profile 25]

Signs ``--user`` in on a test client (a real session row, as a browser has), warms the page up, then
prints the median wall and CPU time, p95 wall time and the queries of ``--repeat`` requests; ``--profile N`` prints
cProfile's N costliest functions (cumulative) over those requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="street")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User


    client = Client()
    client.force_login(User.objects.get(username=args.user))
    response = client.get(args.url)
    print(f"{args.url} as {args.user}: status {response.status_code}")
    captured = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append(((time.perf_counter() - started) * 1000, sql))

    # A wrapper, not CaptureQueriesContext: request_started resets the connection's query log.
    with connection.execute_wrapper(record):
        client.get(args.url)
    sql_ms = sum(ms for ms, _sql in captured)
    profiler = cProfile.Profile() if args.profile else None
    times, cpu = [], []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        client.get(args.url)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    # CPU time of this process: what a request costs in Python, much less disturbed than wall time
    # when other processes share the cores.
    print(f"median {statistics.median(times):.1f} ms wall, {statistics.median(cpu):.1f} ms CPU, "
          f"p95 {p95:.1f} ms wall over {args.repeat}; "
          f"{len(captured)} queries, {sql_ms:.1f} ms SQL (one request)")
    if os.environ.get("SHOW_SQL"):
        for ms, sql in captured:
            print(f"  {ms:7.1f} ms  {sql[:300]}")
    if profiler:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
