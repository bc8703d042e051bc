"""Permissions of the organisation and member API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from partybuild import scoping


class CanWriteSomewhere(permissions.BasePermission):
    """Writes need a role that may change something; auditors and department staff get 403
    whatever they send.

    This only refuses early and uniformly: whether the user may change *this* object is
    decided by the service, through ``partybuild.scoping``."""

    message = _("Your role is read-only.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return scoping.is_unrestricted(user) or bool(
            scoping.scope_paths(user, scoping.EDIT) or scoping.scope_paths(user, scoping.MANAGE)
        )
