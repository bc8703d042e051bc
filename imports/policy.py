"""Who may import what, and who handles the transfers an import asks for.

Both kinds of file need the MANAGE area (district, street, community): an import checks every ID
number against the whole district, so grid workers, who edit members one by one, do not import
them in bulk. The members a file names who are already registered outside the importer's area
become transfer requests (需由区委组织部办理转接) that only the district's organisation department sees.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role
from partybuild import scoping

from . import registry
from .models import ImportKind

REQUIRED_ACTION = {ImportKind.ORGANIZATIONS: scoping.MANAGE, ImportKind.MEMBERS: scoping.MANAGE}
TRANSFER_REQUEST_ROLES = (Role.DISTRICT_ADMIN,)


def required_action(kind: str) -> str:
    registered = registry.registered(kind)
    return registered.action if registered else REQUIRED_ACTION[kind]


def can_import(user, kind: str | None = None) -> bool:
    """Whether ``user`` may import ``kind`` (any kind when None) somewhere in their area."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scoping.is_unrestricted(user):
        return True
    if kind is not None and kind not in registry.values():
        return False
    actions = {required_action(kind)} if kind else {required_action(k) for k in registry.values()}
    return any(scoping.scope_paths(user, action) for action in actions)


def importable_kinds(user) -> list[str]:
    return [k for k in registry.values() if can_import(user, k)]


def refusal(user, kind: str | None = None) -> str:
    """Why ``user`` may not import ``kind``, in words they can act on."""
    if kind in (ImportKind.MEMBERS, None) and scoping.has_any_role(user, Role.GRID_WORKER):
        return _("Grid workers do not import party members in bulk. Register members one by one, or ask the "
                 "community secretary to import the file.")
    return _("You may not import into any organisation.")


def handles_transfer_requests(user) -> bool:
    return scoping.has_any_role(user, *TRANSFER_REQUEST_ROLES)
