"""Personal data in the API: masked in every response, for every role.

Read serializers mix in :class:`PersonalDataSerializerMixin`: each field of the model's
``personal_fields`` that the serializer outputs becomes a :class:`MaskedField` (a string, masked by
``partybuild.personal``). The only way to a full value is
``POST /api/v1/personal-data/<app>/<model>/<id>/reveal/`` (``audit.api.views``), recorded with its purpose.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from partybuild.personal import mask_value, personal_fields


class MaskedField(serializers.CharField):
    """A personal field, read-only and masked (``138****5678``, ``42***************5``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", _("Masked; reveal it through the personal-data endpoint."))
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return mask_value(self.parent.Meta.model, self.source_attrs[-1], value)


class PersonalDataSerializerMixin:
    """Mix into a ModelSerializer, before it: its personal fields come out masked."""

    def get_fields(self):
        fields = super().get_fields()
        for name in personal_fields(self.Meta.model):
            if name in fields and not isinstance(fields[name], MaskedField):
                source = fields[name].source
                fields[name] = MaskedField(**({"source": source} if source not in (None, name, "*") else {}))
        return fields
