"""DRF pieces shared by every app's API: scoped querysets and service errors as HTTP errors.

The API adds no rules of its own: reads come from the scoped selectors, writes from the
services, which raise Django's ``ValidationError`` / ``PermissionDenied``. This module turns
those into 400 / 403 responses with the services' own messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings


@contextmanager
def service_errors() -> Iterator[None]:
    """Run a service call; its ValidationError becomes a 400 with the messages keyed by field,
    its PermissionDenied a 403 carrying the service's explanation."""
    try:
        yield
    except DjangoValidationError as exc:
        detail = as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        raise exceptions.ValidationError(detail) from exc
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


class ScopedViewSetMixin:
    """``get_queryset()`` is the scoped selector named by ``scoped_queryset()``; DRF's
    ``get_object()`` then looks the pk up inside it, so an outsider gets 404 and a list
    never reaches beyond the user's subtrees."""

    def scoped_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset()

    def validated(self, serializer_class, **kwargs) -> dict:
        """The request body as ``serializer_class`` accepts it; otherwise a 400 with its messages."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def fresh_response(self, obj, status_code: int = 200) -> Response:
        """``obj`` re-read through the scoped queryset, so a write answers in the shape of a GET."""
        return Response(self.get_serializer(self.scoped_queryset().get(pk=obj.pk)).data, status=status_code)


def validated_query(request, serializer_class) -> dict:
    """The query string as ``serializer_class`` accepts it; otherwise a 400 with its messages
    (a bad date or number is the client's error, never a 500)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def query_flag(request, name: str) -> bool:
    """``?name=true`` / ``1`` / ``yes`` as a boolean."""
    return request.query_params.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
