"""Assessment periods (考核周期) and their codes, DHIS2-style: ``2026`` (year), ``2026S1`` (half-year),
``2026Q1`` (quarter), ``202603`` (month). A period knows its first and last day, the previous period
of its kind and its months (for indicators that aggregate over time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half", _("Half-year")
    YEAR = "year", _("Year")


# Months per period of each kind.
_SPAN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}
_CODE = re.compile(r"^(?P<year>\d{4})(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|S(?P<half>[12]))?$")


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    index: int  # 1-based position in the year: month 1..12, quarter 1..4, half 1..2, year 1

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}{self.index:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}Q{self.index}"
        if self.kind == PeriodKind.HALF_YEAR:
            return f"{self.year}S{self.index}"
        return str(self.year)

    @property
    def first_month(self) -> int:
        return (self.index - 1) * _SPAN[self.kind] + 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        last = self.first_month + _SPAN[self.kind] - 1
        return (date(self.year + 1, 1, 1) if last == 12 else date(self.year, last + 1, 1)) - timedelta(days=1)

    def months(self) -> list[Period]:
        first = self.first_month
        return [Period(PeriodKind.MONTH, self.year, m) for m in range(first, first + _SPAN[self.kind])]

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, 12 // _SPAN[self.kind])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.code


def parse_period(code: str) -> Period:
    """The period named by ``code``; a ValidationError naming the accepted forms otherwise."""
    match = _CODE.match((code or "").strip().upper())
    if not match or (match["month"] and not 1 <= int(match["month"]) <= 12):
        raise ValidationError(
            _("“%(code)s” is not a period: write 2026, 2026S1, 2026Q1 or 202603."), params={"code": code}
        )
    year = int(match["year"])
    if match["month"]:
        return Period(PeriodKind.MONTH, year, int(match["month"]))
    if match["quarter"]:
        return Period(PeriodKind.QUARTER, year, int(match["quarter"]))
    if match["half"]:
        return Period(PeriodKind.HALF_YEAR, year, int(match["half"]))
    return Period(PeriodKind.YEAR, year, 1)


def period_of(kind: str, day: date) -> Period:
    """The period of ``kind`` containing ``day``."""
    return Period(kind, day.year, (day.month - 1) // _SPAN[kind] + 1)


def periods_of_year(kind: str, year: int) -> list[Period]:
    return [Period(kind, year, i) for i in range(1, 12 // _SPAN[kind] + 1)]
