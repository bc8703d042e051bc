"""Complaint statistics per street or community: counts by status and matter, closure and
on-time rates, set-based (a pinned number of queries however many areas), scoped, and the same
figures in a formula-safe xlsx."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from estates import selectors, services
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH
from tests import export_readback

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
SINCE, UNTIL = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _file(user, unit, matter="elevator", day=10):
    return services.complaint_record(user=user, unit=unit, matter=matter, description="投诉",
                                     filed_at=dt.datetime(2026, 3, day, 9, tzinfo=TZ))


@pytest.fixture
def filed(dana, tree):
    """C1: three complaints (one answered on time and closed, one answered late, one waiting);
    C3 (the other street): one waiting; one of C1 filed outside the period."""
    company = make_company(tree.s1, name="江城物业")
    c1, c3 = make_unit(tree.c1, company), make_unit(tree.c3, make_company(tree.s2, name="楚天物业"))
    closed = _file(dana, c1, "elevator")
    services.complaint_answer(user=dana, complaint=closed, answer="已修复", answered_at=closed.filed_at)
    services.complaint_close(user=dana, complaint=closed, satisfaction=4)
    late = _file(dana, c1, "water", day=11)
    services.complaint_answer(user=dana, complaint=late, answer="已处理",
                              answered_at=late.answer_due_at + dt.timedelta(hours=1))
    _file(dana, c1, "water", day=12)
    _file(dana, c3, "cleaning")
    services.complaint_record(user=dana, unit=c1, matter="fees", description="去年的投诉",
                              filed_at=dt.datetime(2025, 12, 20, 9, tzinfo=TZ))
    return c1, c3


def test_counts_by_status_and_matter_with_rates_per_street(dana, tree, filed):
    rows, total = selectors.complaint_stats(user=dana, since=SINCE, until=UNTIL, depth=STREET_DEPTH)
    by_name = {r.name: r for r in rows}
    s1, s2 = by_name[tree.s1.name], by_name[tree.s2.name]
    assert (s1.total, s1.by_status) == (3, {"routed": 1, "answered": 1, "closed": 1})
    assert (s1.by_matter["elevator"], s1.by_matter["water"], s1.by_matter["fees"]) == (1, 2, 0)
    assert s1.closure_rate == pytest.approx(1 / 3) and s1.on_time_rate == pytest.approx(1 / 2)
    assert (s2.total, s2.by_matter["cleaning"], s2.on_time_rate) == (1, 1, None)
    assert total.total == 4 and total.closed == 1 and total.closure_rate == pytest.approx(1 / 4)


def test_a_street_official_sees_their_communities_only(alice, tree, filed):
    assert selectors.complaint_stats_depth(user=alice) == COMMUNITY_DEPTH
    rows, total = selectors.complaint_stats(user=alice, since=SINCE, until=UNTIL, depth=COMMUNITY_DEPTH)
    assert [r.name for r in rows] == [tree.c1.name] and total.total == 3


def test_the_statistics_take_two_queries_however_many_areas(dana, tree, filed):
    with CaptureQueriesContext(connection) as few:
        selectors.complaint_stats(user=dana, since=SINCE, until=UNTIL, depth=COMMUNITY_DEPTH)
    make_unit(tree.c2, make_company(tree.s1, name="黄鹤物业"))
    _file(dana, selectors.unit_list(user=dana).get(community=tree.c2))
    with CaptureQueriesContext(connection) as more:
        rows, _total = selectors.complaint_stats(user=dana, since=SINCE, until=UNTIL, depth=COMMUNITY_DEPTH)
    # The scope's role lookup, the GROUP BY, the names: the same count with one more community.
    assert len(rows) == 3 and len(more) == len(few) <= 3


def test_the_page_and_its_xlsx_show_the_figures(client, dana, tree, filed):
    client.force_login(dana)
    query = {"since": "2026-01-01", "until": "2026-12-31", "by": "community"}
    page = client.get(reverse("estates:complaint-stats"), query).content.decode()
    assert tree.c1.name in page and tree.c3.name in page and 'id="stats-by-matter"' in page
    response = client.get(reverse("estates:complaint-stats-export"), query)
    sheet = export_readback.assert_formatted(response, sheet="物业投诉统计", title="武昌区委 物业投诉统计",
                                             file_start="物业投诉统计-武昌区委-2026-01-01至2026-12-31-", header_row=4)
    assert sheet["A2"].value == "统计期间：2026-01-01 至 2026-12-31"
    # Row 3 the group headers (状态, 事项), row 4 the column titles; 序号 then the area.
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows[tree.c1.name][2] == 3 and rows[tree.c3.name][2] == 1
    assert sheet.cell(row=5, column=1).value == 1
    assert export_readback.last_record(dana, "estates:complaint-stats-export").query == (
        "since=2026-01-01&until=2026-12-31&by=community")


def test_a_formula_in_an_area_name_stays_text_in_the_xlsx(client, dana, tree, filed):
    tree.c3.name = "=HYPERLINK(\"http://x\")"
    tree.c3.save(update_fields=["name"])
    client.force_login(dana)
    response = client.get(reverse("estates:complaint-stats-export"), {"since": "2026-01-01", "until": "2026-12-31",
                                                                       "by": "community"})
    names = [r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names


def test_a_period_ending_before_it_starts_is_refused_and_the_default_shown(client, dana, filed):
    client.force_login(dana)
    response = client.get(reverse("estates:complaint-stats"), {"since": "2026-05-01", "until": "2026-01-01"})
    assert response.status_code == 200 and response.context["form"].errors
