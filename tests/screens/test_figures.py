"""The big screen's figures against hand-counted data (see conftest: the clock stands at
15 June 2026, 10:00 in Wuhan)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screens import selectors
from tests.organizations.factories import make_org
from tests.screens.conftest import at, file_report
from tests.services.factories import DemandFactory, VisitFactory
from tests.stars.bulk import communities_with_stars
from tests.stars.factories import star_year
from tests.volunteers.factories import make_order


def figures(user, root):
    return selectors.screen_figures(user=user, root=root)


def test_street_report_figures_count_wuhan_days(reports, alice, tree):
    data = figures(alice, tree.s1)["reports"]
    # Today: reported after midnight and at 08:00; closed at 08:00 and 09:30; overdue now: two open cases.
    assert data["today"] == {"new": 2, "closed": 2, "overdue": 2}
    # June's reports: after-midnight, closed-today, June 3rd, June 10th, yesterday late = 5, of which
    # 2 are closed and 1 overdue; June's closures also count May 20th's case closed on June 2nd.
    month = data["month"]
    assert (month["new"], month["closed"], month["overdue"], month["closures"]) == (5, 2, 1, 3)
    assert month["closure_rate"] == 40.0
    assert (data["year"]["new"], data["year"]["closed"], data["year"]["closure_rate"]) == (7, 3, 42.9)


def test_trend_is_bounded_and_ends_today(reports, alice, tree):
    trend = figures(alice, tree.s1)["reports"]["trend"]
    assert len(trend) == selectors.TREND_DAYS
    assert trend[-1] == {"date": "2026-06-15", "new": 2, "closed": 2}
    assert trend[-2] == {"date": "2026-06-14", "new": 1, "closed": 0}
    by_day = {d["date"]: d for d in trend}
    assert by_day["2026-06-02"]["closed"] == 1 and by_day["2026-06-10"]["new"] == 1


def test_district_adds_the_other_street(reports, dana, tree):
    data = figures(dana, tree.district)["reports"]
    assert data["today"] == {"new": 3, "closed": 3, "overdue": 2}


def test_district_admin_looking_at_a_street_sees_only_that_street(reports, dana, alice, tree):
    make_order(tree.c3, placed_at=at("2026-06-15"))
    assert figures(dana, tree.s1) | {"computed_at": None} == figures(alice, tree.s1) | {"computed_at": None}
    assert figures(dana, tree.s2)["reports"]["today"] == {"new": 1, "closed": 1, "overdue": 0}
    assert figures(dana, tree.s2)["volunteers"]["today"] == 1


def test_ticker_masks_personal_data(reports, alice, tree):
    data = figures(alice, tree.s1)
    ticker = data["ticker"]
    assert len(ticker) == 7  # S1's reports, newest first; S2's is not there
    assert ticker[0]["at"] == "06-15 08:00" and ticker[-1]["at"] == "04-01 09:00"
    assert {row["reporter"] for row in ticker} == {"王**"}
    text = json.dumps(data, ensure_ascii=False)
    for personal in ("王小明", "13812345678", "张三"):
        assert personal not in text


def test_ticker_keeps_at_most_its_size(tree, alice, reporter, category):
    for hour in range(selectors.TICKER_SIZE + 5):
        file_report(tree.grid1, reporter, category, at("2026-06-14", f"{hour:02d}:00"))
    ticker = figures(alice, tree.s1)["ticker"]
    assert len(ticker) == selectors.TICKER_SIZE
    assert ticker[0]["at"] == f"06-14 {selectors.TICKER_SIZE + 4:02d}:00"


def test_volunteer_orders_of_the_month_and_today(tree, alice, dana):
    make_order(tree.c1, placed_at=at("2026-06-15", "09:00"))
    make_order(tree.c2, placed_at=at("2026-06-02"), status="done")
    make_order(tree.c1, placed_at=at("2026-05-31", "23:00"), status="done")  # May in Wuhan
    make_order(tree.c3, placed_at=at("2026-06-15", "08:00"))
    assert figures(alice, tree.s1)["volunteers"] == {"month": 2, "done": 1, "today": 1}
    assert figures(dana, tree.district)["volunteers"] == {"month": 3, "done": 1, "today": 2}


def test_ledger_counts_of_the_year(tree, alice):
    VisitFactory(grid=tree.grid1, household=tree.household1, visited_on=dt.date(2026, 6, 1))
    VisitFactory(grid=tree.grid1, household=tree.household1, visited_on=dt.date(2025, 12, 31))
    DemandFactory(organization=tree.c1, received_on=dt.date(2026, 2, 1))
    DemandFactory(organization=tree.c3, received_on=dt.date(2026, 2, 1))
    ledgers = figures(alice, tree.s1)["ledgers"]
    assert (ledgers["visits"], ledgers["demands"]) == (1, 1)


def test_coverage_shows_the_levels_below(tree, alice, dana):
    street = figures(alice, tree.s1)["coverage"]
    levels = {row["level"]: row["count"] for row in street["levels"]}
    assert levels == {"community": 2, "grid": 1, "building": 1, "household": 1}
    district = {row["level"]: row["count"] for row in figures(dana, tree.district)["coverage"]["levels"]}
    assert district["street"] == 2 and district["community"] == 3


def test_stars_of_the_year(tree, dana):
    star_year(dana, 2026)
    communities_with_stars(tree.s1, count=2, stars=2)
    communities_with_stars(tree.s2, count=1, stars=1, prefix="Y")
    stars = figures(dana, tree.s1)["stars"]
    assert (stars["awarded"], stars["communities"]) == (4, 2)
    assert sum(s["count"] for s in stars["per_star"]) == 4


def test_ranking_without_assessment_is_the_closure_rate_of_the_level_below(reports, dana, tree):
    ranking = figures(dana, tree.district)["ranking"]
    assert ranking["kind"] == "closure_rate"
    # S2: its one report closed (100%); S1: 3 of 7 (42.9%).
    assert [(r["rank"], r["name"], r["value"]) for r in ranking["rows"]] == [
        (1, tree.s2.name, 100.0), (2, tree.s1.name, 42.9)]


def _queries(user, root) -> int:
    with CaptureQueriesContext(connection) as ctx:
        figures(user, root)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_scope(reports, dana, tree, reporter, category):
    star_year(dana, 2026)
    small = _queries(dana, tree.district)
    # Ten more streets, each with communities, grids, reports, orders and stars.
    for i in range(10):
        street = make_org(tree.district, "street", f"SX{i}", f"新街道{i}")
        communities = communities_with_stars(street, count=3, stars=2, prefix=f"Z{i}")
        for community in communities:
            grid_branch = make_org(community, "grid", f"{community.code}G", f"{community.name}网格")
            from grids.models import Grid

            grid = Grid.objects.create(code=f"GRID-{grid_branch.code}", name=grid_branch.name, branch=grid_branch)
            for day in ("2026-06-15", "2026-06-01", "2026-03-01"):
                file_report(grid, reporter, category, at(day), closed_at=at("2026-06-15", "09:00"))
            make_order(community, placed_at=at("2026-06-15"))
    large = _queries(dana, tree.district)
    assert large == small
    assert large <= 25


def test_screen_data_is_cached_per_organisation_and_day(reports, alice, tree, clock, reporter, category,
                                                        django_assert_num_queries):
    first = selectors.screen_data(user=alice, root=tree.s1)
    file_report(tree.grid1, reporter, category, at("2026-06-15", "09:50"))
    with django_assert_num_queries(0):
        again = selectors.screen_data(user=alice, root=tree.s1)
    assert again == first
    # A minute later the figures are computed again, with the time they were computed.
    clock.shift(dt.timedelta(seconds=selectors.CACHE_SECONDS + 1))
    later = selectors.screen_data(user=alice, root=tree.s1)
    assert later["reports"]["today"]["new"] == first["reports"]["today"]["new"] + 1
    assert later["computed_at"] > first["computed_at"]


def test_midnight_rolls_today_over(reports, alice, tree, clock):
    before = selectors.screen_data(user=alice, root=tree.s1)
    assert before["today"] == "2026-06-15" and before["reports"]["today"]["new"] == 2
    # Five seconds after midnight in Wuhan: well inside the cache's minute, yet a new day.
    clock.move_to(at("2026-06-16", "00:00") + dt.timedelta(seconds=5))
    after = selectors.screen_data(user=alice, root=tree.s1)
    assert after["today"] == "2026-06-16"
    assert (after["reports"]["today"]["new"], after["reports"]["today"]["closed"]) == (0, 0)
    assert after["reports"]["trend"][-1]["date"] == "2026-06-16"


@pytest.mark.parametrize("root_name", ["district", "s1"])
def test_everything_is_json(reports, dana, tree, root_name):
    json.dumps(selectors.screen_data(user=dana, root=getattr(tree, root_name)))
