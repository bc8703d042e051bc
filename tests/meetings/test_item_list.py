"""The agenda-item list (议题): the user's area only, filtered by area, status, carry-over, escalation,
the dates of the meetings, and text (the same FilterSet answers the API), paginated with a flat
query count, each item linked to its page and to the meeting it is on now.

The scene, frozen on 2026-06-15: C1's 大党委 met in April (a streetlight resolved there, parking
raised), May and June; parking was carried to May and again to June (escalated at the second carry);
a rubbish problem raised in May was closed without a solution. S2's C3 has its own item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from meetings import item_services as items
from meetings import meeting_services as ms
from meetings import selectors
from meetings.models import AgendaItem, Meeting

from .conftest import ready_to_close
from .factories import make_body

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 15, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LIST = reverse("meetings:item-list")


@dataclass
class Scene:
    april: Meeting
    may: Meeting
    june: Meeting
    light: AgendaItem
    parking: AgendaItem
    rubbish: AgendaItem
    noise: AgendaItem


@pytest.fixture
def scene(tree, carol, charlie, council_c1, settings):
    settings.MEETINGS_ESCALATE_AFTER_CARRIES = 2
    with time_machine.travel(NOW, tick=False):
        series = ms.series_create(user=carol, body=council_c1, first_on=dt.date(2026, 4, 8), title="大党委月度联席会")
        april = series.meetings.get()
        light = items.item_raise(user=carol, meeting=april, title="楼道灯不亮")
        items.item_resolve(user=carol, item=light, resolution="已更换灯泡")
        parking = items.item_raise(user=carol, meeting=april, title="停车难", description="晚间占用消防通道")
        ready_to_close(carol, april)
        may = ms.meeting_close(user=carol, meeting=april).next_meeting
        rubbish = items.item_raise(user=carol, meeting=may, title="垃圾分类", description="")
        items.item_drop(user=carol, item=rubbish, reason="已移交城管")
        ready_to_close(carol, may)
        june = ms.meeting_close(user=carol, meeting=may).next_meeting
        other = ms.meeting_create(user=charlie, body=make_body(tree.c3), title="杨园联席会",
                                  held_on=dt.date(2026, 5, 6))
        noise = items.item_raise(user=charlie, meeting=other, title="广场舞噪音")
        yield Scene(april, may, june, light, AgendaItem.objects.get(pk=parking.pk), rubbish, noise)


def _listed(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {item.title for item in response.context["page_obj"]}


def test_scene_is_as_described(scene):
    assert scene.may.held_on < scene.june.held_on <= NOW.date()
    assert (scene.parking.times_carried, scene.parking.is_escalated, scene.parking.meeting) == (2, True, scene.june)


def test_street_official_sees_the_areas_items_and_the_other_street_none(client, scene, alice, charlie):
    client.force_login(alice)
    assert _listed(client) == {"楼道灯不亮", "停车难", "垃圾分类"}
    client.force_login(charlie)
    assert _listed(client) == {"广场舞噪音"}
    # Naming S1 narrows within S2's scope: nothing, and none of S1's titles on the page.
    response = client.get(LIST, {"subtree": "S1"})
    assert response.context["page_obj"].paginator.count == 0
    assert "停车难" not in response.content.decode()


def test_each_item_links_to_its_page_and_its_current_meeting(client, scene, carol):
    client.force_login(carol)
    body = client.get(LIST).content.decode()
    assert reverse("meetings:item-detail", args=[scene.parking.pk]) in body
    assert reverse("meetings:meeting-detail", args=[scene.june.pk]) in body
    assert reverse("meetings:item-list") in body  # the meetings navigation has the list


@pytest.mark.parametrize(("params", "titles"), [
    ({"status": "unresolved"}, {"停车难"}),
    ({"status": "solved"}, {"楼道灯不亮"}),
    ({"status": "dropped"}, {"垃圾分类"}),
    ({"status": "resolved"}, {"楼道灯不亮"}),
    ({"carried_over": "true"}, {"停车难"}),
    ({"carried_over": "false"}, {"楼道灯不亮", "垃圾分类"}),
    ({"escalated": "true"}, {"停车难"}),
    ({"subtree": "C1"}, {"楼道灯不亮", "停车难", "垃圾分类"}),
    ({"subtree": "C2"}, set()),
    ({"q": "消防通道"}, {"停车难"}),  # the description is searched too
    ({"q": "垃圾"}, {"垃圾分类"}),
    ({"raised_after": "2026-05-01"}, {"垃圾分类"}),
    ({"raised_before": "2026-04-30"}, {"楼道灯不亮", "停车难"}),
])
def test_filters_narrow_the_list(client, scene, alice, params, titles):
    client.force_login(alice)
    assert _listed(client, **params) == titles


def test_carried_dates_hold_for_one_and_the_same_carry_over(client, scene, alice):
    """Parking was carried to May's and to June's meeting: a window between them holds neither, so
    it is not listed, though one carry-over lies after its start and another before its end."""
    client.force_login(alice)
    may, june = scene.may.held_on, scene.june.held_on
    between = {"carried_after": (may + dt.timedelta(days=1)).isoformat(),
               "carried_before": (june - dt.timedelta(days=1)).isoformat()}
    assert _listed(client, **between) == set()
    assert _listed(client, carried_after=may.isoformat(), carried_before=may.isoformat()) == {"停车难"}
    assert _listed(client, carried_after=june.isoformat()) == {"停车难"}
    assert _listed(client, carried_before=(may - dt.timedelta(days=1)).isoformat()) == set()


def test_statistics_figures_equal_the_lists_counts(client, scene, alice):
    """The figures of meeting_stats count items, so the list with the same filters shows each one: an
    item carried twice in the period is one item carried over."""
    client.force_login(alice)
    since, until = dt.date(2026, 1, 1), NOW.date()
    stats = selectors.meeting_stats(user=alice, since=since, until=until)
    assert (stats["raised"], stats["resolved"], stats["carried"], stats["escalated"]) == (3, 1, 1, 1)
    span = {"raised_after": since.isoformat(), "raised_before": until.isoformat()}
    assert len(_listed(client, **span)) == stats["raised"]
    assert len(_listed(client, **span, status="solved")) == stats["resolved"]
    assert len(_listed(client, **span, escalated="true")) == stats["escalated"]
    assert len(_listed(client, carried_after=since.isoformat(), carried_before=until.isoformat())) == stats["carried"]


def test_a_bad_filter_value_leaves_the_list_whole_and_shows_the_error(client, scene, alice):
    client.force_login(alice)
    response = client.get(LIST, {"status": "nonsense", "raised_after": "not-a-date", "escalated": "maybe"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 3
    assert set(response.context["filter"].errors) == {"status", "raised_after", "escalated"}


def test_empty_state(client, tree, alice):
    client.force_login(alice)
    response = client.get(LIST)
    assert response.status_code == 200 and "alert" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0


def _more_items(user, meeting, n: int) -> None:
    for i in range(n):
        items.item_raise(user=user, meeting=meeting, title=f"更多议题{i}")


def test_pages_of_25_keep_the_filters(client, scene, carol, alice):
    with time_machine.travel(NOW, tick=False):
        _more_items(carol, scene.june, 30)
    client.force_login(alice)
    first = client.get(LIST, {"status": "unresolved"})
    assert first.context["page_obj"].paginator.count == 31 and len(first.context["page_obj"]) == 25
    assert "status=unresolved&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"status": "unresolved", "page": 2})
    assert len(second.context["page_obj"]) == 6


# session, user, grants; the capped count; the page of items with body, organisation, first and current
# meeting joined; the bell (a read opens no transaction and writes no session: issue 9).
LIST_QUERIES = 6


def test_query_count_does_not_grow_with_items(client, scene, carol, alice, django_assert_num_queries):
    client.force_login(alice)
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    with time_machine.travel(NOW, tick=False):
        _more_items(carol, scene.june, 20)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(LIST).context["page_obj"]) == 23
    # Naming an area costs one query more: its code resolved to a path.
    with django_assert_num_queries(LIST_QUERIES + 1):
        client.get(LIST, {"subtree": "C1"})


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_filters_like_the_page_and_an_outsider_gets_nothing(scene, alice, charlie):
    url = "/api/v1/agenda-items/"
    listed = _api(alice).get(url, {"status": "unresolved", "carried_over": "true"})
    assert listed.status_code == 200
    assert [row["title"] for row in listed.json()["results"]] == ["停车难"]
    assert {row["title"] for row in _api(alice).get(url, {"status": "solved"}).json()["results"]} == {"楼道灯不亮"}
    assert _api(alice).get(url, {"status": "nonsense"}).status_code == 400
    assert _api(charlie).get(url, {"subtree": "S1"}).json()["results"] == []
    assert [row["title"] for row in _api(charlie).get(url).json()["results"]] == ["广场舞噪音"]


def test_each_figure_of_the_statistics_page_opens_its_list(client, scene, alice):
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("meetings:stats"), {"subtree": "C1", "since": "2026-01-01", "until": "2026-06-15"})
        stats, links = page.context["stats"], page.context["links"]
        figures = (stats["held"], stats["raised"], stats["resolved"], stats["carried"], stats["escalated"])
        assert figures == (2, 3, 1, 1, 1)
        for name, url in links.items():
            assert "subtree=C1" in url
            assert client.get(url).context["page_obj"].paginator.count == stats[name], name
    assert f'href="{links["carried"].replace("&", "&amp;")}"' in page.content.decode()
