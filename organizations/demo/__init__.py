"""Deterministic demo data for the portal: a district named after Wuchang with real-looking people.

``seed(scale=..., seed=...)`` builds the whole district in one transaction with bulk
inserts, then the demo accounts. It does nothing if the district's root code is
already there, so running it twice never duplicates anything.
"""

from __future__ import annotations

import importlib
import random
import time
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Role, RoleAssignment, User
from grids.models import GridWorker
from organizations.models import Level, Organization

from .people import create_co_builders, create_members
from .tree import SCALES, build_territory, insert_tree, plan_tree

DEMO_ROOT_CODE = "WC"
DEMO_PASSWORD = "Dangjian@2026"
DEFAULT_SEED = 2026


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str
    password: str
    staff: bool


@dataclass
class SeedResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[DemoLogin] = field(default_factory=list)


# username, full name, role, where (street 1 / community 1 of street 1 / grid 1 of it / root), staff, superuser
DEMO_USERS = (
    ("admin", "区委组织部管理员", Role.DISTRICT_ADMIN, "root", True, True),
    ("street", "中华路街道干部", Role.STREET_OFFICIAL, "street", True, False),
    ("secretary", "社区书记", Role.COMMUNITY_SECRETARY, "community", False, False),
    ("gridworker", "网格员", Role.GRID_WORKER, "grid", False, False),
    ("auditor", "审计员", Role.AUDITOR, "street", False, False),
    ("dept", "职能部门人员", Role.DEPARTMENT_STAFF, "root", False, False),
)


def seed(*, scale: str = "district", seed: int = DEFAULT_SEED, root_code: str = DEMO_ROOT_CODE,
         user_prefix: str = "") -> SeedResult:
    """Create the demo district at ``scale`` unless ``root_code`` exists; return counts and logins."""
    started = time.perf_counter()
    root = Organization.objects.filter(code=root_code).first()
    if root is not None:
        return SeedResult(created=False, logins=_logins(root, user_prefix), seconds=time.perf_counter() - started)
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    # Activity runs up to the day the demo is loaded (issue 8): a newcomer's lists and dashboards
    # show this month, not a stale one. The same seed on the same day gives the same data.
    ref = timezone.localdate()
    with transaction.atomic():
        size = SCALES[scale]
        tree = plan_tree(size, rng, root_code, ref)
        insert_tree(tree)
        territory = build_territory(tree, size, rng, fake)
        counts = create_members(tree, territory, size, rng, fake, ref)
        counts.update(create_co_builders(tree, size, rng, fake, ref))
        _create_users(tree, territory, user_prefix)
        root = Organization.objects.get(code=root_code)
        _analyze(between_steps=True)
        activity = _seed_activity(root=root, scale=scale, seed=seed, fake=fake, ref=ref)
        _record_creations(root)
    _analyze()
    counts = {
        "streets": len(tree.streets), "communities": len(tree.communities), "grid branches": len(tree.grids),
        "building groups": len(tree.buildings), "member households": len(tree.households),
        "special organisations": len(tree.specials), "grids": len(territory.grids),
        "grid workers": len(territory.workers), "buildings": len(territory.buildings),
        "resident households": sum(len(h) for h in territory.households_by_building.values()),
        **counts,
        **activity,
    }
    return SeedResult(created=True, counts=counts, seconds=time.perf_counter() - started,
                      logins=_logins(root, user_prefix))


# Apps that add a year of activity (reports, ledgers, orders, inboxes) to a freshly built district, in this
# order: ledgers file grid reports, so reports come first. Each module has
# ``seed_activity(*, root, scale, rng, fake, ref) -> dict[str, int]`` (counts to print).
# Notifications come after the cases and transfers they tell people about. The apps after them notify
# nobody and are appended, so earlier apps keep their random draws.
ACTIVITY_SEEDERS = (
    "reports.demo", "services.demo", "volunteers.demo", "notifications.demo",
    "orglife.demo", "cobuilding.demo",
    # The assessment scores the records the apps above created.
    "assessments.demo",
    # The imports' transfer requests and the reveal register.
    "imports.demo", "audit.demo",
    "venues.demo", "supervision.demo", "cadres.demo", "estates.demo", "meetings.demo",
    # Stars read nothing the assessment writes; appended so the seeds above do not shift.
    "stars.demo",
    # Grades, designations, brands and boards: appended last for the same reason.
    "campaigns.demo",
    # The precomputed aggregates of everything above: last.
    "summaries.demo",
)


def _seed_activity(*, root: Organization, scale: str, seed: int, fake: Faker, ref: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for offset, module_name in enumerate(ACTIVITY_SEEDERS):
        module = importlib.import_module(module_name)
        # A generator per app, so one app's change of draws does not reshuffle another's data.
        rng = random.Random(seed * 100 + offset)
        counts.update(module.seed_activity(root=root, scale=scale, rng=rng, fake=fake, ref=ref))
        _analyze(between_steps=True)
    return counts


def _record_creations(root: Organization) -> None:
    # bulk_create bypasses django-auditlog: one creation entry per seeded record, set-based, so
    # every record's change history starts with its creation (issue 8).
    from audit.services import creations_record_under

    creations_record_under(root=root, source="demo")


def _analyze(*, between_steps: bool = False) -> None:
    # Fresh statistics after a bulk load: without them PostgreSQL planned the district coverage
    # page as nested loops over 150,000 members (22 s instead of 0.3 s at city scale).
    # Also between the steps of the seed: ANALYZE counts the rows its own transaction inserted, and
    # statistics taken of a table holding only dead rows (a test database after many rolled-back
    # tests) say "empty", which planned the next step's joins as nested loops: the small seed took
    # 112 s instead of 3 s in such a database (CI's slowest tests).
    # Only the portal's own tables: a bare ANALYZE also takes locks on the server's shared
    # catalogs, which inside a transaction (a test) made another database's ANALYZE wait for it.
    # SQLite's statistics roll back with a test's transaction, so none are left stale; and its ANALYZE reads
    # whole tables: once, at the end.
    if between_steps and connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        tables = sorted({m._meta.db_table for m in apps.get_models() if not m._meta.proxy and m._meta.managed})
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _first(parent: Organization, level: str) -> Organization:
    return Organization.objects.filter(path__startswith=parent.path, level=level).order_by("path").first()


def _scope_nodes(root: Organization) -> dict[str, Organization]:
    street = _first(root, Level.STREET)
    community = _first(street, Level.COMMUNITY)
    grid = _first(community, Level.GRID)
    return {"root": root, "street": street, "community": community, "grid": grid}


def _create_users(tree, territory, prefix: str) -> None:
    nodes = _scope_nodes(tree.root)
    validate_password(DEMO_PASSWORD)
    # One hash for all demo accounts: hashing is deliberately slow and they share the password anyway.
    password = make_password(DEMO_PASSWORD)
    for username, full_name, role, where, staff, superuser in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=f"{prefix}{username}",
            defaults={"full_name": full_name, "password": password, "is_staff": staff, "is_superuser": superuser},
        )
        assignment = RoleAssignment(user=user, role=role, organization=nodes[where])
        # A role bound at the wrong depth would grant nothing (partybuild.rights): fail the seed instead.
        assignment.full_clean(validate_unique=False)
        RoleAssignment.objects.get_or_create(user=user, role=role, organization=nodes[where])
        if role == Role.GRID_WORKER:
            # The demo grid worker is the leader of their grid, so the grid pages show their account.
            GridWorker.objects.filter(grid__branch=nodes["grid"], is_leader=True).update(user=user)


def _logins(root: Organization, prefix: str) -> list[DemoLogin]:
    roles = {
        (ra.user.username, ra.role): ra.organization
        for ra in RoleAssignment.objects.filter(user__username__in=[f"{prefix}{u[0]}" for u in DEMO_USERS])
        .select_related("user", "organization")
    }
    logins = []
    for username, _full, role, _where, staff, superuser in DEMO_USERS:
        org = roles.get((f"{prefix}{username}", role))
        if org is None:
            continue
        label = Role(role).label + (" + superuser" if superuser else "")
        logins.append(DemoLogin(f"{prefix}{username}", str(label), f"{org.name} ({org.code})", DEMO_PASSWORD, staff))
    return logins
