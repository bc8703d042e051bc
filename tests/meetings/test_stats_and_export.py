"""Statistics of a scope and period, and the xlsx of a meeting's agenda and outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings import item_services as items
from meetings import meeting_services as ms
from meetings import selectors
from tests import export_readback

from .conftest import ready_to_close

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 8, 9, tzinfo=dt.UTC)


@time_machine.travel(APRIL)
def test_statistics_count_held_raised_resolved_carried_escalated(carol, alice, charlie, april, settings):
    settings.MEETINGS_ESCALATE_AFTER_CARRIES = 1
    solved = items.item_raise(user=carol, meeting=april, title="楼道灯")
    items.item_resolve(user=carol, item=solved, resolution="已修")
    items.item_raise(user=carol, meeting=april, title="停车难")
    ready_to_close(carol, april)
    may = ms.meeting_close(user=carol, meeting=april).next_meeting
    carried = may.items.get()
    items.item_resolve(user=carol, item=carried, resolution="划线停车")
    stats = selectors.meeting_stats(user=alice, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))
    assert (stats["held"], stats["raised"], stats["resolved"], stats["carried"], stats["escalated"]) == (1, 2, 2, 1, 1)
    assert stats["average_meetings_to_resolve"] == 1.5
    assert selectors.meeting_stats(user=charlie, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))["raised"] == 0
    assert _stats_page_answers(alice)


def _stats_page_answers(user) -> bool:
    # A bad date falls back to today, never a 500.
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(reverse("meetings:stats"), {"since": "2026-01-01", "until": "bad"})
    return response.status_code == 200 and "联席会议" in response.content.decode()


@time_machine.travel(APRIL)
def test_agenda_export_lists_items_and_outcomes_formula_safe(client, carol, april, station):
    items.item_decide(user=carol, item=items.item_raise(user=carol, meeting=april, title="=HYPERLINK(1)"),
                      lead=station, responsible=["小区物业"])
    client.force_login(carol)
    response = client.get(reverse("meetings:meeting-export", args=[april.pk]))
    sheet = export_readback.assert_formatted(
        response, sheet="议题及结果", title=f"{april.body.name} {april.title} {april.held_on:%Y-%m-%d}",
        file_start=f"议题及结果-{april.body.name}-{april.title}-{april.held_on:%Y-%m-%d}")
    row = [c.value for c in sheet[3]]
    assert row[0] == 1
    assert row[1] == "'=HYPERLINK(1)" and row[5] == "已议定" and row[7] == station.name and row[8] == "小区物业"
    assert export_readback.last_record(carol, "meetings:meeting-export").total_rows == 1


def test_outsider_cannot_export(client, charlie, april):
    client.force_login(charlie)
    assert client.get(reverse("meetings:meeting-export", args=[april.pk])).status_code == 404
