"""星级争创 figures for the assessment engine (``assessments.registry``): one grouped query for every
organisation at the assessed level."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from assessments.computations import in_subtree
from assessments.registry import Source, Values, Within, register
from organizations.paths import count_per_ancestor

from .models import GradeStatus, StarGrade

# A grade counts once reviewed: the review is an edit of it (its change history).
GRADES = [Source(StarGrade, "organization")]


def _reviewed(year: int, *, members: bool):
    return StarGrade.objects.filter(year=year, status=GradeStatus.REVIEWED, member__isnull=not members)


@register("campaigns.member_grade_mean", label=_("星级争创: mean reviewed star grade of the members"),
          records=lambda org, start, end: in_subtree(_reviewed(end.year, members=True), org, "organization"),
          sources=GRADES)
def member_grade_mean(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(_reviewed(end.year, members=True), field="organization", depth=depth, within=within,
                              mean=Avg("grade"))
    return {path: Decimal(str(row["mean"])).quantize(Decimal("0.0001")) for path, row in rows.items()}


@register("campaigns.graded_branches_share",
          label=_("星级争创: share of graded organisations with four stars or more (%)"),
          unit="%", records=lambda org, start, end: in_subtree(_reviewed(end.year, members=False), org, "organization"),
          sources=GRADES)
def graded_branches_share(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(_reviewed(end.year, members=False), field="organization", depth=depth, within=within,
                              high=Count("pk", filter=Q(grade__gte=4)))
    return {path: (Decimal(row["high"]) * 100 / Decimal(row["total"])).quantize(Decimal("0.0001"))
            for path, row in rows.items() if row["total"]}
