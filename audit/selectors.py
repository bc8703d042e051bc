"""Reads of the audit app: the audited object in the user's scope, its log entries, the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, DateTimeField, Field, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from partybuild import scoping
from partybuild.audit_registry import INTERNAL_FIELDS
from partybuild.personal import mask_value

from .models import ExportJob, PersonalDataAccess
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


@dataclass(frozen=True)
class HistoryRow:
    entry: LogEntry
    action: str
    changes: list[Change]
    source: str = ""


ACTION_LABELS = {
    LogEntry.Action.CREATE: pgettext_lazy("history action", "Created"),
    LogEntry.Action.UPDATE: pgettext_lazy("history action", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("history action", "Deleted"),
    getattr(LogEntry.Action, "ACCESS", 3): pgettext_lazy("history action", "Viewed"),
}
_EMPTY = (None, "", "None")
# Internals no reader needs: the version and stamps, and the tree's materialised path columns.
HIDDEN_FIELDS = {*INTERNAL_FIELDS, "created_at", "path", "depth", "numchild"}
SOURCES = {"demo": pgettext_lazy("history source", "demo data"), "import": pgettext_lazy("history source", "import")}


def _shown_fields(model: type[Model]) -> dict[str, Field]:
    """The fields a reader may see changes of: the model's own columns, less the internals (the
    version, stamps the entry's own time already says, the row id)."""
    return {f.name: f for f in model._meta.concrete_fields
            if f.name not in HIDDEN_FIELDS and not f.primary_key}


def _names_of_related(entries: list[LogEntry], fields: dict[str, Field]) -> dict[tuple[type[Model], str], str]:
    """str() of every record a foreign key in these entries points at: one query per related model."""
    wanted: dict[type[Model], set[str]] = {}
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            field = fields.get(name)
            if field is not None and field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    str(v) for v in _pair(values) if v not in _EMPTY)
    names = {}
    for related, pks in wanted.items():
        pk_field = related._meta.pk
        keys = []
        for pk in pks:
            try:
                keys.append(pk_field.to_python(pk))
            except ValidationError:
                continue
        qs = related._default_manager.filter(pk__in=keys)
        qs = qs.select_related(*getattr(related, "repr_related", ()))
        names.update({(related, str(obj.pk)): str(obj) for obj in qs})
    return names


def _pair(values) -> list:
    return [*values, "", ""][:2] if isinstance(values, list | tuple) else ["", values]


def _display(field: Field, value, related_names: dict) -> str:
    if value in _EMPTY:
        return ""
    text = str(value)
    if field.is_relation:
        return related_names.get((field.related_model, text), text)
    if field.choices:
        return str({str(key): label for key, label in field.flatchoices}.get(text, text))
    if isinstance(field, BooleanField):
        return str(_("Yes") if text in ("True", "true", "1") else _("No"))
    if isinstance(field, DateTimeField):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)  # auditlog stores UTC, naive
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return text


def entry_changes(entry: LogEntry, model: type[Model], related_names: dict | None = None) -> list[Change]:
    """An entry's changes as (verbose name, old, new) as a reader says them: choices by their label,
    foreign keys by the record's name, times in the portal's time zone, personal fields masked for
    every reader; internals (the version, stamps, reverse relations) left out.

    The log stores personal fields masked already (``partybuild.audit_registry``); entries written
    before that, or by hand, are masked here, so no history page shows a full value. The masks are
    idempotent: a stored mask comes out as it went in."""
    secret = set(personal_fields(model))
    fields = _shown_fields(model)
    related_names = _names_of_related([entry], fields) if related_names is None else related_names
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        field = fields.get(name)
        if field is None:
            continue
        old, new = _pair(values)
        if name in secret:
            old, new = mask_value(model, name, old), mask_value(model, name, new)
            old, new = ("" if old in _EMPTY else str(old)), ("" if new in _EMPTY else str(new))
        else:
            old, new = _display(field, old, related_names), _display(field, new, related_names)
        if old == new:
            continue
        rows.append(Change(str(field.verbose_name), old, new))
    return rows


def history_rows(entries, model: type[Model]) -> list[HistoryRow]:
    """A page of entries ready to read; related records' names are loaded set-based for the page."""
    entries = list(entries)
    related_names = _names_of_related(entries, _shown_fields(model))
    return [HistoryRow(entry, str(ACTION_LABELS.get(entry.action, entry.get_action_display())),
                       entry_changes(entry, model, related_names),
                       str(SOURCES.get((entry.additional_data or {}).get("source"), "")))
            for entry in entries]


def access_list(*, user) -> QuerySet[PersonalDataAccess]:
    qs = PersonalDataAccess.objects.select_related("user", "content_type", "organization")
    return scoping.scope_queryset(qs, user)


def export_jobs(*, user) -> QuerySet[ExportJob]:
    """A user's own background exports: nobody else reads a job or downloads its file (exports
    written in the request are recorded too, but have no page)."""
    return ExportJob.objects.filter(user=user, in_background=True)
