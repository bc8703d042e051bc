"""Who may read the audit trail and reveal personal data: decided here, and only here.

Both rules follow the scoping mechanism: a role counts only on the subtree of its node, so a
user who is street official in S1 and auditor in S2 may reveal numbers in S1 only.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import rights, scoping
from partybuild.personal import personal_fields  # re-exported: the policy's callers ask here
from partybuild.scoping import object_orgs  # noqa: F401 - the reveal service records the record's organisation

# Roles that read who changed what (留痕). Grid workers and department staff do not.
HISTORY_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL, Role.COMMUNITY_SECRETARY, Role.AUDITOR})
# Roles that may unmask an ID number or a phone, one field at a time, stating why.
REVEAL_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL})
# Roles that read the register of reveals.
ACCESS_LOG_ROLES = frozenset({Role.DISTRICT_ADMIN})


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


def _holds_role_over(user, roles: frozenset[str], obj: Model) -> bool:
    return rights.holds_role_over(user, roles, obj)


def may_read_history_somewhere(user) -> bool:
    """Refuse early (403) roles that never read history, before looking the object up."""
    return scoping.has_any_role(user, *HISTORY_ROLES)


def can_see_history(user, obj: Model) -> bool:
    return _holds_role_over(user, HISTORY_ROLES, obj)


def can_reveal(user, obj: Model) -> bool:
    return bool(personal_fields(obj)) and _holds_role_over(user, REVEAL_ROLES, obj)


def may_reveal_somewhere(user) -> bool:
    """Whether to offer a reveal at all (a search by ID number, an export in full), before rows are known."""
    return scoping.has_any_role(user, *REVEAL_ROLES)


def reveal_scope(qs: QuerySet, user) -> QuerySet:
    """``qs`` limited to the rows whose personal fields ``user`` may reveal: :func:`can_reveal` for a
    whole queryset at once (a bulk reveal checks thousands of rows in one query)."""
    if not personal_fields(qs.model):
        return qs.none()
    if scoping.is_unrestricted(user):
        return qs
    roots = [g.path for g in scoping.grants(user) if g.role in REVEAL_ROLES]
    if not roots:
        return qs.none()
    field = qs.model.scope_field
    fields = (field,) if isinstance(field, str) else field
    return qs.filter(reduce(or_, (
        Q(**{f"{f}__path__startswith" if f else "path__startswith": root}) for f in fields for root in roots
    )))


def can_read_access_log(user) -> bool:
    return scoping.has_any_role(user, *ACCESS_LOG_ROLES)
