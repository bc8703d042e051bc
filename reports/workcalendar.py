"""Working time on China's official calendar (法定节假日与调休), for case deadlines.

Time limits are counted in hours that fall on working days only: 24 hours is one working
day, so a case dispatched on the eve of National Day is not due during the holiday, and a
swapped working Sunday (调休上班) counts. The calendar comes from ``chinesecalendar``
(updated each year when the State Council publishes the next year's holidays).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from django.utils import timezone

log = logging.getLogger(__name__)


@lru_cache(maxsize=4096)
def is_working_day(day: date) -> bool:
    """Official working day; beyond the package's data (future years not yet published, or
    before 2004) fall back to Monday–Friday rather than fail to compute a deadline."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        log.warning("No official calendar for %s; counting Monday to Friday as working days.", day.year)
        return day.weekday() < 5


def add_working_hours(start: datetime, hours: int) -> datetime:
    """``start`` plus ``hours`` counted only on working days, in local time."""
    cursor = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    # Bounded: a year has at least ~240 working days, so this ends within hours/24 * 2 days.
    while True:
        next_midnight = cursor.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        next_midnight = timezone.make_aware(next_midnight.replace(tzinfo=None))
        if is_working_day(cursor.date()):
            available = next_midnight - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = next_midnight


def add_working_days(start: datetime, days: int) -> datetime:
    return add_working_hours(start, days * 24)
