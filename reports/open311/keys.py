"""Open311 API keys: who may mint one for whom, and which key still acts.

A key acts as its user, so handing one out is handing out that user's rights. The minter may bind
a key only to a user who reaches nothing the minter does not (``partybuild.scoping.covers``, plus
the reports routed to departments the user staffs); never to a superuser unless the minter is one.
The rule is checked again on every use, against the minter's rights of the day, so a key does not
outlive a demotion of its minter or a promotion of its user.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from organizations.models import Organization
from partybuild import scoping

from ..models import Department, Open311Key


def _reaches_routed_reports_of(minter: User, user: User) -> bool:
    """Department staff see the reports routed to their department from anywhere in the district:
    the minter must staff the same department or edit the whole district it belongs to."""
    if scoping.is_unrestricted(minter):
        return True
    step = Organization.steplen
    districts = {p for p in scoping.scope_paths(minter, scoping.EDIT) if len(p) == step}
    paths = Department.objects.filter(staff=user).exclude(staff=minter).values_list("organization__path", flat=True)
    return all(path[:step] in districts for path in paths)


def may_bind(*, minter: User, user: User) -> bool:
    """Whether ``minter`` may hand out a key acting as ``user``."""
    return scoping.covers(minter, user) and _reaches_routed_reports_of(minter, user)


def _require_minter(user: User) -> None:
    if not (scoping.is_unrestricted(user) or (user.is_active and scoping.has_any_role(user, Role.DISTRICT_ADMIN))):
        raise PermissionDenied(_("Only district administrators hand out Open311 API keys."))


def _require_bindable(*, user: User, acts_as: User) -> None:
    if not may_bind(minter=user, user=acts_as):
        raise PermissionDenied(_(
            "A key may only act as an account inside your area that holds no right you lack; "
            "%(account)s does not qualify."
        ) % {"account": acts_as})


@transaction.atomic
def open311_key_create(*, user: User, name: str, acts_as: User, is_active: bool = True) -> Open311Key:
    _require_minter(user)
    _require_bindable(user=user, acts_as=acts_as)
    key = Open311Key(name=name, user=acts_as, is_active=is_active, key=secrets.token_urlsafe(32), created_by=user)
    key.full_clean()
    key.save()
    return key


@transaction.atomic
def open311_key_update(*, user: User, key: Open311Key, name: str, acts_as: User, is_active: bool) -> Open311Key:
    """Rename, rebind or (de)activate a key. Whoever changes a key becomes its minter, so the
    change is checked against their rights, whatever the previous minter could do."""
    _require_minter(user)
    _require_bindable(user=user, acts_as=acts_as)
    key.name, key.user, key.is_active, key.created_by = name, acts_as, is_active, user
    key.full_clean()
    key.save(update_fields=["name", "user", "is_active", "created_by"])
    return key


def open311_key_user(*, key: str) -> User | None:
    """The user an active key acts as, or None when the key is unknown, off, or no longer one its
    minter could hand out. Keys minted before the minter was recorded never act as a superuser."""
    found = (
        Open311Key.objects.select_related("user", "created_by")
        .filter(key=key, is_active=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    if found.created_by is None:
        return None if found.user.is_superuser else found.user
    return found.user if may_bind(minter=found.created_by, user=found.user) else None
