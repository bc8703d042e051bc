"""Shared fixtures: a small district with named actors in each role.

    D   district (dana: district admin)
    ├── S1 street (alice: street official, audrey: auditor, dave: department staff)
    │   ├── C1 community, 党委 (carol: community secretary)
    │   │   └── G1 grid branch (gina: grid worker) ─ B1 building group ─ H1 member household
    │   └── C2 community, 党支部
    └── S2 street (charlie: street official — the outsider for everything under S1)
        └── C3 community, 党总支 ─ G3 grid branch
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Role, RoleAssignment, User
from grids.models import Building, Grid, Household
from organizations.models import Level, Organization, OrgType
from tests.organizations.factories import MemberFactory, make_org

PASSWORD = "Dangjian#2026"


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    broker = "eager (no broker)" if settings.CELERY_TASK_ALWAYS_EAGER else f"redis {settings.CELERY_BROKER_URL}"
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}", f"celery: {broker}"]


# Rows the data migrations write (beat schedules, the 三会一课 frequency table). A transactional
# test (a live server, a real worker) ends with a flush that empties every table; the flush then sends
# post_migrate, and this puts the rows back, so a later test in the same process finds what a migrated
# database holds. Production gets them once, from the migrations: an admin's deletion stays deleted.
REFERENCE_DATA = (
    ("assessments.migrations.0002_nightly_rollup", "add"),
    ("orglife.migrations.0002_default_rules", "add_defaults"),
    ("summaries.migrations.0001_initial", "add_nightly_rebuild"),
)


def _restore_reference_data(sender, using="default", **kwargs):
    import importlib

    # Sent once per app: answering for one is enough.
    if sender.label != "summaries":
        return

    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def celery_test_queue() -> str:
    """The Celery queue of this test process: one per test database and per xdist worker.

    Every xdist worker has its own test database (test_<name>_gw0, ...) but all share one Redis;
    on the default queue a worker started by gw0 would take gw1's tasks and run them against
    gw0's database."""
    name = os.path.basename(str(settings.DATABASES["default"]["NAME"]))
    return f"pytest.{name}.{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def pytest_configure(config):
    from django.db.models.signals import post_migrate

    # Before the first task is sent: Celery caches its queues on first use.
    from partybuild.celery import app

    app.conf.task_default_queue = celery_test_queue()
    post_migrate.connect(_restore_reference_data, dispatch_uid="tests-reference-data")


# A test that has something to say after the run (evidence, counts) appends
# ("terminal summary", (section, line)) to its node's user_properties: they travel with its report,
# so they reach the terminal from an xdist worker too, where a module-level list would not.
SUMMARY: dict[str, list[str]] = {}


def pytest_runtest_logreport(report):
    if report.when == "teardown":
        for key, value in report.user_properties:
            if key == "terminal summary":
                section, line = value
                SUMMARY.setdefault(section, []).append(line)


def pytest_terminal_summary(terminalreporter):
    for section, lines in SUMMARY.items():
        terminalreporter.write_sep("-", section)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    # The production hasher costs about a second per user created; tests only need a hasher.
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_leftover_audit_actor():
    """auditlog's ``set_actor`` never resets its context variable: without this, a test's user
    (deleted with its database) would become the actor of a later test's writes in this thread."""
    from auditlog.context import auditlog_value

    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)


@pytest.fixture(autouse=True)
def _default_language():
    # A request activates its language on the thread and leaves it active: pin each test to the
    # portal's default (zh-hans), whatever the test before it on this xdist worker did.
    # Directory conftests that assert English override this after it.
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """The in-memory cache outlives a test's database. On SQLite the next test's rows get the same
    primary keys and tree paths, so figures cached by area or root (dashboards, summaries) would be
    served to a test with other data. Redis runs (CI, on PostgreSQL) never reuse a key."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests and the live server use the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def _upload_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def _private_media(settings, _upload_folder):
    # Uploaded files (partybuild.files, generated names) go to a throw-away folder, never the checkout's media/.
    settings.PRIVATE_MEDIA_ROOT = _upload_folder


@dataclass
class District:
    district: Organization
    s1: Organization
    s2: Organization
    c1: Organization
    c2: Organization
    c3: Organization
    g1: Organization
    g3: Organization
    b1: Organization
    h1: Organization
    grid1: Grid
    grid3: Grid
    building1: Building
    household1: Household


def make_user(username: str, role: str | None = None, org: Organization | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title(), **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=org)
    return user


@pytest.fixture
def tree(db) -> District:
    d = make_org(None, Level.DISTRICT, "D", "武昌区委")
    s1 = make_org(d, Level.STREET, "S1", "中华路街道党工委")
    s2 = make_org(d, Level.STREET, "S2", "杨园街道党工委")
    c1 = make_org(s1, Level.COMMUNITY, "C1", "西城壕社区党委", org_type=OrgType.COMMITTEE)
    c2 = make_org(s1, Level.COMMUNITY, "C2", "户部巷社区党支部", org_type=OrgType.BRANCH)
    c3 = make_org(s2, Level.COMMUNITY, "C3", "杨园社区党总支", org_type=OrgType.GENERAL_BRANCH)
    g1 = make_org(c1, Level.GRID, "G1", "西城壕第一网格党支部")
    g3 = make_org(c3, Level.GRID, "G3", "杨园第一网格党支部")
    b1 = make_org(g1, Level.BUILDING, "B1", "1号楼党小组")
    h1 = make_org(b1, Level.HOUSEHOLD, "H1", "王建国党员中心户")
    grid1 = Grid.objects.create(code="GRID-G1", name="西城壕第一网格", branch=g1)
    grid3 = Grid.objects.create(code="GRID-G3", name="杨园第一网格", branch=g3)
    building1 = Building.objects.create(grid=grid1, name="1号楼", address="中华路1号", group=b1)
    household1 = Household.objects.create(building=building1, unit="1-101", head_name="王建国")
    return District(d, s1, s2, c1, c2, c3, g1, g3, b1, h1, grid1, grid3, building1, household1)


@pytest.fixture
def dana(tree):
    return make_user("dana", Role.DISTRICT_ADMIN, tree.district)


@pytest.fixture
def alice(tree):
    return make_user("alice", Role.STREET_OFFICIAL, tree.s1)


@pytest.fixture
def carol(tree):
    return make_user("carol", Role.COMMUNITY_SECRETARY, tree.c1)


@pytest.fixture
def gina(tree):
    return make_user("gina", Role.GRID_WORKER, tree.g1)


@pytest.fixture
def audrey(tree):
    return make_user("audrey", Role.AUDITOR, tree.s1)


@pytest.fixture
def dave(tree):
    return make_user("dave", Role.DEPARTMENT_STAFF, tree.s1)


@pytest.fixture
def charlie(tree):
    return make_user("charlie", Role.STREET_OFFICIAL, tree.s2)


@pytest.fixture
def member_c1(tree):
    return MemberFactory(name="李红", branch=tree.g1, household=tree.household1)


@pytest.fixture
def member_c3(tree):
    return MemberFactory(name="赵强", branch=tree.g3)


@pytest.fixture
def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def database_url_is_set() -> bool:
    return bool(os.environ.get("DATABASE_URL"))


@pytest.fixture
def local_cache(settings):
    """A cache of this test's own, in local memory. With REDIS_URL set every test process shares one
    Redis: another process's entries would leak in, and ``cache.clear()`` there would flush the
    broker's queues that a worker test is waiting on."""
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{uuid.uuid4().hex}"}}
    from django.core.cache import cache

    yield cache
    cache.clear()


@pytest.fixture
def eager_celery():
    """Run tasks in-process for this test, even when REDIS_URL points at a real broker.

    Celery reads Django settings once and caches them in ``app.conf``, so the ``settings``
    fixture cannot switch this; the app's own configuration is changed and restored."""
    from partybuild.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


_queue_purged = False


def start_celery_worker(name: str):
    """Start a real Celery worker process on the test database and wait until it answers a ping.

    Only possible with REDIS_URL and a server database (an in-memory SQLite test database is
    invisible to another process); skips otherwise. CI runs with both, and test_environment.py
    proves it."""
    import subprocess
    import sys
    import time

    from partybuild.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and DATABASE_URL (PostgreSQL): run through .ci/run")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        # The test's throw-away upload folder (_private_media), where the worker must read the files.
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        # Tasks the worker sends itself (a chord's steps) go to this test process's queue too.
        "CELERY_TASK_DEFAULT_QUEUE": app.conf.task_default_queue,
    }
    node = f"{name}-{os.getpid()}@localhost"
    # Only this test process's queue (see celery_test_queue); the tasks these workers run send none.
    queue = app.conf.task_default_queue
    global _queue_purged
    if not _queue_purged:  # tasks left there by an earlier run would meet a recreated database
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
        _queue_purged = True
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "partybuild", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "-n", node, "-Q", queue, "--loglevel=WARNING"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[node], timeout=1.0):
            return proc
        if proc.poll() is not None:
            pytest.fail(f"celery worker exited with {proc.returncode}")
    proc.kill()
    pytest.fail("celery worker did not come up within 60 s")


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker process consuming from the real Redis broker, on the test database."""
    import subprocess

    proc = start_celery_worker("pytest")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
