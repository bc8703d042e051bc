"""Statistics: the visits sentence for the user's scope and period, and set-based per-organisation figures."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from services.selectors import ledger_stats_table
from tests.services.factories import DemandFactory, VisitFactory


def _visits(tree, worker):
    VisitFactory(grid=tree.grid1, household=tree.household1, worker=worker, heart_to_heart=True, publicity=True)
    VisitFactory(grid=tree.grid1, household=tree.household1, worker=worker, hazard_found=True, mediation=True)
    VisitFactory(grid=tree.grid1, household=tree.household1, worker=worker, visited_on=dt.date(2025, 5, 1))


def test_statistics_page_states_the_visits_of_the_users_area_and_period(client, alice, tree, worker, settings):
    settings.LANGUAGE_CODE = "en"
    _visits(tree, worker)
    client.force_login(alice)
    response = client.get(reverse("services:stats") + "?start=2026-01-01&end=2026-06-15", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "grid workers of 中华路街道党工委 recorded 2 household visits, 1 heart-to-heart talks, 1 publicity" in body
    assert "1 disputes mediated" in body and "1 hazards reported" in body
    assert [row["name"] for row in response.context["rows"]] == ["西城壕社区党委"]


def test_statistics_sentence_in_chinese(client, carol, tree, worker):
    _visits(tree, worker)
    client.force_login(carol)
    body = client.get(reverse("services:stats") + "?start=2026-01-01&end=2026-06-15").content.decode()
    assert "西城壕社区党委网格员共入户走访2次，谈心谈话1次" in body


def test_outsider_statistics_show_nothing_of_s1(client, charlie, tree, worker):
    _visits(tree, worker)
    client.force_login(charlie)
    response = client.get(reverse("services:stats"))
    assert response.context["visits"]["visits"] == 0 and response.context["rows"] == []


def test_per_organisation_table_costs_the_same_queries_for_any_number_of_organisations(
    dana, tree, worker, django_assert_num_queries
):
    _visits(tree, worker)
    DemandFactory(organization=tree.g1)
    args = {"user": dana, "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31), "depth": 3}
    with django_assert_num_queries(8):  # grants, visits, pledges (with items and records), needy, demands, names
        rows = ledger_stats_table(**args)
    assert [(r["name"], r["visits"]["total"], r["demands"]["total"]) for r in rows] == [("西城壕社区党委", 2, 1)]
    VisitFactory(grid=tree.grid3, household=tree.household1)
    DemandFactory(organization=tree.c3)
    dana._scope_grants = None
    with django_assert_num_queries(8):
        assert len(ledger_stats_table(**args)) == 2


def test_every_per_organisation_statistic_has_the_one_shape(alice, carol, tree, worker, member_c1):
    """``{ancestor path: {"total": rows, ...figures}}`` for each ledger, so dashboards and the
    assessment engine read them alike; ``total`` counts rows, not the rows of a join."""
    from services.selectors import demand_stats_by_org, needy_stats_by_org, pledge_stats_by_org, visit_stats_by_org
    from tests.services.factories import NeedyFactory, PledgeFactory, PledgeItemFactory

    _visits(tree, worker)
    DemandFactory(organization=tree.g1)
    pledge = PledgeFactory(member=member_c1)
    PledgeItemFactory(pledge=pledge)
    PledgeItemFactory(pledge=pledge)
    needy = NeedyFactory(household=tree.household1)
    for day in (dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        needy.assistance.create(given_on=day, helper="社区党委", content="慰问")
    year = {"user": alice, "depth": 2}
    tables = {
        "visits": visit_stats_by_org(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), **year),
        "pledges": pledge_stats_by_org(year=2026, **year),
        "needy": needy_stats_by_org(year=2026, **year),
        "demands": demand_stats_by_org(year=2026, **year),
    }
    assert {name: (list(t), t[tree.s1.path]["total"]) for name, t in tables.items()} == {
        "visits": ([tree.s1.path], 2), "pledges": ([tree.s1.path], 1), "needy": ([tree.s1.path], 1),
        "demands": ([tree.s1.path], 1)}
    assert tables["pledges"][tree.s1.path]["pledge_items"] == 2
    assert tables["needy"][tree.s1.path]["assistance_acts"] == 2


def test_statistics_export_holds_the_figures_of_the_page(client, alice, tree, worker):
    from tests import export_readback

    _visits(tree, worker)
    DemandFactory(organization=tree.g1, received_on=dt.date(2026, 3, 1))
    client.force_login(alice)
    query = "?start=2026-01-01&end=2026-06-15"
    page = client.get(reverse("services:stats") + query)
    assert reverse("services:stats-export") in page.content.decode()
    response = client.get(reverse("services:stats-export") + query)
    sheet = export_readback.assert_formatted(
        response, sheet="按组织", title="中华路街道党工委 服务台账统计（按组织）",
        file_start="服务台账统计-中华路街道党工委-2026-01-01至2026-06-15-", header_row=3)
    assert sheet["A2"].value == "统计期间：2026-01-01 至 2026-06-15"
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    row = page.context["rows"][0]
    assert rows[0][:4] == (1, "西城壕社区党委", row["visits"]["total"], row["visits"]["hazard_found"]) == (
        1, "西城壕社区党委", 2, 1)
    assert rows[0][10] == row["demands"]["total"]
    assert rows[1][0] == "合计" and rows[1][2] == 2
    book = export_readback.read(response)
    kinds = {r[1]: r[2] for r in book["走访情况"].iter_rows(min_row=4, values_only=True)}
    assert kinds["入户走访"] == page.context["visits"]["household_visit"] == 2 and kinds["矛盾纠纷调解"] == 1
    workers = list(book["网格员走访排行"].iter_rows(min_row=4, values_only=True))
    assert workers[0][1:4] == (worker.name, tree.grid1.name, 2)
    assert export_readback.last_record(alice, "services:stats-export").query == "start=2026-01-01&end=2026-06-15"


def test_outsiders_statistics_export_holds_nothing_of_s1(client, charlie, tree, worker):
    from tests import export_readback

    _visits(tree, worker)
    client.force_login(charlie)
    book = export_readback.read(client.get(reverse("services:stats-export") + "?start=2026-01-01&end=2026-06-15"))
    assert book["按组织"].cell(row=4, column=1).value == "合计"
    assert {r[2] for r in book["走访情况"].iter_rows(min_row=4, values_only=True)} == {0}
