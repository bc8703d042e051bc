"""One pagination for pages, the API and the admin: counts capped, so a list page never counts a
whole scope on every request.

A district administrator's list of grid reports or members covers tens of thousands of rows, and
Django's paginator counts all of them (``COUNT(*)`` over the scoped joins) to print "page 1 of
1,060". :class:`CappedPaginator` counts at most ``COUNT_CAP`` rows beyond the requested page, as a
``COUNT(*)`` over a ``LIMIT``ed subquery, which stops reading once it has them; past that the
count reads "10,000+". Paging on still works: asking for a page further on counts that far.

- pages: ``CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))``; templates show
  ``paginator.count_label`` and ``_pagination.html`` drops "Last" when the count is capped;
- the API: :class:`CappedPageNumberPagination` (the default pagination class) answers ``count``
  and ``count_capped``;
- the admin: ``ScopedAdminMixin.paginator`` (and no second, unfiltered count).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``cap`` rows (at least to the end of the requested page)."""

    cap = COUNT_CAP

    def validate_number(self, number):
        # Before the count is taken: a page beyond the cap raises the cap to reach it (and one more row).
        if "count" not in self.__dict__:
            try:
                wanted = int(number)
            except (TypeError, ValueError):
                wanted = 1
            self.cap = max(self.cap, wanted * self.per_page)
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        """The rows, up to ``cap + 1``: more than ``cap`` means "at least that many"."""
        if isinstance(self.object_list, QuerySet):
            # A sliced queryset counts as SELECT COUNT(*) FROM (SELECT ... LIMIT cap+1): the ordering
            # is dropped, it changes nothing to the count.
            return self.object_list.order_by()[: self.cap + 1].count()
        return super().count

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        """The count as the page shows it: "10,000+" once capped."""
        return f"{number_format(self.cap)}+" if self.is_capped else number_format(self.count)

    @property
    def num_pages_label(self) -> str:
        return f"{self.num_pages}+" if self.is_capped else str(self.num_pages)


class CappedPageNumberPagination(PageNumberPagination):
    """DRF's page-number pagination on :class:`CappedPaginator`: ``count`` is exact up to the cap,
    and ``count_capped`` says when there are more."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": self.page.paginator.is_capped,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Rows found, counted up to {COUNT_CAP} beyond the requested page; count_capped says there are more."
        )
        response["properties"] = {
            "count": response["properties"]["count"],
            "count_capped": {"type": "boolean", "example": False},
            **{k: v for k, v in response["properties"].items() if k != "count"},
        }
        response["required"] = ["count", "count_capped", "results"]
        return response
