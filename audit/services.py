"""The writes of the audit app: reveal personal data, recording who, why, when and where from.

One field of one record (:func:`personal_data_reveal`), or the rows of an export or a search
(:func:`personal_data_reveal_bulk`): the access is stored before the value is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
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

