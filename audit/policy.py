"""Who may read the audit trail and reveal personal data: decided here, and only here.

Both rules follow the scoping mechanism: a role counts only on the subtree of its node, so a
user who is street official in S1 and auditor in S2 may reveal numbers in S1 only.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import scoping

# Roles that read who changed what (留痕). Grid workers and department staff do not.
HISTORY_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL, Role.COMMUNITY_SECRETARY, Role.AUDITOR})
# Roles that may unmask an ID number or a phone, one field at a time, stating why.
REVEAL_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL})
# Roles that read the register of reveals.
ACCESS_LOG_ROLES = frozenset({Role.DISTRICT_ADMIN})

# Personal fields, by "app_label.model_name": masked everywhere, revealable with a purpose.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "organizations.member": ("id_number", "phone"),
    "grids.household": ("phone",),
    "services.demand": ("phone",),
    "volunteers.serviceorder": ("phone",),
    "volunteers.volunteer": ("phone",),
}


class Purpose:
    CONTACT = "contact"
    IDENTITY = "identity"
    TRANSFER = "transfer"
    CARE = "care"
    INSPECTION = "inspection"
    OTHER = "other"
    choices = [
        (CONTACT, _("Contacting the member")),
        (IDENTITY, _("Verifying identity")),
        (TRANSFER, _("Transferring membership")),
        (CARE, _("Home visit or assistance")),
        (INSPECTION, _("Inspection or audit")),
        (OTHER, _("Other")),
    ]


def model_key(model: type[Model] | Model) -> str:
    return model._meta.label_lower


def personal_fields(model: type[Model] | Model) -> tuple[str, ...]:
    return PERSONAL_FIELDS.get(model_key(model), ())


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


def _holds_role_over(user, roles: frozenset[str], obj: Model) -> bool:
    if scoping.is_unrestricted(user):
        return True
    paths = [g.path for g in scoping.grants(user) if g.role in roles]
    return any(org.path.startswith(p) for org in object_orgs(obj) for p in paths)


def may_read_history_somewhere(user) -> bool:
    """Refuse early (403) roles that never read history, before looking the object up."""
    return scoping.has_any_role(user, *HISTORY_ROLES)


def can_see_history(user, obj: Model) -> bool:
    return _holds_role_over(user, HISTORY_ROLES, obj)


def can_reveal(user, obj: Model) -> bool:
    return bool(personal_fields(obj)) and _holds_role_over(user, REVEAL_ROLES, obj)


def can_read_access_log(user) -> bool:
    return scoping.has_any_role(user, *ACCESS_LOG_ROLES)
