"""Reads of the audit app: the audited object in the user's scope, its log entries, the register."""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet

from partybuild import scoping
from partybuild.personal import mask_value

from .models import PersonalDataAccess
from .policy import personal_fields


def audited_model(app_label: str, model_name: str) -> type[Model] | None:
    """A model that django-auditlog records and that can be scoped; None for anything else,
    so unknown, unaudited and unscoped models all read as "not found"."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    if not auditlog.contains(model) or getattr(model, "scope_field", None) is None:
        return None
    return model


def audited_object_qs(*, user, app_label: str, model_name: str) -> QuerySet | None:
    model = audited_model(app_label, model_name)
    return None if model is None else scoping.scope_queryset(model._default_manager.all(), user)


def history_entries(*, obj: Model) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-id")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def entry_changes(entry: LogEntry, model: type[Model]) -> list[Change]:
    """An entry's changes as (verbose name, old, new), personal fields masked for every reader.

    The log stores them masked already (``partybuild.audit_registry``); entries written before
    that, or by hand, are masked here, so no history page shows a full value. The masks are
    idempotent: a stored mask comes out as it went in."""
    secret = set(personal_fields(model))
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        old, new = [*values, "", ""][:2] if isinstance(values, list | tuple) else ("", values)
        try:
            label = str(getattr(model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            label = name
        if name in secret:
            old, new = mask_value(model, name, old), mask_value(model, name, new)
        rows.append(Change(label, "" if old in (None, "None") else str(old), "" if new in (None, "None") else str(new)))
    return rows


def access_list(*, user) -> QuerySet[PersonalDataAccess]:
    qs = PersonalDataAccess.objects.select_related("user", "content_type", "organization")
    return scoping.scope_queryset(qs, user)
