"""The scope matrix: every URL in the URL conf, as every outsider role, against street S1's data.

One object of every scoped model is planted under S1 with the same primary key (PLANTED), and
with a marker in its text fields (apps plant theirs in ``tests/<app>/scope_plants.py``: a function
``plant(*, pk, owner, org, marker, tree)``, where ``org`` is a grid branch under S1's community C1).
Walking the resolver finds every page, API route and admin view,
so an endpoint added later is covered without touching this file:
- a URL with an integer argument is requested with PLANTED: GET and POST must not succeed and the
  body must not contain the marker;
- a URL without arguments (lists, exports, stats) is requested with GET: the body must not contain
  the marker.
The insider (alice, street official on S1) is checked too, on the list pages, so the test would
notice if the marker were never shown at all.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role, RoleAssignment
from grids.models import Building, Grid, GridWorker, Household
from organizations.models import (
    Level,
    Member,
    MembershipPeriod,
    MemberStatusChange,
    Organization,
    PartTimeMember,
    ResidentUnit,
    Transfer,
)
from tests.conftest import make_user
from tests.organizations.factories import valid_id_number

PLANTED = 900_001
MARKER = "泄露探针"
ID_MARKER_SEQ = 777

# Routes that take no object and either never show tenant data or are exercised elsewhere.
SKIP_NAMES = {"logout", "set_language", "api-schema", "api-docs", "api-redoc"}
SKIP_PREFIXES = ("admin:auth_", "admin:django_celery", "admin:authtoken", "admin:auditlog", "admin:axes")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    int_args: tuple[str, ...]
    other_args: tuple[str, ...]


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace if p.namespace else namespace
            if ns and namespace and p.namespace:
                ns = f"{namespace}:{p.namespace}"
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            name = f"{namespace}:{p.name}" if namespace else p.name
            converters = p.pattern.converters if hasattr(p.pattern, "converters") else {}
            int_args = tuple(k for k, c in converters.items() if type(c).__name__ == "IntConverter")
            regex_groups = tuple(p.pattern.regex.groupindex)
            other = tuple(k for k in regex_groups if k not in int_args)
            yield Route(name, prefix + str(p.pattern), int_args, other)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.name in SKIP_NAMES or route.name.startswith(SKIP_PREFIXES) or route.name in seen:
            continue
        if route.name.startswith("admin:") and route.other_args not in ((), ("object_id",)):
            continue
        if route.other_args and route.other_args not in (("format",), ("object_id",), ("pk",)):
            continue  # e.g. regex routes with free-text arguments; none hold tenant objects today
        seen.add(route.name)
        routes.append(route)
    return routes


def reverse_route(route: Route) -> str:
    from django.urls import reverse

    kwargs = {k: PLANTED for k in route.int_args}
    for k in route.other_args:
        kwargs[k] = "json" if k == "format" else str(PLANTED)
    return reverse(route.name, kwargs=kwargs)


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if r.int_args or r.other_args in (("object_id",), ("pk",))]
LIST_ROUTES = [r for r in ROUTES if not r.int_args and not r.other_args]


@pytest.fixture
def planted(tree):
    """One S1-owned row of every scoped model, all with primary key PLANTED."""
    org = Organization.objects.add_child(
        tree.c1, instance=Organization(pk=PLANTED, code="LEAK-G", name=f"{MARKER}网格党支部", level=Level.GRID)
    )
    member = Member.objects.create(
        pk=PLANTED, name=f"{MARKER}党员", gender="F", birth_date=dt.date(1975, 1, 2),
        id_number=valid_id_number(dt.date(1975, 1, 2), ID_MARKER_SEQ), phone="13912345678",
        joined_on=dt.date(2000, 7, 1), branch=org,
    )
    MembershipPeriod.objects.create(pk=PLANTED, member=member, organization=org, started_on=dt.date(2000, 7, 1))
    MemberStatusChange.objects.create(
        pk=PLANTED, member=member, status="floating_out", effective_on=dt.date(2025, 1, 1), note=MARKER
    )
    Transfer.objects.create(
        pk=PLANTED, member=member, from_org=org, to_org=tree.c2, sent_on=dt.date(2026, 1, 1), reason=MARKER
    )
    unit = ResidentUnit.objects.create(pk=PLANTED, name=f"{MARKER}单位", kind="resident_unit", street=tree.s1)
    PartTimeMember.objects.create(
        pk=PLANTED, committee=tree.s1, name=f"{MARKER}委员", unit=unit, term_start=dt.date(2024, 1, 1)
    )
    grid = Grid.objects.create(pk=PLANTED, code="LEAK-GRID", name=f"{MARKER}网格", branch=org)
    GridWorker.objects.create(pk=PLANTED, grid=grid, name=f"{MARKER}网格员")
    building = Building.objects.create(pk=PLANTED, grid=grid, name=f"{MARKER}楼", address=MARKER)
    Household.objects.create(pk=PLANTED, building=building, unit="9-901", head_name=f"{MARKER}户主")
    owner = make_user("leakowner")
    RoleAssignment.objects.create(pk=PLANTED, user=owner, role=Role.GRID_WORKER, organization=org)
    # Each app that adds scoped models plants its own rows in tests/<app>/scope_plants.py.
    for module in _plant_modules():
        module.plant(pk=PLANTED, owner=owner, org=org, marker=MARKER, tree=tree)
    return org


def _plant_modules():
    here = Path(__file__).resolve().parent
    names = sorted(p.parent.name for p in here.glob("*/scope_plants.py"))
    return [importlib.import_module(f"tests.{name}.scope_plants") for name in names]


def test_every_scoped_model_has_a_planted_row(planted):
    missing = [
        m.__name__ for m in apps.get_models()
        if getattr(m, "scope_field", None) is not None and not m._default_manager.filter(pk=PLANTED).exists()
    ]
    assert missing == [], "add a planted row for these models in tests/test_scope_matrix.py"


OUTSIDERS = {
    "street_official": (Role.STREET_OFFICIAL, "s2"),
    "community_secretary": (Role.COMMUNITY_SECRETARY, "c3"),
    "grid_worker": (Role.GRID_WORKER, "g3"),
    "auditor": (Role.AUDITOR, "s2"),
    "department_staff": (Role.DEPARTMENT_STAFF, "s2"),
}


@pytest.fixture(params=sorted(OUTSIDERS))
def outsider(request, tree, planted, client):
    role, node = OUTSIDERS[request.param]
    # Staff too, so the admin is walked with the same scoping rather than refused outright.
    user = make_user(f"out_{request.param}", role, getattr(tree, node), is_staff=True)
    client.force_login(user)
    return client


def _leaks(response) -> bool:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return MARKER.encode() in body or b"13912345678" in body


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_outsider_cannot_read_or_write_a_planted_object(outsider, route):
    url = reverse_route(route)
    get = outsider.get(url)
    assert get.status_code in (302, 403, 404, 405), f"GET {url} -> {get.status_code}"
    assert not _leaks(get), f"GET {url} shows S1 data"
    post = outsider.post(url, {"name": "x", "version": 1, "reason": "x"})
    assert post.status_code in (302, 400, 403, 404, 405), f"POST {url} -> {post.status_code}"
    if post.status_code == 302:
        assert "login" in post["Location"] or "admin" in post["Location"], post["Location"]
    assert not _leaks(post), f"POST {url} shows S1 data"


@pytest.mark.parametrize("route", LIST_ROUTES, ids=lambda r: r.name)
def test_outsider_lists_never_show_the_planted_rows(outsider, route):
    url = reverse_route(route)
    response = outsider.get(url)
    assert response.status_code < 500, f"GET {url} -> {response.status_code}"
    assert not _leaks(response), f"GET {url} shows S1 data"


def test_the_matrix_covers_pages_api_and_admin():
    names = {r.name for r in ROUTES}
    assert any(n.startswith("organizations:") for n in names)
    assert any(n.startswith("admin:organizations_") for n in names)
    assert len(OBJECT_ROUTES) >= 10


def test_insider_does_see_the_planted_objects(tree, planted, client):
    """Without this, a marker that no page ever renders would make every outsider check pass."""
    alice = make_user("alice_in", Role.STREET_OFFICIAL, tree.s1, is_staff=True)
    client.force_login(alice)
    shown = []
    for route in OBJECT_ROUTES:
        response = client.get(reverse_route(route))
        if response.status_code == 200 and _leaks(response):
            shown.append(route.name)
    assert len(shown) >= 5, shown
