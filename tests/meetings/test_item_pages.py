"""Agenda pages: one click from a grid report or a demand, outcomes on the meeting page, the close
preview with drop-with-reason, the department's inbox, and the meeting page's query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from meetings import item_services as items
from meetings.models import AgendaItem, FollowUpTask

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 8, 9, tzinfo=dt.UTC)
# The same with 3 items or 23 (see the test at the end for what they are).
MEETING_PAGE_QUERIES = 12


def test_grid_report_and_demand_pages_link_to_the_meeting(client, carol, grid_report, demand_c1, april):
    client.force_login(carol)
    page = client.get(reverse("reports:detail", args=[grid_report.pk])).content.decode()
    pick = f'{reverse("meetings:raise-pick")}?report={grid_report.pk}'
    assert pick in page
    demand_page = client.get(reverse("services:demand-detail", args=[demand_c1.pk])).content.decode()
    assert f"?demand={demand_c1.pk}" in demand_page
    choices = client.get(pick).content.decode()
    assert april.body.name in choices
    response = client.post(reverse("meetings:item-raise", args=[april.pk]), {"report": grid_report.pk})
    assert response.status_code == 302
    assert AgendaItem.objects.get(report=grid_report).meeting == april


def test_outsider_cannot_raise_someone_elses_report(client, charlie, grid_report, april):
    client.force_login(charlie)
    assert client.get(f'{reverse("meetings:raise-pick")}?report={grid_report.pk}').status_code == 404
    assert client.post(reverse("meetings:item-raise", args=[april.pk]), {"title": "x"}).status_code == 404


@time_machine.travel(APRIL)
def test_outcomes_from_the_pages_and_the_close_preview(client, carol, april, station):
    client.force_login(carol)
    a = items.item_raise(user=carol, meeting=april, title="楼道灯不亮")
    b = items.item_raise(user=carol, meeting=april, title="消防通道堵塞")
    c = items.item_raise(user=carol, meeting=april, title="停车难")
    client.post(reverse("meetings:item-resolve", args=[a.pk]), {"resolution": "已更换", "next": "meeting"})
    client.post(reverse("meetings:item-decide", args=[b.pk]), {
        "lead_department": station.pk, "unit_names": "小区物业", "due_in_working_days": 5,
    })
    client.post(reverse("meetings:item-defer", args=[c.pk]), {"note": "待报方案"})
    states = dict(AgendaItem.objects.values_list("pk", "state"))
    assert states == {a.pk: "resolved", b.pk: "decided", c.pk: "deferred"}
    preview = client.get(reverse("meetings:meeting-close", args=[april.pk])).content.decode()
    assert "消防通道堵塞" in preview and "停车难" in preview and "楼道灯不亮" not in preview
    client.post(reverse("meetings:item-drop", args=[c.pk]), {"reason": "", "next": "close"})
    assert AgendaItem.objects.get(pk=c.pk).state == "deferred"


@time_machine.travel(APRIL)
def test_department_inbox_and_completion(client, carol, dave, april, station):
    item = items.item_decide(user=carol, item=items.item_raise(user=carol, meeting=april, title="消防通道堵塞"),
                             lead=station)
    client.force_login(dave)
    page = client.get(reverse("meetings:task-list")).content.decode()
    assert "消防通道堵塞" in page
    task = FollowUpTask.objects.get(item=item)
    client.post(reverse("meetings:task-complete", args=[task.pk]), {"note": "已清理"})
    assert AgendaItem.objects.get(pk=item.pk).state == "done"
    # Department staff see no meeting, only their task.
    assert client.get(reverse("meetings:meeting-detail", args=[april.pk])).status_code == 404


def _meeting_page_queries(client, meeting) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 200
    return len(ctx)


@time_machine.travel(APRIL)
def test_meeting_page_query_count_is_flat_in_items(client, carol, april, station, django_assert_num_queries):
    client.force_login(carol)
    for i in range(3):
        items.item_raise(user=carol, meeting=april, title=f"议题{i}")
    client.get(reverse("meetings:meeting-detail", args=[april.pk]))
    assert _meeting_page_queries(client, april) == MEETING_PAGE_QUERIES
    for i in range(20):
        item = items.item_raise(user=carol, meeting=april, title=f"更多议题{i}")
        if i % 2:
            items.item_decide(user=carol, item=item, lead=station, responsible=["物业"])
    # session, user, grants; the meeting with body, organisation, convenor, series and closer;
    # attendees, attachments, events; the items with their entries and tasks; the decide form's
    # department choices are not built on the list; close refusals (minutes, attendance); the
    # notifications badge (a read writes no session and opens no transaction: issue 9).
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        assert client.get(reverse("meetings:meeting-detail", args=[april.pk])).status_code == 200
