"""The home dashboard and the comparison as pages: links, scoping, query counts, the export."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grids.models import Grid
from organizations.models import Level, OrgType
from reports.models import Status
from tests.organizations.factories import MemberFactory, make_org

from .factories import make_report

pytestmark = pytest.mark.django_db


def _home(client, user, **params):
    client.force_login(user)
    return client.get(reverse("home"), params)


def test_overdue_figure_links_to_the_filtered_list(client, tree, scene, alice):
    body = _home(client, alice).content.decode()
    assert f'href="/reports/?subtree={tree.s1.code}&amp;overdue=true"' in body
    listed = client.get(reverse("reports:list"), {"subtree": tree.s1.code, "overdue": "true"})
    assert [r.is_overdue for r in listed.context["page_obj"]] == [True]


def test_open_filter_lists_cases_not_closed(client, tree, scene, alice):
    client.force_login(alice)
    listed = client.get(reverse("reports:list"), {"subtree": tree.s1.code, "open": "true"})
    assert sorted(r.status for r in listed.context["page_obj"]) == [Status.REPORTED, Status.REPORTED]


def test_each_panel_says_when_it_was_computed(client, tree, scene, alice):
    body = _home(client, alice).content.decode()
    assert body.count('class="card-footer bg-transparent small text-body-secondary dash-stamp"') >= 10
    assert "统计于 10:00" in body  # the scene's clock: 10:00 in Beijing


def test_outsider_sees_nothing_of_another_street(client, tree, scene, charlie):
    response = _home(client, charlie, org=tree.s1.pk)  # asking for S1 falls back to charlie's own street
    assert response.context["root"] == tree.s2
    body = response.content.decode()
    assert tree.s1.code not in body and tree.s1.name not in body
    assert response.context["figures"]["reports"]["overdue"] == 1
    assert client.get(reverse("dashboards:compare"), {"org": tree.s1.pk}).status_code == 404
    assert client.get(reverse("dashboards:compare-export"), {"org": tree.c1.pk}).status_code == 404


def test_department_staff_see_their_inbox(client, tree, scene, dave):
    scene.station.staff.add(dave)
    inbox = _home(client, dave).context["inbox"]
    assert (inbox["open"], inbox["overdue"]) == (1, 1)
    assert [(row["category__name"], row["n"]) for row in inbox["by_category"]] == [("安全隐患", 1)]


def test_the_to_do_panel_stays(client, tree, scene, alice):
    assert 'id="todo"' in _home(client, alice).content.decode()


def _grow(tree, communities: int, first: int = 0) -> None:
    """More communities, grids, members and reports under S1: the page must not cost more queries."""
    category = tree.grid1.reports.first().category
    for n in range(first, first + communities):
        community = make_org(tree.s1, Level.COMMUNITY, f"CX{n}", f"新社区{n}", org_type=OrgType.BRANCH)
        branch = make_org(community, Level.GRID, f"GX{n}", f"新网格{n}")
        grid = Grid.objects.create(code=f"GRID-X{n}", name=f"新网格{n}", branch=branch)
        MemberFactory(branch=branch)
        make_report(grid, category, overdue=True)


def test_query_count_does_not_grow_with_the_area(client, tree, scene, alice, django_assert_num_queries):
    from django.core.cache import cache

    # The to-do list reads at most five rows of a queue and counts it only beyond that
    # (partybuild/todo.py): start both measures with queues longer than five.
    _grow(tree, communities=5)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    _grow(tree, communities=8, first=5)
    cache.clear()
    with django_assert_num_queries(len(small)):
        response = client.get(reverse("home"))
    assert response.context["figures"]["reports"]["open"] == 2 + 5 + 8
    # Cached: the page reads the session, the user, the roles and the to-do queues, not the figures.
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("home"))
    assert len(cached) < len(small) - 30


def test_comparison_sets_the_communities_side_by_side(client, tree, scene, alice):
    client.force_login(alice)
    response = client.get(reverse("dashboards:compare"), {"sort": "overdue", "dir": "desc"})
    rows = response.context["rows"]
    assert [r["code"] for r in rows] == ["C1", "C2"]
    c1, c2 = rows
    assert (c1["reported"], c1["open"], c1["overdue"], c1["members"], c1["demands"]) == (3, 2, 1, 2, 2)
    assert (c2["reported"], c2["open"], c2["overdue"], c2["members"]) == (0, 0, 0, 0)
    ascending = client.get(reverse("dashboards:compare"), {"sort": "members", "dir": "asc"}).context["rows"]
    assert [r["code"] for r in ascending] == ["C2", "C1"]


def test_comparison_query_count_does_not_grow(client, tree, scene, alice, django_assert_num_queries):
    from django.core.cache import cache

    client.force_login(alice)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboards:compare"))
    _grow(tree, communities=5)
    cache.clear()
    with django_assert_num_queries(len(small)):
        rows = client.get(reverse("dashboards:compare")).context["rows"]
    assert len(rows) == 2 + 5


def test_comparison_exports_safe_cells(client, tree, scene, alice):
    from tests.export_readback import assert_formatted, last_record

    tree.c2.name = "=HYPERLINK(\"http://evil.example\")"
    tree.c2.save(update_fields=["name"])
    client.force_login(alice)
    response = client.get(reverse("dashboards:compare-export"), {"sort": "code"})
    sheet = assert_formatted(response, sheet="下级组织对比", title=f"{tree.s1.name} 下级组织对比",
                             file_start=f"下级组织对比-{tree.s1.name}-", header_row=3)
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows[:2]] == ["C1", "C2"]
    assert rows[1][2].startswith("'=")  # formula neutralised
    from dashboards.views.compare import COLUMNS

    overdue = 3 + [key for key, _label in COLUMNS].index("overdue")  # after 序号, code and name
    assert sheet.cell(row=3, column=overdue + 1).value == str(dict(COLUMNS)["overdue"])
    assert (rows[0][overdue], rows[1][overdue]) == (1, 0)
    # The 合计 row sums the counts and leaves the rates blank.
    assert rows[2][0] == "合计" and rows[2][overdue] == 1
    closure = 3 + [key for key, _label in COLUMNS].index("closure_rate")
    assert rows[2][closure] is None
    assert last_record(alice, "dashboards:compare-export").total_rows == 2


def test_every_figure_and_segment_opens_a_list_that_accepts_its_filters(client, tree, scene, alice):
    """Each figure's link and each chart segment's link answers 200: a misspelt filter value would be a 400."""
    import html
    import json
    import re

    body = _home(client, alice).content.decode()
    figure_links = {html.unescape(h) for h in re.findall(r'class="dash-figure[^"]*" href="([^"]+)"', body)}
    charts = {name: json.loads(html.unescape(data)) for name, data in
              re.findall(r'<script id="chart-([a-z]+)" type="application/json">(.*?)</script>', body, re.S)}
    segment_links = {d["url"] for s in charts["trend"]["series"] for d in s["data"]}
    segment_links |= {d["url"] for name in ("categories", "departments", "closure") for d in charts[name] if d["url"]}
    assert len(figure_links) >= 20 and len(segment_links) >= 60
    for url in sorted(figure_links | segment_links):
        assert client.get(url).status_code == 200, url


def test_district_drills_down_from_a_street_to_its_communities(client, tree, scene, dana):
    client.force_login(dana)
    streets = client.get(reverse("dashboards:compare"))
    assert [r["code"] for r in streets.context["rows"]] == ["S1", "S2"]
    assert f'href="{reverse("dashboards:compare")}?org={tree.s1.pk}"' in streets.content.decode()
    communities = client.get(reverse("dashboards:compare"), {"org": tree.s1.pk}).context["rows"]
    assert [r["code"] for r in communities] == ["C1", "C2"]
