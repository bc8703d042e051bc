"""The writes of the audit app: reveal personal data, recording who, why, when and where from.

One field of one record (:func:`personal_data_reveal`), or the rows of an export or a search
(:func:`personal_data_reveal_bulk`): the access is stored before the value is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    IntegerField,
    JSONField,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat, JSONArray, JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PersonalDataAccess
from .policy import Purpose, can_reveal, object_orgs, personal_fields, reveal_scope


@transaction.atomic
def personal_data_reveal(*, user, obj: Model, field: str, purpose: str, purpose_detail: str,
                         ip_address: str | None = None) -> str:
    """The unmasked value of ``obj.field``; the access is stored before the value is returned."""
    if not can_reveal(user, obj):
        raise PermissionDenied(_("Your role may not reveal personal data here."))
    if field not in personal_fields(obj):
        raise ValidationError({"field": _("This field cannot be revealed.")})
    access = PersonalDataAccess(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        object_repr=str(obj)[:200], field=field, purpose=purpose, purpose_detail=(purpose_detail or "").strip(),
        organization=object_orgs(obj)[0], ip_address=ip_address or None,
    )
    _check_purpose(purpose, purpose_detail)
    access.full_clean()
    access.save()
    return getattr(obj, field) or ""


# Rows whose organisations are looked up per query: far below any database's bound-parameter limit.
_CHUNK = 5000


@transaction.atomic
def personal_data_reveal_bulk(*, user, objs: Iterable[Model], fields: Sequence[str], purpose: str,
                              purpose_detail: str, ip_address: str | None = None) -> int:
    """Record that ``user`` sees ``fields`` of every record in ``objs`` in full (an export, a search by
    ID number), before anything is shown: one access per record, written in one ``bulk_create``.

    All or nothing: refused unless the user may reveal every one of the records, so a file never
    holds a full value that the register does not list. Returns the number of accesses recorded.
    """
    records = list({obj.pk: obj for obj in objs}.values())
    if not records:
        return 0
    model = type(records[0])
    fields = list(dict.fromkeys(fields))
    if not fields or any(f not in personal_fields(model) for f in fields):
        raise ValidationError({"field": _("This field cannot be revealed.")})
    _check_purpose(purpose, purpose_detail)
    org_of = _revealable_orgs(user, model, [obj.pk for obj in records])
    if len(org_of) < len(records):
        raise PermissionDenied(_("Your role may not reveal the personal data of every record here; "
                                 "narrow the filters to your own area."))
    content_type = ContentType.objects.get_for_model(model)
    detail, ip = purpose_detail.strip(), ip_address or None
    PersonalDataAccess.objects.bulk_create([
        PersonalDataAccess(
            user=user, content_type=content_type, object_id=obj.pk, object_repr=str(obj)[:200],
            field=",".join(fields), purpose=purpose, purpose_detail=detail, organization_id=org_of[obj.pk],
            ip_address=ip,
        )
        for obj in records
    ], batch_size=2000)
    return len(records)


def _revealable_orgs(user, model: type[Model], pks: list) -> dict:
    """{pk: organisation id} of the records among ``pks`` that ``user`` may reveal."""
    field = model.scope_field if isinstance(model.scope_field, str) else model.scope_field[0]
    orgs: dict = {}
    for start in range(0, len(pks), _CHUNK):
        chunk = pks[start:start + _CHUNK]
        qs = reveal_scope(model._default_manager.filter(pk__in=chunk), user)
        orgs.update(qs.values_list("pk", field or "pk"))
    return orgs


def _check_purpose(purpose: str, purpose_detail: str) -> None:
    if purpose not in dict(Purpose.choices):
        raise ValidationError({"purpose": _("Choose why you need this information.")})
    if len((purpose_detail or "").strip()) < 2:
        raise ValidationError({"purpose_detail": _("Say in a few words why you need this information.")})



def _creation_snapshot(model: type[Model]) -> JSONObject | Value:
    """The row's logged fields as django-auditlog writes a creation (``{"field": ["None", value]}``),
    built in SQL; personal fields are left out (the log never holds them in full)."""
    meta = auditlog.get_model_fields(model)
    skipped = {*(meta.get("exclude_fields") or ()), *personal_fields(model), "created_at"}
    included = set(meta.get("include_fields") or ())
    pairs = {
        f.name: JSONArray(Cast(Value("None"), TextField()), Cast(F(f.attname), TextField()))
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in skipped and (not included or f.name in included)
    }
    return JSONObject(**pairs) if pairs else Value({}, output_field=JSONField())


def _repr_expression(model: type[Model]):
    names = {f.name for f in model._meta.concrete_fields}
    if "name" in names:
        return Cast(F("name"), TextField())
    return Concat(Value(f"{model._meta.verbose_name} #"), Cast(F("pk"), TextField()), output_field=TextField())


def creations_record(*, queryset: QuerySet, actor=None, source: str = "") -> int:
    """One creation entry (新建) per row of ``queryset``, for rows written by ``bulk_create`` (the
    demo seed, imports), which django-auditlog's signals never see. Set-based: a single
    ``INSERT … SELECT``, so a city-scale seed costs one statement per model, not a query per row."""
    model = queryset.model
    if not auditlog.contains(model):
        return 0
    at = timezone.now()
    columns = {
        "content_type_id": Value(ContentType.objects.get_for_model(model).pk),
        "object_pk": Cast(F("pk"), CharField()),
        "object_id": F("pk"),
        "object_repr": _repr_expression(model),
        "action": Value(LogEntry.Action.CREATE),
        "changes": _creation_snapshot(model),
        "changes_text": Cast(Value(""), TextField()),
        "timestamp": Value(at, output_field=DateTimeField()),
        # Typed, so PostgreSQL does not read an empty actor as text.
        "actor_id": Cast(Value(getattr(actor, "pk", None)), IntegerField()),
    }
    if source:
        columns["additional_data"] = Value({"source": source}, output_field=JSONField())
    aliases = {f"_log_{name}": expression for name, expression in columns.items()}
    rows = queryset.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = rows.query.get_compiler(queryset.db).as_sql()
    table = connections[queryset.db].ops.quote_name(LogEntry._meta.db_table)
    names = ", ".join(connections[queryset.db].ops.quote_name(LogEntry._meta.get_field(n).column) for n in columns)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)
        return cursor.rowcount


def creations_record_for(*, objs: Sequence[Model], actor=None, source: str = "") -> int:
    """:func:`creations_record` for objects just bulk-created (they carry their primary keys)."""
    if not objs:
        return 0
    model = type(objs[0])
    pks = [obj.pk for obj in objs]
    return sum(
        creations_record(queryset=model._default_manager.filter(pk__in=pks[i:i + _CHUNK]), actor=actor, source=source)
        for i in range(0, len(pks), _CHUNK)
    )


def creations_record_under(*, root, actor=None, source: str = "") -> dict[str, int]:
    """Creation entries for every audited, scoped record under ``root`` (the demo seed's district)."""
    written = {}
    for model in auditlog.get_models():
        field = getattr(model, "scope_field", None)
        if field is None:
            continue
        fields = (field,) if isinstance(field, str) else field
        q = Q()
        for name in fields:
            q |= Q(**{f"{name}__path__startswith" if name else "path__startswith": root.path})
        pks = model._default_manager.filter(q).values("pk")
        written[model._meta.label] = creations_record(
            queryset=model._default_manager.filter(pk__in=pks), actor=actor, source=source)
    return written
