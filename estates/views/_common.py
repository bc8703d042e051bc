"""Small helpers the property pages share."""

from __future__ import annotations

from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator

PAGE_SIZE = 25


def paged(request, qs):
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def filtered(filterset_class, request, qs):
    """The filter applied to an already scoped ``qs`` (an invalid filter leaves the list as it was)."""
    fs = filterset_class(request.GET or None, queryset=qs, request=request)
    bootstrapify(fs.form)
    return fs, (fs.qs if fs.is_bound and fs.is_valid() else qs)
