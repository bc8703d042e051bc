"""The demo's activity runs up to the day it is loaded (issue 8), so a newcomer's lists and
dashboards show the current month, whatever day that is."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from organizations import demo
from reports.models import GridReport
from services.models import GridVisit

pytestmark = pytest.mark.django_db

LOADED = dt.datetime(2027, 3, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_demo_activity_reaches_the_month_it_is_loaded_in_and_never_passes_it():
    with time_machine.travel(LOADED, tick=False):
        demo.seed(scale="small")
        today = timezone.localdate()
    month = today.replace(day=1)
    assert today == dt.date(2027, 3, 28)
    assert GridVisit.objects.filter(visited_on__gte=month).exists()
    assert GridReport.objects.filter(reported_at__gte=LOADED.replace(day=1, hour=0)).exists()
    assert not GridVisit.objects.filter(visited_on__gt=today).exists()
    assert not GridReport.objects.filter(reported_at__gt=LOADED).exists()
