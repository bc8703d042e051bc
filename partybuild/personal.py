"""Personal data (个人信息): which fields are personal, and how they look masked.

Each model that holds personal data declares them, as it declares ``scope_field``::

    class Member(models.Model):
        personal_fields = ("id_number", "phone", "birth_date")

Everything that shows a record (pages, forms, admin, API, exports, history, the audit log's stored
diffs) masks these fields through this module. The full value is reachable only through a recorded
reveal (``audit.services.personal_data_reveal`` and its bulk form for exports); who may reveal is
``audit.policy``'s to say.

The masks leave a role without reveal rights too little to rebuild an ID number: the number keeps
its province (2 digits) and its check character, a birth date is hidden (pages show the age), so
with gender and age known at least tens of thousands of numbers fit
(``tests/security/test_id_candidates.py`` counts them).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model
from django.db.models.constants import LOOKUP_SEP

MASK = "*"
_ID_RE = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HIDDEN_DATE = "****-**-**"


def personal_fields(model: type[Model] | Model) -> tuple[str, ...]:
    return tuple(getattr(model, "personal_fields", ()))


def is_personal(model: type[Model] | Model, field: str) -> bool:
    return field.split("__", 1)[0] in personal_fields(model)


def lookup_is_personal(model: type[Model], lookup: str) -> bool:
    """Whether a query lookup (``id_number__startswith``, ``household__phone__regex``) reads a personal
    field of any model it crosses: such lookups answer "does it start with 42…?" and rebuild a
    number one digit at a time, so the admin and the filters refuse them."""
    current = model
    for part in lookup.split(LOOKUP_SEP):
        if part in personal_fields(current):
            return True
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return False


def mask_id_number(value: str) -> str:
    """42***************5: the province and the check character stay readable."""
    value = value or ""
    return f"{value[:2]}{MASK * (len(value) - 3)}{value[-1:]}" if len(value) > 6 else MASK * len(value)


def mask_phone(value: str) -> str:
    """138****5678: ten thousand numbers fit."""
    value = value or ""
    return f"{value[:3]}{MASK * 4}{value[-4:]}" if len(value) >= 8 else MASK * len(value)


def mask_text(value: str) -> str:
    value = value or ""
    return f"{value[:1]}{MASK * (len(value) - 1)}" if len(value) > 1 else MASK * len(value)


def mask_value(model: type[Model] | Model, field: str, value) -> str:
    """``value`` of ``model.field`` as anyone without a recorded reveal sees it."""
    if value in (None, "", "None"):
        return ""
    try:
        model_field = model._meta.get_field(field)
    except FieldDoesNotExist:  # a computed attribute: mask by shape
        model_field = None
    if isinstance(model_field, models.DateField) or isinstance(value, date):
        return HIDDEN_DATE
    return mask_by_shape(str(value)) if field != "id_number" else mask_id_number(str(value))


def mask_by_shape(value: str) -> str:
    """Mask a stored string by what it looks like: an ID number, a date, else a phone-like number.

    django-auditlog calls this (``mask_callable``) on the personal fields of every diff it stores,
    with the value as a string and no field name.
    """
    if value in ("", "None"):
        return value
    if _ID_RE.match(value):
        return mask_id_number(value)
    if _DATE_RE.match(value):
        return HIDDEN_DATE
    if sum(ch.isdigit() for ch in value) >= 7:
        return mask_phone(value)
    return mask_text(value)


def masked(obj: Model, field: str) -> str:
    """``obj.field`` masked (``""`` when empty)."""
    return mask_value(type(obj), field, getattr(obj, field, ""))


def age_on(birth_date: date | None, today: date) -> int | None:
    if not birth_date:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
