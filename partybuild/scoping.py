"""The one mechanism that decides what a user may see and change.

A user's reach is the union of the subtrees under the organisation nodes of
their role assignments, plus any extra grant a model declares in a
``scope_extra_q(user, action)`` classmethod. Every model holding tenant data names, in
``scope_field``, the path from itself to the organisation it belongs to
(``""`` for ``Organization`` itself, a tuple when either of two organisations
grants access, e.g. both sides of a transfer). Selectors, the admin and the API
all call :func:`scope_queryset`; views never filter by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet

from accounts.models import Role

VIEW = "view"
EDIT = "edit"  # records inside the tree: members, households, ledgers
MANAGE = "manage"  # the tree itself: create, move, dissolve organisations

# Department staff act only on reports routed to their department, never on the tree.
_ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.DISTRICT_ADMIN: frozenset({VIEW, EDIT, MANAGE}),
    Role.STREET_OFFICIAL: frozenset({VIEW, EDIT, MANAGE}),
    Role.COMMUNITY_SECRETARY: frozenset({VIEW, EDIT, MANAGE}),
    Role.GRID_WORKER: frozenset({VIEW, EDIT}),
    Role.AUDITOR: frozenset({VIEW}),
    Role.DEPARTMENT_STAFF: frozenset(),
}
# The roles each role may stand in for on its subtree: those with no right it lacks, counting
# audit.policy's history and reveal rights (a grid worker edits but reads no history, an auditor
# reads history but edits nothing, so neither covers the other). Department staff act through
# their department, which no other role reaches, so only the district covers that role.
ROLE_COVERS: dict[str, frozenset[str]] = {
    Role.DISTRICT_ADMIN: frozenset(Role.values),
    Role.STREET_OFFICIAL: frozenset(
        {Role.STREET_OFFICIAL, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER, Role.AUDITOR}
    ),
    Role.COMMUNITY_SECRETARY: frozenset({Role.COMMUNITY_SECRETARY, Role.GRID_WORKER, Role.AUDITOR}),
    Role.GRID_WORKER: frozenset({Role.GRID_WORKER}),
    Role.AUDITOR: frozenset({Role.AUDITOR}),
    Role.DEPARTMENT_STAFF: frozenset({Role.DEPARTMENT_STAFF}),
}


@dataclass(frozen=True)
class Grant:
    role: str
    path: str
    org_id: int
    depth: int


def grants(user) -> tuple[Grant, ...]:
    """The user's role nodes, loaded once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_scope_grants", None)
    if cached is None:
        from partybuild.rights import may_bind

        # A role bound where it may not be (a district admin on a community) grants nothing.
        cached = tuple(
            Grant(role, path, org_id, depth)
            for role, path, org_id, depth in user.roles.filter(organization__status="active").values_list(
                "role", "organization__path", "organization_id", "organization__depth"
            )
            if may_bind(role, depth)
        )
        user._scope_grants = cached
    return cached


def area_reader(org):
    """A never-saved reader whose one grant is the view right on ``org``'s subtree.

    Read selectors take a user; handed this reader they answer for the area alone, whoever asks,
    so a figure can be cached per area and shared by every user of it (the dashboards do). It holds
    no right to change anything, and pk 0 matches no row, so no extra grant (a department's staff,
    a clue committee's members) finds it.
    """
    from accounts.models import User

    reader = User(pk=0, username=f"area-reader-{org.pk}", is_active=True, is_superuser=False)
    reader._scope_grants = (Grant(Role.AUDITOR, org.path, org.pk, org.depth),)
    reader.is_area_reader = True
    return reader


def forget(user) -> None:
    """Drop the cached grants, after the user's roles changed."""
    user.__dict__.pop("_scope_grants", None)


def is_unrestricted(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def scope_paths(user, action: str = VIEW) -> list[str]:
    """Minimal list of subtree roots the user may act on (nested roots collapse into their ancestor)."""
    paths = sorted({g.path for g in grants(user) if action in _ROLE_ACTIONS.get(g.role, ())})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def scope_q(user, field: str | tuple[str, ...], action: str = VIEW) -> Q | None:
    """A Q limiting ``field`` (a relation to Organization, "" for the organisation itself)
    to the user's subtrees; None means unrestricted."""
    if is_unrestricted(user):
        return None
    fields = (field,) if isinstance(field, str) else field
    roots = scope_paths(user, action)
    if not roots:
        return Q(pk__in=[])
    return reduce(
        or_,
        (Q(**{f"{f}__path__startswith" if f else "path__startswith": root}) for f in fields for root in roots),
    )


def scope_queryset(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    """``qs`` limited to what ``user`` may ``action``: the single entry point for scoping."""
    field = getattr(qs.model, "scope_field", None)
    if field is None:
        raise TypeError(f"{qs.model.__name__} has no scope_field; it cannot be scoped")
    q = scope_q(user, field, action)
    # A model may grant more than its subtree, e.g. reports to the staff of the department
    # they are routed to: ``scope_extra_q(user, action)`` returns that Q, or None for nothing.
    extra = getattr(qs.model, "scope_extra_q", None)
    more = extra(user, action) if q is not None and extra is not None else None
    if more is not None:
        q = q | more
    qs = qs if q is None else qs.filter(q)
    # A tuple of fields can match one row through both sides; keep rows unique.
    return qs.distinct() if isinstance(field, tuple) and q is not None else qs


def can(user, action: str, obj: Model) -> bool:
    """Whether ``user`` may ``action`` on ``obj`` (an Organization or any scoped record)."""
    if is_unrestricted(user):
        return True
    return scope_queryset(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_act_on_org(user, action: str, org) -> bool:
    """Path check without a query, for an organisation already loaded."""
    return is_unrestricted(user) or any(org.path.startswith(root) for root in scope_paths(user, action))


def covers(user, other) -> bool:
    """Whether ``other`` holds no right ``user`` lacks: ``other`` is a superuser only if ``user``
    is, and each of ``other``'s role nodes (dissolved ones too: they may come back) lies in a
    subtree where ``user`` holds a role covering it. Checked before ``user`` hands out a
    credential acting as ``other``; an inactive ``user`` covers nobody."""
    if not getattr(user, "is_active", False):
        return False
    if is_unrestricted(user):
        return True
    if other.is_superuser:
        return False
    held = grants(user)
    return all(
        any(path.startswith(g.path) and role in ROLE_COVERS.get(g.role, ()) for g in held)
        for role, path in other.roles.values_list("role", "organization__path")
    )


def has_any_role(user, *roles: str) -> bool:
    """Whether ``user`` holds one of ``roles`` somewhere: for refusing early, before an object is
    looked up. Decisions about one object use ``rights.holds_role_over``."""
    return is_unrestricted(user) or any(g.role in roles for g in grants(user))


def object_orgs(obj: Model) -> list:
    """The organisations that ``obj`` belongs to, by following its ``scope_field``."""
    field = type(obj).scope_field
    orgs = []
    for path in (field,) if isinstance(field, str) else field:
        target = obj
        for step in [s for s in path.split("__") if s]:
            target = getattr(target, step, None)
            if target is None:
                break
        if target is not None:
            orgs.append(target)
    return orgs
