"""Scoped related fields for DRF: a serializer accepts only records the requesting user may reach.

Every serializer that takes a foreign key uses these instead of a plain ``PrimaryKeyRelatedField``
over ``Model.objects.all()``: a pk outside the user's area is "not found" (400), exactly like a pk
that does not exist, so an API client cannot probe or attach records of another street.
"""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import serializers

from partybuild.scoping import VIEW, scope_queryset


class _ScopedMixin:
    def __init__(self, *args, action: str = VIEW, **kwargs):
        self.scope_action = action
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        qs = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return scope_queryset(qs, user, self.scope_action)


class ScopedPrimaryKeyRelatedField(_ScopedMixin, serializers.PrimaryKeyRelatedField):
    """A pk that must lie in the user's ``action`` area (VIEW by default)."""


class ScopedSlugRelatedField(_ScopedMixin, serializers.SlugRelatedField):
    """A slug (e.g. an organisation ``code``) that must lie in the user's ``action`` area."""


# (model, field, language) -> {value: label}, filled on first use in each process.
_CHOICE_LABELS: dict[tuple, dict] = {}


class ChoiceLabelField(serializers.CharField):
    """The display label of a model choice field, read-only: ``ChoiceLabelField("status")`` gives what
    ``CharField(source="get_status_display")`` gives, at a dictionary look-up per row. DRF inspects
    the signature of a ``get_FOO_display`` method on every row, and Django hashes the choices on
    every call: three such labels were a quarter of ``/api/v1/members/`` (issue 9)."""

    def __init__(self, field_name: str, **kwargs):
        kwargs["source"] = field_name
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        key = (self.parent.Meta.model, self.source, get_language())
        labels = _CHOICE_LABELS.get(key)
        if labels is None:
            model_field = self.parent.Meta.model._meta.get_field(self.source)
            labels = _CHOICE_LABELS[key] = {k: str(v) for k, v in model_field.flatchoices}
        # Like get_FOO_display: a value outside the choices comes out as itself.
        return labels.get(value, str(value) if value is not None else None)
