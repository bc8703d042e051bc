"""Load benchmark: the busy pages of the ``city`` demo under concurrent requests (issue 9).

    .venv/bin/python bench/load.py [--duration 10] [--connections 4] [--workers 2] [--only TEXT]

Builds the city demo in its own PostgreSQL database when absent (BENCH_DATABASE_URL, default
postgresql://postgres@127.0.0.1:5432/partybuild_city, created if missing), serves the portal with
gunicorn on a loopback port, signs the demo users in through the login form, then drives each page
of bench/load_pages.py for a bounded time with Debian's ``wrk`` (``make bench-load`` installs it)
and prints requests/s, p50, p95 and p99 beside a bare DRF endpoint measured in the same run
(bench/urls.py serves it; the portal does not). The workers share a Redis cache as in production
(BENCH_REDIS_URL, default database 7 of the local Redis, emptied first). All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/partybuild_city"
# Templates link static files; the manifest storage would need collectstatic first.
# A database of its own on the local Redis, emptied when the benchmark starts (a cold cache).
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"
STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
BENCH_LINE = re.compile(r"BENCH (.*)")


def ensure_database(url: str) -> None:
    """Create the benchmark's database when the server lacks it."""
    import psycopg2
    from psycopg2 import sql

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            print(f"creating database {name}")
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ["STATICFILES_BACKEND"] = STATIC_BACKEND
    import django

    django.setup()


def build_demo(scale: str) -> dict[str, str]:
    """Migrate, seed the demo when absent (timed), and return the URL context of load_pages."""
    from django.core.management import call_command

    from accounts.models import RoleAssignment
    from organizations import demo
    from organizations.models import Organization

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    if not Organization.objects.filter(code=demo.DEMO_ROOT_CODE).exists():
        print(f"seeding the {scale} demo (city scale takes long: tens of minutes on 2 cores)...", flush=True)
    result = demo.seed(scale=scale)
    if result.created:
        print(f"seed {scale}: {result.seconds:.1f} s " + ", ".join(f"{k} {v:,}" for k, v in result.counts.items()))
        vacuum_analyze()
    else:
        print(f"seed: demo {demo.DEMO_ROOT_CODE} already present, reused")
    district = Organization.objects.get(code=demo.DEMO_ROOT_CODE)
    street = RoleAssignment.objects.select_related("organization").get(user__username="street").organization
    return {"district_pk": district.pk, "district_code": district.code,
            "street_pk": street.pk, "street_code": street.code, "password": demo.DEMO_PASSWORD}


def vacuum_analyze() -> None:
    """Bring freshly bulk-loaded tables to the state a running database keeps them in.

    Right after the seed no page has its visibility-map bit set, so no index-only scan can skip
    the heap, and the planner has no statistics; autovacuum fixes both within minutes on a live
    database. Measuring before that would time a state production never stays in (the members
    list's count read 1,288 heap blocks instead of none)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuum analyze: {time.perf_counter() - started:.1f} s")


def flush_cache(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as e:
        raise SystemExit(f"Redis at {url} answered {e!r}: the benchmark serves the portal with its cache there") from e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    # Production's cache: Redis, shared by the workers (without it each worker keeps its own
    # in-memory copy and the warm-up request warms only one of them).
    env = {**os.environ, "DATABASE_URL": url, "ROOT_URLCONF": "bench.urls", "DEBUG": "false",
           "REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
           "STATICFILES_BACKEND": STATIC_BACKEND, "LOG_LEVEL": "WARNING",
           # WhiteNoise warns once per worker that collectstatic never ran; static files are not measured.
           "PYTHONWARNINGS": "ignore:No directory at"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [str(gunicorn), "partybuild.wsgi:application", "--workers", str(workers), "--bind",
           f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "120"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, username: str, password: str) -> str:
    """Sign in through the login form; return the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/login/", timeout=120).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
    try:
        opener.open(request, timeout=120)
    except urllib.error.HTTPError as e:
        if e.code != 302:
            raise SystemExit(f"login of {username} answered {e.code}") from e
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"login of {username} set no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def status_of(url: str, cookie: str) -> tuple[int, float]:
    """Status and time (ms) of one request (the warm-up before the timed run)."""
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=120) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, (time.perf_counter() - started) * 1000


def run_wrk(url: str, cookie: str, duration: int, connections: int) -> dict[str, float]:
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
           "-s", str(ROOT / "bench" / "wrk_report.lua"), "-H", f"Cookie: {cookie}", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = BENCH_LINE.search(out)
    if match is None:
        raise SystemExit(f"wrk printed no summary:\n{out}")
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


WIDTHS = (8, 26, 8, 7, 7, 7, 7, 7, 11)


def print_row(row: list[str]) -> None:
    """One line of the table, printed as soon as its page was measured."""
    print("  ".join(f"{cell:<{w}}" for cell, w in zip(row, WIDTHS, strict=True)).rstrip(), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--scale", default="city", choices=["small", "district", "city"])
    parser.add_argument("--only", default="", help="only pages whose user or name contains this")
    parser.add_argument("--warmup", type=int, default=1,
                        help="seconds of unmeasured load per page first, so that every worker has served it")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench-load` installs Debian's package (apt-get install wrk)")

    from load_pages import BASELINE, PAGES, TARGET_MS, USERS

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    print(f"database: {url.split('@')[-1]}")
    ensure_database(url)
    setup_django(url)
    context = build_demo(args.scale)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"gunicorn: {args.workers} workers on {base}; wrk: {args.connections} connections, "
          f"{args.duration} s per page\n", flush=True)
    flush_cache(os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    server = start_gunicorn(url, port, args.workers)
    try:
        cookies = {key: login(base, username, context["password"]) for key, username in USERS.items()}
        pages = [BASELINE] + [p for p in PAGES if not args.only or args.only in f"{p[0]} {p[1]}"]
        rows, baseline_rps = [], None
        headers = ["user", "page", "status", "req/s", "p50 ms", "p95 ms", "p99 ms", "x bare", "p95 target"]
        print_row(headers)
        print_row(["-" * w for w in WIDTHS])
        for user, name, template in pages:
            try:
                path = template.format(**context)
            except KeyError as e:
                print(f"{user:<8}  {name}: no {e} in the demo, skipped")
                continue
            status, _ms = status_of(base + path, cookies[user])
            if status != 200:
                row = [user, name, str(status), "-", "-", "-", "-", "-", "-"]
            else:
                # One request warms one worker; the others would pay their first request (templates,
                # the serializer's plan, the side bar) inside the timed run, in its p95.
                if args.warmup:
                    run_wrk(base + path, cookies[user], args.warmup, args.connections)
                r = run_wrk(base + path, cookies[user], args.duration, args.connections)
                if baseline_rps is None:
                    baseline_rps = r["rps"]
                target = TARGET_MS[user] if (user, name, template) != BASELINE else None
                verdict = "-" if target is None else f"{target} {'ok' if r['p95'] <= target else 'MISSED'}"
                bad = f" ({int(r['non2xx'])} non-2xx)" if r["non2xx"] else ""
                row = [user, name, f"200{bad}", f"{r['rps']:.1f}", f"{r['p50']:.0f}", f"{r['p95']:.0f}",
                       f"{r['p99']:.0f}", f"{r['rps'] / baseline_rps:.2f}", verdict]
            rows.append(row)
            print_row(row)
        print()
        for user, name, status, rps, p50, p95, p99, ratio, target in rows:
            print(f"{user} {name}: {rps} req/s, p50 {p50} ms, p95 {p95} ms, p99 {p99} ms, "
                  f"{ratio}x bare DRF, status {status}, target {target}")
    finally:
        server.terminate()
        server.wait(timeout=120)
    return 0


if __name__ == "__main__":
    sys.exit(main())
