"""Small helpers the property pages share."""

from __future__ import annotations

from partybuild.filters import filtered  # noqa: F401 (the property pages import it from here)
from partybuild.pagination import CappedPaginator

PAGE_SIZE = 25


def paged(request, qs):
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))

