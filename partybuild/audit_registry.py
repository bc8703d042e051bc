"""The one way a model joins the change history (django-auditlog).

``audited(Model)`` registers it with what the history must never show: the optimistic-locking
``version`` and the ``updated_at`` stamp are internals, and the model's personal fields are stored
masked (``partybuild.personal.mask_by_shape``), so the audit log itself holds no full ID number
or phone. Apps call it from ``AppConfig.ready``.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.db.models import Model

from partybuild.personal import personal_fields

INTERNAL_FIELDS = ("version", "updated_at")


def audited(model: type[Model], **options) -> None:
    names = {f.name for f in model._meta.concrete_fields}
    # Reverse relations are no columns: django-auditlog would log their manager ("app.Model.None").
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    exclude = [f for f in INTERNAL_FIELDS if f in names] + reverse + list(options.pop("exclude_fields", ()))
    mask = list(personal_fields(model))
    auditlog.register(
        model, exclude_fields=exclude, mask_fields=mask,
        mask_callable="partybuild.personal.mask_by_shape" if mask else None, **options,
    )
