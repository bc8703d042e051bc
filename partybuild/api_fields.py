"""Scoped related fields for DRF: a serializer accepts only records the requesting user may reach.

Every serializer that takes a foreign key uses these instead of a plain ``PrimaryKeyRelatedField``
over ``Model.objects.all()``: a pk outside the user's area is "not found" (400), exactly like a pk
that does not exist, so an API client cannot probe or attach records of another street.
"""

from __future__ import annotations

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
