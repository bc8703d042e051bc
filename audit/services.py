"""The one write of the audit app: reveal a personal field, recording who, why, when and where from."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from .models import PersonalDataAccess
from .policy import Purpose, can_reveal, object_orgs, personal_fields


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
    if purpose not in dict(Purpose.choices):
        raise ValidationError({"purpose": _("Choose why you need this information.")})
    access.full_clean()
    access.save()
    return getattr(obj, field) or ""
