"""五星联创 figures for the assessment engine (``assessments.registry``): one grouped query for every
organisation at the assessed level."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from assessments.computations import in_subtree
from assessments.registry import Source, Values, Within, register
from organizations.paths import count_per_ancestor

from .models import StarApplication, Status


def _awarded(year: int):
    # Awarded and not revoked: a revoked star leaves the AWARDED state.
    return StarApplication.objects.filter(year=year, status=Status.AWARDED)


@register("stars.awarded_stars", label=_("五星联创: stars awarded in the year"), is_count=True,
          records=lambda org, start, end: in_subtree(_awarded(end.year), org, "community"),
          sources=[Source(StarApplication, "community")])
def awarded_stars(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(_awarded(end.year), field="community", depth=depth, within=within)
    return {path: Decimal(row["total"]) for path, row in rows.items()}
