"""Rights: the one place that answers "may this user act here?" and refuses when not.

Two questions, both node-aware:
- :func:`require` raises ``PermissionDenied`` unless the user may ``action`` (VIEW, EDIT or
  MANAGE, see ``partybuild.scoping``) on an organisation; every service calls it instead of its
  own ``_require_edit``.
- :func:`holds_role_over` tells whether the user holds one of some roles on a node at or above
  a given organisation or record, e.g. "a street official over this report's grid";
  :func:`role_holders_over` asks it the other way round: who holds them there (whom to notify).

Where each role may be bound lives here too (:data:`ROLE_DEPTHS`): a district administrator only
at the district root, a street official only on a street, and so on. ``scoping.grants`` ignores
a role bound anywhere else, so a mis-bound role grants nothing, and ``RoleAssignment.clean``
refuses to create one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleAssignment
from organizations.paths import ancestor_paths
from partybuild import scoping

# Tree depths (the district root is 1) at which each role may be bound.
ROLE_DEPTHS: dict[str, frozenset[int]] = {
    Role.DISTRICT_ADMIN: frozenset({1}),
    Role.STREET_OFFICIAL: frozenset({2}),
    Role.COMMUNITY_SECRETARY: frozenset({3}),
    Role.GRID_WORKER: frozenset({4}),
    Role.AUDITOR: frozenset({1, 2, 3}),
    # District bureaus sit at the district, street stations at a street.
    Role.DEPARTMENT_STAFF: frozenset({1, 2}),
}
ROLE_BINDING_HELP = {
    Role.DISTRICT_ADMIN: gettext_lazy("A district administrator can only be bound to the district."),
    Role.STREET_OFFICIAL: gettext_lazy("A street official can only be bound to a street working committee."),
    Role.COMMUNITY_SECRETARY: gettext_lazy("A community secretary can only be bound to a community organisation."),
    Role.GRID_WORKER: gettext_lazy("A grid worker can only be bound to a grid branch."),
    Role.AUDITOR: gettext_lazy("An auditor can only be bound to the district, a street or a community."),
    Role.DEPARTMENT_STAFF: gettext_lazy("Department staff can only be bound to the district or a street."),
}


def may_bind(role: str, depth: int) -> bool:
    return depth in ROLE_DEPTHS.get(role, frozenset())


def binding_error(role: str, org) -> str | None:
    """Why ``role`` cannot be bound to ``org``, or None when it can."""
    return None if may_bind(role, org.depth) else str(ROLE_BINDING_HELP[role])


def target_paths(target: Model) -> list[str]:
    """Tree paths of the organisations ``target`` belongs to (itself, for an organisation)."""
    if hasattr(target, "path") and hasattr(target, "depth"):
        return [target.path]
    return [org.path for org in scoping.object_orgs(target)]


def holds_role_over(user, roles: Iterable[str], target: Model) -> bool:
    """Whether ``user`` holds one of ``roles`` on a node at or above ``target``."""
    if scoping.is_unrestricted(user):
        return True
    roles = frozenset(roles)
    paths = target_paths(target)
    return any(g.role in roles and p.startswith(g.path) for g in scoping.grants(user) for p in paths)


def role_holders_over(*, paths: Iterable[str], roles: Iterable[str]) -> QuerySet[RoleAssignment]:
    """Assignments of ``roles`` on a node at or above any of ``paths``, held by active users on
    active organisations and bound where the role may be (as :func:`holds_role_over` counts them):
    the people in charge there. One query for any number of paths; callers pick the columns, e.g.
    ``organization__path`` to tell which of the paths each one serves."""
    above = sorted({a for path in paths for a in ancestor_paths(path, include_self=True)})
    bound = Q(pk__in=[])
    for role in set(roles):
        bound |= Q(role=role, organization__depth__in=sorted(ROLE_DEPTHS.get(role, ())))
    return RoleAssignment.objects.filter(
        bound, organization__path__in=above, organization__status="active", user__is_active=True
    )


def may(user, action: str, org) -> bool:
    """Whether ``user`` may ``action`` on organisation ``org`` (no query: grants are cached)."""
    return scoping.can_act_on_org(user, action, org)


def require(user, action: str, org, message: str | None = None) -> None:
    """Raise ``PermissionDenied`` (with ``message``, or a generic one) unless ``user`` may ``action`` on ``org``."""
    if not may(user, action, org):
        raise PermissionDenied(message or _("You may not change records outside your area."))


def require_role_over(user, roles: Iterable[str], target: Model, message: str | None = None) -> None:
    if not holds_role_over(user, roles, target):
        raise PermissionDenied(message or _("Your role may not do this here."))


def is_district_admin(user) -> bool:
    """A superuser, or a district administrator (bound, by :data:`ROLE_DEPTHS`, only at the root)."""
    return scoping.is_unrestricted(user) or any(g.role == Role.DISTRICT_ADMIN for g in scoping.grants(user))
