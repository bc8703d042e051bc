"""Benchmark: seed a demo district, then check that the busy pages cost the same number of queries
whatever the size of the tree, and how their time grows.

    .venv/bin/python bench/run.py [--scale small|district|city] [--reuse] [--repeat N] [--only rollup]

Uses DATABASE_URL when set (give it a database of its own), otherwise a SQLite file in the temp
directory. Two districts go into that database: a small one (the baseline) and one at ``--scale``.
Pages that are not built yet (501) or missing (404) are reported, never fatal.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_FILE = Path(tempfile.gettempdir()) / "partybuild-bench.sqlite3"
# The small baseline lives beside the measured district, under its own root code and logins.
BASELINE = {"scale": "small", "root_code": "BENCHS", "user_prefix": "small_"}


def configure(reuse: bool) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    # The manifest storage needs collectstatic; the benchmark measures the app, not static files.
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    if not os.environ.get("DATABASE_URL"):
        if not reuse and SQLITE_FILE.exists():
            SQLITE_FILE.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
    import logging
    import warnings

    import django

    django.setup()
    # 404/501 answers are reported in the table; the request log would only repeat them.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="No directory at")
    return os.environ["DATABASE_URL"]


def db_size() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            size = cur.fetchone()[0]
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    return f"{size / 2**20:,.1f} MiB"


def seed(scale: str, root_code: str, user_prefix: str) -> str:
    from organizations import demo

    result = demo.seed(scale=scale, root_code=root_code, user_prefix=user_prefix)
    if not result.created:
        return "reused"
    members = result.counts.get("members", 0)
    orgs = sum(result.counts[k] for k in ("streets", "communities", "grid branches", "building groups",
                                          "member households", "special organisations"))
    return f"{result.seconds:.1f} s ({orgs + 1:,} organisations, {members:,} members)"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client, url: str, repeat: int) -> tuple[int, int, float]:
    """Status, queries and median wall time (ms) of ``url`` after one warm-up request."""
    from django.db import connection

    client.get(url)
    times, queries, status = [], 0, 0
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = counter.count, response.status_code
    return status, queries, statistics.median(times)


def pages(root_code: str, user_prefix: str) -> list[tuple[str, str, str]]:
    """(login, label, url) for the street official and the district admin of one district."""
    from django.urls import reverse

    from organizations.models import Level, Organization

    root = Organization.objects.get(code=root_code)
    street = Organization.objects.filter(path__startswith=root.path, level=Level.STREET).order_by("path").first()
    api = "/api/v1/stats/coverage/?root={}"
    street_user, admin_user = f"{user_prefix}street", f"{user_prefix}admin"
    return [
        (street_user, "tree page", reverse("organizations:tree")),
        (street_user, "street page", reverse("organizations:detail", args=[street.pk])),
        (street_user, "coverage page (street)", reverse("organizations:coverage", args=[street.pk])),
        (street_user, "coverage API (street)", api.format(street.code)),
        (street_user, "admin member list", reverse("admin:organizations_member_changelist")),
        (admin_user, "tree page", reverse("organizations:tree")),
        (admin_user, "street page", reverse("organizations:detail", args=[street.pk])),
        (admin_user, "district page", reverse("organizations:detail", args=[root.pk])),
        (admin_user, "coverage page (district)", reverse("organizations:coverage", args=[root.pk])),
        (admin_user, "coverage API (district)", api.format(root.code)),
        (admin_user, "admin member list", reverse("admin:organizations_member_changelist")),
        (street_user, "grid reports list", reverse("reports:list")),
        (street_user, "grid report statistics", reverse("reports:stats")),
        (admin_user, "grid report statistics", reverse("reports:stats") + f"?org={root.pk}"),
        (street_user, "ledgers home", reverse("services:home")),
        (street_user, "visits list", reverse("services:visit-list")),
        (street_user, "ledger statistics", reverse("services:stats")),
        (street_user, "volunteering home", reverse("volunteers:home")),
        (street_user, "residents' orders", reverse("volunteers:order-list")),
        (street_user, "star notice", reverse("stars:notice")),
        (admin_user, "star notice", reverse("stars:notice")),
        (admin_user, "star statistics API", f"/api/v1/stats/stars/?root={root.code}"),
        (street_user, "star grades", reverse("campaigns:grade-list")),
        (street_user, "comparison", reverse("dashboards:compare")),
    ]


def run_pages(root_code: str, user_prefix: str, repeat: int) -> list[tuple[str, str, int, int, float]]:
    from django.test import Client

    from accounts.models import User

    clients: dict[str, Client] = {}
    rows = []
    for login, label, url in pages(root_code, user_prefix):
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(User.objects.get(username=login))
        status, queries, ms = measure(clients[login], url, repeat)
        rows.append((login.removeprefix(user_prefix), label, status, queries, ms))
    return rows


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "district", "city"], default="district")
    parser.add_argument("--reuse", action="store_true", help="keep the database and skip seeding what is there")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (median is shown)")
    parser.add_argument("--only", choices=["rollup"], help="only the assessment rollup, on the seeded database")
    args = parser.parse_args()

    url = configure(args.reuse)
    from django.core.management import call_command
    from django.db import connection

    from organizations.demo import DEMO_ROOT_CODE

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    call_command("migrate", verbosity=0)
    if not (args.only and args.scale != "small"):  # the baseline is for the pages
        print(f"seed small baseline: {seed(**BASELINE)}")
    if args.scale != "small":
        print(f"seed {args.scale}: {seed(args.scale, DEMO_ROOT_CODE, '')}")
    print(f"database size: {db_size()}\n")
    if args.only == "rollup":
        bench_rollup(DEMO_ROOT_CODE if args.scale != "small" else BASELINE["root_code"], args.scale)
        return 0

    base = run_pages(BASELINE["root_code"], BASELINE["user_prefix"], args.repeat)
    big = base if args.scale == "small" else run_pages(DEMO_ROOT_CODE, "", args.repeat)
    rows, unequal = [], 0
    for (user, label, _s1, q1, t1), (_u, _l, s2, q2, t2) in zip(base, big, strict=True):
        notes = {501: "not built yet", 404: "missing"}
        status = str(s2) + (f" ({notes[s2]})" if s2 in notes else "")
        q_ratio = q2 / q1 if q1 else float("nan")
        if s2 == 200 and q1 != q2:
            unequal += 1
        rows.append([user, label, status, q1, q2, f"{q_ratio:.2f}", f"{t1:.1f}", f"{t2:.1f}",
                     f"{t2 / t1:.2f}" if t1 else "-"])
    print_table(["user", "page", "status", "queries small", f"queries {args.scale}", "q ratio",
                 "ms small", f"ms {args.scale}", "time ratio"], rows)
    print(f"\nQuery counts independent of tree size: {'yes' if not unequal else f'NO ({unequal} pages differ)'}")
    bench_rollup(DEMO_ROOT_CODE if args.scale != "small" else BASELINE["root_code"], args.scale)
    __import__("subprocess").run([sys.executable, str(ROOT / "bench" / "export.py")], check=False)  # 100k-row export
    print("\nunder concurrent load (gunicorn, wrk, city demo on PostgreSQL: p50/p95/p99 per page beside a "
          "bare DRF endpoint): make bench-load")
    return 0


def bench_rollup(root_code: str, scale: str) -> None:
    """The full assessment rollup of one period (in this process, as one eager worker runs it),
    beside the same aggregates in hand-written raw SQL (``bench/rollup_sql.py``: the set-based SQL
    it cannot avoid) and asked of the computations alone, then an incremental rerun after one
    changed record."""
    from django.utils import timezone

    from assessments import computations, rollup
    from assessments.models import IndicatorKind, Scheme, ScoreRun
    from assessments.periods import parse_period
    from organizations.models import LEVEL_DEPTH
    from reports.models import GridReport

    scheme = Scheme.objects.filter(organization__code=root_code).order_by("-year").first()
    if scheme is None:
        print("\nrollup: no assessment scheme in the demo (seed it again)")
        return
    period = next(r.period for r in ScoreRun.objects.filter(scheme=scheme).order_by("period")[:1]) \
        if ScoreRun.objects.filter(scheme=scheme).exists() else f"{scheme.year}S1"
    code = parse_period(period)
    depth = LEVEL_DEPTH[scheme.level]
    computed = list(scheme.indicators.filter(kind=IndicatorKind.COMPUTED))
    steps = len(computed) + 1

    # The baseline: the same figures in hand-written SQL (bench/rollup_sql.py), under the scheme's
    # root. Indicators bound to the same computation and time aggregation share one answer, as they
    # do in the rollup. The ORM computations alone (the same figures through the registry) beside it.
    from bench import rollup_sql

    root, distinct = scheme.organization.path, {(i.computation, i.time_aggregation): i for i in computed}
    started = time.perf_counter()
    for ind in distinct.values():
        rollup.indicator_values(ind, depth=depth, period_code=period, within=root)
    computations.member_counts(depth), computations.household_counts(depth)
    orm = time.perf_counter() - started
    started = time.perf_counter()
    for ind in distinct.values():
        rollup_sql.raw_indicator_values(ind, depth, period, root)
    rollup_sql.member_counts(depth, root), rollup_sql.household_counts(depth, root)
    sql = time.perf_counter() - started

    started = time.perf_counter()
    rollup.run_inline(ScoreRun.objects.create(scheme=scheme, period=period, steps_total=steps))
    full = time.perf_counter() - started

    report = GridReport.objects.filter(grid__branch__path__startswith=scheme.organization.path,
                                       reported_at__date__gte=code.start, reported_at__date__lte=code.end).first()
    if report is not None:
        GridReport.objects.filter(pk=report.pk).update(is_overdue=not report.is_overdue, updated_at=timezone.now())
    started = time.perf_counter()
    run = rollup.run_inline(ScoreRun.objects.create(scheme=scheme, period=period, steps_total=steps,
                                                    is_incremental=True))
    incremental = time.perf_counter() - started
    print(f"\nassessment rollup ({scale}, {period}, {len(computed)} computed indicators, 1 worker): "
          f"full {full:.2f} s, hand-written raw SQL {sql:.2f} s, ratio {full / sql:.2f} (target ≤ 3; "
          f"ORM computations alone {orm:.2f} s); "
          f"incremental after one changed record {incremental:.2f} s ({run.changed} rows rewritten)")
    # The chord with one Celery worker, then two, in a process of its own (this one runs tasks eagerly).
    __import__("subprocess").run([sys.executable, str(ROOT / "bench" / "rollup_workers.py"), root_code, scale],
                                 check=False)


if __name__ == "__main__":
    sys.exit(main())
