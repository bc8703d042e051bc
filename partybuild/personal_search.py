"""Searching records by personal data without rebuilding it: the one search over personal fields.

A search by part of a number is an oracle. "Does an ID number here end in 7? In 17?", asked digit by
digit, rebuilds the whole number and leaves no trace. So every list that searches personal fields
goes through :func:`personal_search`:

- a phone matches only when the whole number is typed, and then exactly;
- an ID card number matches only when typed in full, only for roles that may reveal it
  (``audit.policy``), and every match is recorded in the register of reveals (purpose "identity");
  other roles find nothing and are told why;
- anything else is searched in the ordinary text fields (names) only.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import policy
from audit import services as audit_services
from organizations.validators import validate_phone
from partybuild.client_ip import client_ip

_WHOLE_ID = re.compile(r"^\d{17}[\dX]$")
# More digits than any name holds: the user is after a number.
_NUMBERISH = re.compile(r"^[\d\sX+-]{4,}$", re.IGNORECASE)
# A search by ID number matches one person (the numbers are unique); a few rows at most.
_MAX_MATCHES = 20

REFUSED = gettext_lazy("Searching by ID card number is reserved to roles that may reveal personal data. "
                       "Search by name instead.")
RECORDED = gettext_lazy("This search by ID card number was recorded in the register of reveals.")
WHOLE_ONLY = gettext_lazy("Phones and ID card numbers are found only when typed in full.")


def whole_id_number(value: str) -> str | None:
    value = (value or "").strip().upper()
    return value if _WHOLE_ID.match(value) else None


def whole_phone(value: str) -> str | None:
    value = (value or "").strip()
    try:
        validate_phone(value)
    except ValidationError:
        return None
    return value or None


def phone_q(value: str, *fields: str) -> Q | None:
    """Exact match on ``fields`` when ``value`` is a whole phone number; None for anything shorter."""
    phone = whole_phone(value)
    return reduce(or_, (Q(**{f: phone}) for f in fields)) if phone and fields else None


def personal_search(qs: QuerySet, value: str, *, text_fields: tuple[str, ...], phone_fields: tuple[str, ...] = (),
                    id_field: str | None = None, request=None, notices: list | None = None) -> QuerySet:
    """``qs`` narrowed by a free-text search that never matches part of a personal field.

    ``id_field`` names the model's own ID number field; matching it needs ``request`` (who asks,
    from where) and records a reveal. ``notices`` collects what the page should tell the user.
    """
    notices = [] if notices is None else notices
    value = (value or "").strip()
    if not value:
        return qs
    number = whole_id_number(value) if id_field else None
    if number is not None:
        return _by_id_number(qs, id_field, number, request=request, notices=notices)
    q = reduce(or_, (Q(**{f"{f}__icontains": value}) for f in text_fields))
    phone = phone_q(value, *phone_fields)
    if phone is not None:
        q |= phone
    elif _NUMBERISH.match(value) and (phone_fields or id_field):
        notices.append(WHOLE_ONLY)
    return qs.filter(q)


def _by_id_number(qs: QuerySet, id_field: str, number: str, *, request, notices: list) -> QuerySet:
    user = getattr(request, "user", None)
    # Refused before the database is asked, so the refusal tells nothing about the number.
    if user is None or not policy.may_reveal_somewhere(user):
        notices.append(REFUSED)
        return qs.none()
    matches = list(policy.reveal_scope(qs.filter(**{id_field: number}), user)[:_MAX_MATCHES])
    if matches:
        audit_services.personal_data_reveal_bulk(
            user=user, objs=matches, fields=(id_field,), purpose=policy.Purpose.IDENTITY,
            purpose_detail=_("Search by ID card number"), ip_address=client_ip(request),
        )
        notices.append(RECORDED)
    return qs.filter(pk__in=[obj.pk for obj in matches])
