"""红色物业 figures for the assessment engine (``assessments.registry``): one grouped query per table
for every organisation at the assessed level."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from assessments.computations import at_depth, day_range, in_subtree, ratio
from assessments.registry import Source, Values, Within, register
from organizations.paths import count_per_ancestor

from .models import Complaint, ServiceUnit


def _complaints(start: date, end: date):
    return Complaint.objects.filter(filed_at__range=day_range(start, end))


@register("estates.complaints_per_100_households",
          label=_("Property complaints per 100 households served"),
          records=lambda org, start, end: in_subtree(_complaints(start, end), org, "unit__community"),
          # A unit's edited household count is an edit in its change history.
          sources=[Source(Complaint, "unit__community"), Source(ServiceUnit, "community")])
def complaints_per_100_households(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Complaints filed in the period × 100 / households of the organisation's service units (the
    basis ``estates.ranking`` uses); no value where no unit counts households."""
    complaints = count_per_ancestor(_complaints(start, end), field="unit__community", depth=depth, within=within)
    units = count_per_ancestor(ServiceUnit.objects.all(), field="community", depth=depth, within=within,
                               households=Sum("households"))
    return {path: ratio(complaints.get(path, {}).get("total", 0), row["households"])
            for path, row in at_depth(units, depth).items()}
