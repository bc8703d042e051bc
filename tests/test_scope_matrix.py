"""The scope matrix: every URL in the URL conf, as every outsider role, against street S1's data.

One object of every scoped model is planted under S1 with the same primary key (PLANTED), and
with a marker in its text fields (apps plant theirs in ``tests/<app>/scope_plants.py``: a function
``plant(*, pk, owner, org, marker, tree)``, where ``org`` is a grid branch under S1's community C1).
Walking the resolver finds every page, API route, export, download and admin view, so an endpoint
added later is covered without touching this file:
- a URL with an object argument is requested with PLANTED, with GET, POST, PUT, PATCH and DELETE:
  none may succeed and no body may contain the marker;
- a URL without arguments (lists, exports, stats) is requested with GET (and, for the API, with a
  POST naming the planted rows): no body may contain the marker;
- string arguments are filled from ``STR_ARGS`` (e.g. every audited model for the history page);
  a route with a string argument the matrix does not know fails ``test_every_route_is_walked``;
- every path of the OpenAPI schema must resolve to a route the matrix walks;
- after all of it the planted rows are unchanged and nothing new hangs under the planted branch.
Models whose scope is one user rather than the tree (``owner_field``, e.g. a notification's recipient)
are planted for the planted branch's owner, whom no outsider is, and checked the same way.
Each outsider role gets one client that walks every route (one test per role keeps it fast); the
number of (endpoint x method x role) requests is printed in the terminal summary.
The insider (alice, street official on S1) is checked too, so the test would notice if the marker
were never shown at all.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

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
# Routes with free-text arguments that hold no tenant object, each with the reason.
NOT_WALKED = {
    "admin:view_on_site": "redirects to the object's own page, which is walked",
    "admin:app_list": "an index of admin models; the model pages are walked",
    "open311:service": "one category of the public Open311 service catalogue: no tenant data",
}


def _audited_models() -> list[tuple[str, str]]:
    from auditlog.registry import auditlog

    return sorted(
        (m._meta.app_label, m._meta.model_name) for m in apps.get_models()
        if auditlog.contains(m) and getattr(m, "scope_field", None) is not None
    )


def _import_kinds() -> list[tuple[str]]:
    from imports.models import ImportKind

    return [(k,) for k in ImportKind.values]


# String arguments the matrix knows how to fill: every combination is walked.
STR_ARGS = {
    ("app_label", "model_name"): _audited_models,
    ("kind",): _import_kinds,
}



def _report_actions() -> list[tuple[str]]:
    from reports.services import ACTION_SERVICES

    return [(str(a),) for a in ACTION_SERVICES]


def _pickers() -> list[tuple[str]]:
    from partybuild.pickers import registry

    return [(name,) for name in registry()]


# Arguments only one route takes, by route name.
ROUTE_ARGS = {
    "reports:act": _report_actions,
    "pick": _pickers,
}
OBJECT_ARGS = {(), ("object_id",), ("pk",)}
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    int_args: tuple[str, ...]
    other_args: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """One concrete URL the matrix requests."""

    name: str
    url: str
    is_object: bool

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


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


def _skipped(route: Route) -> bool:
    if route.name in SKIP_NAMES or route.name.startswith(SKIP_PREFIXES) or route.name in NOT_WALKED:
        return True
    # DRF's ".json" suffix twins of a route that is walked without the suffix.
    return "format" in route.other_args and route.other_args != ("format",)


def all_routes() -> tuple[list[Route], list[Route]]:
    """(routes the matrix walks, routes it does not know how to fill)."""
    seen, routes, unknown = set(), [], []
    for route in _walk(get_resolver().url_patterns):
        if _skipped(route) or route.name in seen:
            continue
        if route.other_args not in OBJECT_ARGS | {("format",)} | set(STR_ARGS) and route.name not in ROUTE_ARGS:
            unknown.append(route)
            continue
        seen.add(route.name)
        routes.append(route)
    return routes, unknown


def targets_for(route: Route) -> list[Target]:
    is_object = bool(route.int_args) or route.other_args in (("object_id",), ("pk",))
    base = {k: PLANTED for k in route.int_args}
    if route.other_args in (("object_id",), ("pk",)):
        base[route.other_args[0]] = str(PLANTED)
    fillings = STR_ARGS[route.other_args]() if route.other_args in STR_ARGS else [()]
    if route.name in ROUTE_ARGS:
        fillings = ROUTE_ARGS[route.name]()
    if route.other_args == ("format",):
        fillings = [("json",)]
    keys = route.other_args if route.other_args not in (("object_id",), ("pk",)) else ()
    return [
        Target(route.name, reverse(route.name, kwargs={**base, **dict(zip(keys, values, strict=True))}), is_object)
        for values in fillings
    ]


ROUTES, UNKNOWN_ROUTES = all_routes()
TARGETS = [t for r in ROUTES for t in targets_for(r)]
OBJECT_TARGETS = [t for t in TARGETS if t.is_object]
LIST_TARGETS = [t for t in TARGETS if not t.is_object]
# Kept for the apps' own tests that import them.
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


def _is_scoped(model) -> bool:
    return getattr(model, "scope_field", None) is not None or getattr(model, "owner_field", None) is not None


def test_every_scoped_model_has_a_planted_row(planted):
    missing = [
        m.__name__ for m in apps.get_models()
        if _is_scoped(m) and not m._default_manager.filter(pk=PLANTED).exists()
    ]
    assert missing == [], "add a planted row for these models in tests/test_scope_matrix.py"


OUTSIDERS = {
    "street_official": (Role.STREET_OFFICIAL, "s2"),
    "community_secretary": (Role.COMMUNITY_SECRETARY, "c3"),
    "grid_worker": (Role.GRID_WORKER, "g3"),
    "auditor": (Role.AUDITOR, "s2"),
    "department_staff": (Role.DEPARTMENT_STAFF, "s2"),
    # An account without any role, as reviewers (heads of resident units) have: it sees nothing of S1.
    "no_role": (None, "s2"),
}
# A write body that names the planted rows in every way the forms and serializers take them.
WRITE_BODY = {
    "name": "x", "version": 1, "reason": "x", "note": "x", "parent": "LEAK-G", "branch": "LEAK-G",
    "to_org": "LEAK-G", "organization": PLANTED, "community": PLANTED, "grid": PLANTED, "member": PLANTED,
    "building": PLANTED, "household": PLANTED, "field": "phone", "purpose": "contact", "purpose_detail": "xx",
}
ALLOWED_WRITE = (302, 400, 403, 404, 405)


def _leaks(response) -> bool:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return MARKER.encode() in body or b"13912345678" in body


def _request(client, target: Target, method: str):
    if method == "get":
        return client.get(target.url)
    if target.is_api:
        return getattr(client, method)(target.url, json.dumps(WRITE_BODY), content_type="application/json")
    if method == "post":
        return client.post(target.url, WRITE_BODY)
    return getattr(client, method)(target.url)


def _check(client, target: Target, method: str) -> str | None:
    response = _request(client, target, method)
    code = response.status_code
    if _leaks(response):
        return f"{method.upper()} {target.url} -> {code} shows S1 data"
    if not target.is_object:
        return None if code < 500 else f"{method.upper()} {target.url} -> {code}"
    if method == "get" and code not in (302, 403, 404, 405):
        return f"GET {target.url} -> {code}"
    if method != "get" and code not in ALLOWED_WRITE:
        return f"{method.upper()} {target.url} -> {code}"
    if code == 302 and not any(w in response["Location"] for w in ("login", "admin")):
        return f"{method.upper()} {target.url} redirects to {response['Location']}"
    return None


def _under_planted(model, org) -> Q:
    if getattr(model, "scope_field", None) is None:
        # Owner-scoped: the rows of the planted row's owner.
        owner = model.owner_field
        return Q(**{f"{owner}__in": model._default_manager.filter(pk=PLANTED).values(owner)})
    field = model.scope_field
    fields = (field,) if isinstance(field, str) else field
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__path__startswith" if f else "path__startswith": org.path})
    return q


def _snapshot(org) -> dict:
    """Every planted row as stored, and how many rows of each scoped model hang under the branch."""
    state = {}
    for model in apps.get_models():
        if not _is_scoped(model):
            continue
        rows = model._default_manager.filter(pk=PLANTED).values()
        state[model._meta.label] = ([{k: str(v) for k, v in r.items()} for r in rows],
                                    model._default_manager.filter(_under_planted(model, org)).count())
    return state


def _walk_as(client, methods_for) -> tuple[list[str], int]:
    failures, count = [], 0
    for target in TARGETS:
        for method in methods_for(target):
            count += 1
            failure = _check(client, target, method)
            if failure:
                failures.append(failure)
    return failures, count


def _outsider_methods(target: Target) -> tuple[str, ...]:
    if target.is_object:
        return ("get", *WRITE_METHODS)
    # API lists take creates: a POST naming the planted rows must not reach them.
    return ("get", "post") if target.is_api else ("get",)


@pytest.mark.parametrize("role", sorted(OUTSIDERS))
def test_outsider_can_neither_read_nor_change_the_planted_rows(role, tree, planted, client, request):
    kind, node = OUTSIDERS[role]
    # Staff too, so the admin is walked with the same scoping rather than refused outright.
    client.force_login(make_user(f"out_{role}", kind, getattr(tree, node), is_staff=True))
    client.raise_request_exception = False  # a crash is reported as a 500 with the others, not alone
    before = _snapshot(planted)
    failures, count = _walk_as(client, _outsider_methods)
    # How many requests the matrix made, printed after the run (tests/conftest.py).
    request.node.user_properties.append(("terminal summary", ("scope matrix", (
        f"{role}: {len(TARGETS)} endpoints ({len(OBJECT_TARGETS)} object, {len(LIST_TARGETS)} list), "
        f"{count} (endpoint x method) requests"
    ))))
    assert not failures, "\n".join(failures)
    assert _snapshot(planted) == before, "an outsider's request changed S1 data"


def test_every_route_is_walked():
    assert UNKNOWN_ROUTES == [], "teach STR_ARGS how to fill these routes' arguments, or list them in NOT_WALKED"


def test_every_api_schema_path_is_a_walked_route():
    """A capability added to the API later cannot escape the matrix: its path is in the schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    walked = {t.name for t in TARGETS}
    fill = {"app_label": "organizations", "model_name": "member", "kind": "members"}
    missing = []
    for path in schema["paths"]:
        url = re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), str(PLANTED)), path)
        name = resolve(url).view_name
        if name not in walked:
            missing.append(f"{path} ({name})")
    assert missing == []
    assert len(schema["paths"]) >= 10


def test_the_matrix_covers_pages_api_admin_exports_and_history():
    names = {t.name for t in TARGETS}
    assert any(n.startswith("organizations:") for n in names)
    assert any(n.startswith("admin:organizations_") for n in names)
    assert {"imports:member-export", "imports:org-export", "imports:job-errors", "audit:history"} <= names
    assert sum(t.name == "audit:history" for t in TARGETS) == len(_audited_models())
    assert len(OBJECT_TARGETS) >= 10


def test_insider_does_see_the_planted_objects(tree, planted, client):
    """Without this, a marker that no page ever renders would make every outsider check pass."""
    alice = make_user("alice_in", Role.STREET_OFFICIAL, tree.s1, is_staff=True)
    client.force_login(alice)
    shown = []
    for target in OBJECT_TARGETS:
        response = client.get(target.url)
        if response.status_code == 200 and _leaks(response):
            shown.append(target.name)
    assert len(shown) >= 5, shown
    assert "audit:history" in shown
