"""API list pages cached until the data under them changes (issue 9: "API list throughput").

A client that pages through a list, polls it, or syncs it again and again (the big screen, an
integration, a phone going back) asks for the same page many times between two changes; building
it costs a scoped count, the page's query and a row-by-row serializer every time. A view that mixes
in :class:`CachedListMixin` keeps each page it built, keyed by:

- who asks (the user, superuser or not) and how (the full URL, the language, today's date: the
  rows carry ages);
- the :func:`summaries.versions.tables_version` of ``list_cache_models``, the tables the page reads,
  scope included (who holds which role where): database triggers move it in the transaction of any
  write to them, so a page is never served once a change to its data has committed, whoever wrote
  it and however.

Only plain pages are cached: a query naming anything beyond ``list_cache_params`` (a search, a
filter) is built afresh, so a search that must be recorded (a whole ID card number) is recorded
every time. The page's ``ETag`` is its key: a client sending it back in ``If-None-Match`` gets
``304 Not Modified`` without the rows. A cached page is dropped after :data:`CACHE_SECONDS` anyway.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import status
from rest_framework.response import Response

from summaries.versions import tables_version

CACHE_SECONDS = 600


class CachedListMixin:
    """Cache a viewset's ``list`` pages (see the module). Name the models the page reads."""

    list_cache_models: tuple = ()
    list_cache_params: frozenset[str] = frozenset({"page", "page_size", "historical", "format"})

    def list_cache_key(self, request) -> str | None:
        # JSON only: the browsable API's HTML carries the session's CSRF token.
        if (
            not self.list_cache_models
            or getattr(request.accepted_renderer, "format", None) != "json"
            or not set(request.query_params) <= self.list_cache_params
        ):
            return None
        user = request.user
        version = tables_version([model._meta.db_table for model in self.list_cache_models])
        parts = (
            type(self).__module__, type(self).__qualname__, user.pk, user.is_superuser, version,
            get_language(), timezone.localdate().isoformat(), request.build_absolute_uri(),
            request.accepted_media_type,
        )
        return "api-list:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]

    def list(self, request, *args, **kwargs):
        key = self.list_cache_key(request)
        if key is None:
            return super().list(request, *args, **kwargs)
        etag = f'"{key[9:]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            hit = cache.get(key)
            if hit is None:
                response = super().list(request, *args, **kwargs)
                self._list_cache_store = key  # the rendered page, once finalize_response renders it
            else:
                content_type, content = hit
                response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        # The page is the user's own: a shared cache between them and the portal must not keep it.
        response["Cache-Control"] = "private, no-cache"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self.__dict__.pop("_list_cache_store", None)
        if key is not None and response.status_code == status.HTTP_200_OK and isinstance(response, Response):
            # Kept as the bytes sent: a hit neither unpickles rows nor encodes JSON again.
            response.render()
            cache.set(key, (response["Content-Type"], response.content), CACHE_SECONDS)
        return response
