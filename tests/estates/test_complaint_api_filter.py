"""The complaints API narrows with the page's own FilterSet (``estates.filters.ComplaintFilter``):
the same parameters give the same complaints on both, a bad value is a 400, and the scope still
comes first (S2's official naming S1 gets nothing).

Frozen on 2026-06-15 (Beijing). C1's unit: one closed (March), one answered late (May), one unanswered
past its deadline (1 June), one filed today; C3's unit (S2): one unanswered past its deadline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from estates import services
from estates.models import Complaint

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 6, 15, 10, tzinfo=TZ)
URL = "/api/v1/property-complaints/"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)


@pytest.fixture
def complaints(tree, carol, charlie):
    with time_machine.travel(NOW, tick=False):
        company = make_company(tree.s1)
        unit, unit_s2 = make_unit(tree.c1, company), make_unit(tree.c3, company, name="杨园小区")

        def record(user, unit, day, matter):
            return services.complaint_record(user=user, unit=unit, matter=matter, description="投诉",
                                             filed_at=_at(day))

        closed = record(carol, unit, dt.date(2026, 3, 2), "elevator")
        services.complaint_answer(user=carol, complaint=closed, answer="已维修", answered_at=_at(dt.date(2026, 3, 3)))
        services.complaint_close(user=carol, complaint=Complaint.objects.get(pk=closed.pk), satisfaction=5)
        answered = record(carol, unit, dt.date(2026, 5, 4), "water")
        services.complaint_answer(user=carol, complaint=answered, answer="已疏通", answered_at=_at(dt.date(2026, 6, 1)))
        record(carol, unit, dt.date(2026, 6, 1), "security")
        record(carol, unit, dt.date(2026, 6, 15), "greenery")
        record(charlie, unit_s2, dt.date(2026, 6, 1), "elevator")
        yield


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _api_ids(user, params) -> set[int]:
    response = _api(user).get(URL, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _page_ids(client, params) -> set[int]:
    response = client.get(reverse("estates:complaint-list"), params)
    assert response.status_code == 200
    return {c.pk for c in response.context["page_obj"]}


@pytest.mark.parametrize(("params", "matters"), [
    ({"open": "true"}, {"water", "security", "greenery"}),
    ({"open": "false"}, {"elevator"}),
    ({"answer_overdue": "true"}, {"security"}),
    ({"status": "answered"}, {"water"}),
    ({"filed_after": "2026-05-01", "filed_before": "2026-06-01"}, {"water", "security"}),
    ({"subtree": "C1", "filed_after": "2026-06-15"}, {"greenery"}),
    ({"subtree": "C2"}, set()),
])
def test_api_filter_narrows_like_the_page(client, complaints, alice, params, matters):
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        from_api, from_page = _api_ids(alice, params), _page_ids(client, params)
    assert from_api == from_page
    assert set(Complaint.objects.filter(pk__in=from_api).values_list("matter", flat=True)) == matters
    assert len(from_api) < 4  # every case narrows S1's four complaints


def test_unfiltered_api_lists_the_whole_scope(complaints, alice):
    assert len(_api_ids(alice, {})) == 4


def test_a_bad_filter_value_is_a_400(complaints, alice):
    assert _api(alice).get(URL, {"open": "maybe"}).status_code == 400
    assert _api(alice).get(URL, {"filed_after": "yesterday"}).status_code == 400
    assert _api(alice).get(URL, {"status": "lost"}).status_code == 400


def test_an_outsider_gets_nothing_of_s1_whatever_the_filter(complaints, charlie):
    with time_machine.travel(NOW, tick=False):
        assert _api_ids(charlie, {"subtree": "S1"}) == set()
        assert _api_ids(charlie, {"subtree": "C1", "open": "true"}) == set()
        mine = _api_ids(charlie, {"answer_overdue": "true"})
    assert set(Complaint.objects.filter(pk__in=mine).values_list("unit__community__code", flat=True)) == {"C3"}
