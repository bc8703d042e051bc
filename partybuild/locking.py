"""Optimistic locking and audited writes: the one way records change after they are created.

- :func:`versioned_save` saves some fields of a loaded record only if nobody changed it since
  the editor read ``version`` (a stale form is refused with a message, never overwrites), bumps
  the version and lets django-auditlog record the change through the ordinary ``save()``.
- :func:`conditional_update` is the claim used by workflows and sweeps: one
  ``UPDATE … WHERE <guard>`` (state, version) whose row count says who won a race.
- :func:`audited_update` is a set-based ``.update()`` that still leaves one audit entry per row
  (old → new for each changed field), so no bulk write escapes the change history.

Services call these instead of their own ``filter(version=…).update(version=F("version") + 1)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F, Model, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

from partybuild.personal import is_personal, mask_by_shape

STALE = _("Someone else changed this record while you were editing. Reload and try again.")



# Sent after a set-based update changed rows (``save()`` sends post_save; ``update()`` sends
# nothing): caches of derived data (the to-do list) listen to it.
rows_updated = Signal()

def _has_field(model: type[Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def versioned_save(instance: Model, *, fields: Iterable[str], version: int | None = None) -> Model:
    """Save ``fields`` of ``instance`` if its row still has ``version`` (default: the version loaded).

    The version is bumped in the same guarded UPDATE that claims the row, then ``save()`` writes
    the fields, so django-auditlog records the edit like any other (the version itself is
    excluded from the history by ``partybuild.audit_registry``).
    """
    model = type(instance)
    expected = instance.version if version is None else int(version)
    if not model._default_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1):
        raise ValidationError(STALE)
    instance.version = expected + 1
    update_fields = [*dict.fromkeys(fields), "version"]
    if _has_field(model, "updated_at"):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return instance


def conditional_update(queryset: QuerySet, *, actor=None, bump_version: bool = True, **changes: Any) -> int:
    """``queryset.update(**changes)`` (bumping ``version`` where the model has one), audited per row.

    The queryset is the guard (``filter(pk=…, status=…, version=…)``); the returned row count
    tells the caller whether it won. Use for claims and bulk moves alike.
    """
    model = queryset.model
    if bump_version and _has_field(model, "version"):
        changes.setdefault("version", F("version") + 1)
    if _has_field(model, "updated_at"):
        changes.setdefault("updated_at", timezone.now())
    return audited_update(queryset, actor=actor, **changes)


def _shown(model: type[Model], name: str, value: Any) -> str:
    text = _plain(value)
    return mask_by_shape(text) if is_personal(model, name) else text


def _plain(value: Any) -> str:
    if isinstance(value, Model):
        return smart_str(value.pk)
    return "None" if value is None else smart_str(value)


def audited_update(queryset: QuerySet, *, actor=None, **changes: Any) -> int:
    """A set-based update that writes one django-auditlog entry per changed row.

    Old values are read in one query before the update; expressions (``F(...)``) are not
    logged as such: the field's value is read back after the update, so the history shows
    numbers, never ``F(version) + Value(1)``.
    """
    model = queryset.model
    count = _audited_update(queryset, model, actor=actor, **changes)
    if count:
        rows_updated.send(sender=model)
    return count


def _audited_update(queryset: QuerySet, model, *, actor, **changes: Any) -> int:
    if not auditlog.contains(model):
        return queryset.update(**changes)
    logged = [name for name in changes if name in _logged_fields(model)]
    attnames = {name: model._meta.get_field(name).attname for name in logged}
    before = {row["pk"]: row for row in queryset.values("pk", *attnames.values())} if logged else {}
    count = queryset.update(**changes)
    if not before:
        return count
    after = {row["pk"]: row for row in model._default_manager.filter(pk__in=before).values("pk", *attnames.values())}
    ct = ContentType.objects.get_for_model(model)
    actor = actor if getattr(actor, "is_authenticated", False) else _context_actor()
    reprs = _reprs(model, list(after))
    entries = []
    for pk, old in before.items():
        new = after.get(pk)
        if new is None:
            continue
        diff = {
            name: [_shown(model, name, old[att]), _shown(model, name, new[att])]
            for name, att in attnames.items() if old[att] != new[att]
        }
        if diff:
            entries.append(LogEntry(
                content_type=ct, object_pk=str(pk), object_id=pk if isinstance(pk, int) else None,
                object_repr=reprs.get(pk, str(pk)), action=LogEntry.Action.UPDATE, changes=diff,
                changes_text="", actor=actor, timestamp=timezone.now(), **_context_extra(),
            ))
    LogEntry.objects.bulk_create(entries)
    return count


def _logged_fields(model: type[Model]) -> set[str]:
    meta = auditlog.get_model_fields(model)
    names = {f.name for f in model._meta.concrete_fields}
    if meta.get("include_fields"):
        names &= set(meta["include_fields"])
    return names - set(meta.get("exclude_fields") or ())


def _reprs(model: type[Model], pks: list) -> dict:
    # str() of each row, loaded in one query: models keep __str__ to their own fields, or name in
    # ``repr_related`` the relations it reads, so a sweep over thousands of rows stays one query.
    rows = model._default_manager.filter(pk__in=pks).select_related(*getattr(model, "repr_related", ()))
    return {obj.pk: smart_str(obj)[:200] for obj in rows}


def _context_actor():
    from auditlog.context import auditlog_value

    try:
        actor = auditlog_value.get().get("actor")
    except LookupError:
        return None
    return actor if getattr(actor, "is_authenticated", False) else None


def _context_extra() -> Mapping[str, Any]:
    from auditlog.context import auditlog_value

    try:
        value = auditlog_value.get()
    except LookupError:
        return {}
    return {"remote_addr": value.get("remote_addr")} if value.get("remote_addr") else {}


# --- Period locks -------------------------------------------------------------------------------
# An approved assessment locks the records its period counted (assessments.locks). A model whose
# records count for a date declares it, as it declares ``scope_field``::
#
#     class GridVisit(PeriodLocked, models.Model):
#         period_field = "visited_on"
#
# and its ``clean()`` (which every service and form calls before saving) refuses a new record dated
# in a locked period, or an edit of one, naming the lock. The check itself is registered by the app
# that owns the locks, so this module does not depend on it.
_period_lock_check = None


def register_period_lock(check) -> None:
    """``check(org, on_date=date)`` raises ValidationError when ``org``'s records of that date are locked."""
    global _period_lock_check
    _period_lock_check = check


def check_period_lock(instance: Model) -> None:
    """Refuse writing ``instance`` when its date (before or after the change) lies in a locked period."""
    if _period_lock_check is None:
        return
    from partybuild.scoping import object_orgs

    field = type(instance).period_field
    dates = {getattr(instance, field, None)}
    if instance.pk is not None:
        dates.add(type(instance)._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first())
    for org in object_orgs(instance):
        for day in sorted(d for d in dates if d is not None):
            _period_lock_check(org, on_date=day.date() if hasattr(day, "date") and callable(day.date) else day)


class PeriodLocked:
    """Mix into a model (before ``models.Model``) that declares ``period_field``."""

    period_field: str = ""

    def clean(self) -> None:
        super().clean()
        check_period_lock(self)
