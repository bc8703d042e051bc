"""Cached figures and changes: a write that touches its area (``summaries_touch``) shows on the very
next read of that area's dashboard, comparison and big screen; other areas keep their cached copy;
a row written behind the services' back shows once the copy expires (``CACHE_SECONDS``)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from dashboards.selectors import CACHE_SECONDS, comparison_rows, scope_figures
from reports import services as report_services
from screens.selectors import screen_data
from summaries.selectors import area_version
from volunteers import services as volunteer_services

from .factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks, eager_celery):
    """Run the on-commit callbacks (the touched buckets' recompute) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_filed_report_shows_on_the_next_read(tree, scene, gina, client, alice, commit):
    client.force_login(alice)
    assert client.get(reverse("home")).context["figures"]["reports"]["month"]["reported"] == 3
    with commit():
        report_services.report_file(user=gina, grid=tree.grid1, category=scene.safety, description="楼道堆物")
    # No waiting for the copy to expire: the street's version moved with the touch.
    assert client.get(reverse("home")).context["figures"]["reports"]["month"]["reported"] == 4
    assert comparison_rows(root=tree.s1)["rows"][0]["reported"] == 4
    assert scope_figures(root=tree.district)["reports"]["month"]["reported"] == 3 + 1 + 1  # S1 + S2's June one


def test_a_touch_moves_the_versions_above_it_and_no_other(tree, scene, carol, commit):
    before = {org.code: area_version(org.path) for org in (tree.district, tree.s1, tree.c1, tree.s2, tree.c3, tree.g1)}
    with commit():
        volunteer_services.order_place(user=carol, community=tree.c1, phone="13700001111", category="errands",
                                       need="买药")
    after = {org.code: area_version(org.path) for org in (tree.district, tree.s1, tree.c1, tree.s2, tree.c3, tree.g1)}
    moved = {code for code in before if before[code] != after[code]}
    # The community, everything above it, and the grid below it (a grid reads its community's version).
    assert moved == {tree.district.code, tree.s1.code, tree.c1.code, tree.g1.code}


def test_an_order_shows_on_the_dashboard_and_the_big_screen_at_once(tree, scene, carol, dana, commit):
    assert scope_figures(root=tree.s1)["volunteering"]["placed"] == 0
    assert screen_data(user=dana, root=tree.s1)["volunteers"]["today"] == 0
    with commit():
        volunteer_services.order_place(user=carol, community=tree.c1, phone="13700001111", category="errands",
                                       need="买药")
    assert scope_figures(root=tree.s1)["volunteering"]["placed"] == 1
    assert screen_data(user=dana, root=tree.s1)["volunteers"]["today"] == 1


def test_a_row_written_without_a_touch_shows_once_the_copy_expires(tree, scene, frozen, client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).context["figures"]["reports"]["overdue"] == 1
    make_report(tree.grid1, scene.safety, overdue=True)  # straight into the table: no service, no touch
    assert client.get(reverse("home")).context["figures"]["reports"]["overdue"] == 1
    with time_machine.travel(frozen + dt.timedelta(seconds=CACHE_SECONDS + 1), tick=False):
        assert client.get(reverse("home")).context["figures"]["reports"]["overdue"] == 2
