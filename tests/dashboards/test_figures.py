"""Every figure of a street's dashboard against the hand-placed scene (tests/dashboards/conftest.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboards.selectors import scope_figures
from organizations.models import Level

pytestmark = pytest.mark.django_db


def test_report_figures_of_a_street(tree, scene):
    reports = scope_figures(root=tree.s1)["reports"]
    assert reports["open"] == 2  # the overdue one and the one filed yesterday; last year's is closed
    assert reports["overdue"] == 1
    assert reports["year"]["reported"] == 3
    assert reports["year"]["closed"] == 1
    assert reports["year"]["closure_rate"] == round(100 * 1 / 3, 1)
    assert reports["month"]["reported"] == 3
    by_category = {row["name"]: row["reported"] for row in reports["by_category"]}
    assert by_category == {"安全隐患": 2, "环境卫生": 1}
    assert [(row["name"], row["reported"], row["id"]) for row in reports["by_department"]] == [
        ("中华路城管中队", 1, scene.station.pk)
    ]


def test_coverage_and_demands_of_a_street(tree, scene):
    figures = scope_figures(root=tree.s1)
    levels = {level: count for level, _label, count in figures["coverage"]["levels"]}
    assert levels[Level.COMMUNITY] == 2 and levels[Level.GRID] == 1
    assert figures["coverage"]["members"] == 2
    assert figures["ledgers"]["demands"]["total"] == 2
    assert figures["ledgers"]["demands"]["closed"] == 1


def test_trends_count_each_month_once(tree, scene):
    trends = scope_figures(root=tree.s2)["trends"]
    labels = [label for label, _start, _end in trends["months"]]
    assert len(labels) == 12 and labels[-1] == "2026-06"
    reported = dict(zip(labels, trends["reported"], strict=True))
    # G3: one report three days ago (June), one forty days ago (May 6th).
    assert reported["2026-06"] == 1 and reported["2026-05"] == 1
    assert sum(trends["reported"]) == 2
    assert dict(zip(labels, trends["demands"], strict=True))["2026-06"] == 1


def test_district_adds_up_its_streets(tree, scene):
    district = scope_figures(root=tree.district)["reports"]
    s1, s2 = scope_figures(root=tree.s1)["reports"], scope_figures(root=tree.s2)["reports"]
    assert district["overdue"] == s1["overdue"] + s2["overdue"] == 2
    assert district["year"]["reported"] == s1["year"]["reported"] + s2["year"]["reported"]


def test_figures_are_the_same_whoever_asks(tree, scene, alice, audrey, client):
    """Cached per root: the street official and the street's auditor read one copy."""
    client.force_login(alice)
    first = client.get(reverse("home")).context["figures"]
    client.force_login(audrey)
    assert client.get(reverse("home")).context["figures"]["computed_at"] == first["computed_at"]
