"""When a series' next meeting falls: monthly (default), every two months, every N weeks, or the
nth weekday of the month. Pure date arithmetic, counted from the date the rule gave the previous
meeting (not the date it was moved to), so a moved meeting does not shift the series."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .models import Recurrence


def _add_months(day: date, months: int, *, day_of_month: int | None = None) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day_of_month or day.day, last))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1–4, or -1 for the last) ``weekday`` (0 = Monday) of a month."""
    if nth == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def next_date(previous: date, *, recurrence: str, interval_weeks: int | None = None, weekday: int | None = None,
              nth: int | None = None, day_of_month: int | None = None) -> date:
    if recurrence == Recurrence.EVERY_N_WEEKS:
        return previous + timedelta(weeks=interval_weeks or 1)
    if recurrence == Recurrence.NTH_WEEKDAY:
        following = _add_months(previous.replace(day=1), 1)
        return nth_weekday(following.year, following.month, weekday or 0, nth or 1)
    months = 2 if recurrence == Recurrence.BIMONTHLY else 1
    return _add_months(previous, months, day_of_month=day_of_month)


def series_next_date(series, previous: date, *, day_of_month: int | None = None) -> date:
    return next_date(
        previous, recurrence=series.recurrence, interval_weeks=series.interval_weeks, weekday=series.weekday,
        nth=series.nth, day_of_month=day_of_month,
    )
