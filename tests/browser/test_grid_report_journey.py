"""A grid report's journey in a real browser: 网格吹哨,部门报到.

gina (grid worker, G1) logs a household visit that found a hazard, which files the report;
alice (street official, S1) dispatches it to the street's station; dave (station staff) signs
for it, works on it and resolves it; carol (community secretary, not the dispatcher) verifies
and closes it; and the closure rate on the street's page goes from 0% to 100%.
The pages are used in their default language (Chinese), so steps are found by id, not by text.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from grids.models import GridWorker
from reports.models import GridReport, Status
from tests.conftest import PASSWORD
from tests.reports.factories import CategoryFactory, DepartmentFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(transactional_db, tree, gina, alice, carol, dave):
    GridWorker.objects.create(grid=tree.grid1, name="王网格", user=gina, is_leader=True)
    station = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    station.staff.add(dave)
    CategoryFactory(code="safety", name="安全隐患", default_department=station)
    return tree, station


def _login(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 412, "height": 915})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def _step(page, report: GridReport, action: str, fields: dict[str, str] | None = None) -> None:
    page.goto(reverse("reports:detail", args=[report.pk]))
    form = page.locator(f"#action-{action}")
    for name, value in (fields or {}).items():
        selector = f"#id_{action}-{name}"
        if page.locator(selector).evaluate("el => el.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))


def _closure_rate(page, org) -> str:
    page.goto(reverse("organizations:detail", args=[org.pk]))
    return page.locator("#closure-rate").inner_text().strip()


def test_grid_reports_a_hazard_and_the_department_reports_in(browser, live_server, journey):
    tree, station = journey

    # The grid worker logs a visit that found a hazard: the report is filed with it.
    gina = _login(browser, live_server, "gina")
    gina.goto(f"{reverse('services:visit-create')}?grid={tree.grid1.pk}")
    # The household is searched as she types (a picker), by the head of household's name.
    gina.locator("#id_household-ts-control").fill("王建国")
    gina.locator(".ts-dropdown .option", has_text="王建国").click()
    assert gina.locator("#id_household").input_value() == str(tree.household1.pk)
    gina.locator("input[name=kinds][value=hazard_found]").check()
    gina.select_option("#id_hazard_category", label="安全隐患")
    gina.fill("#id_hazard_description", "楼道堆放纸箱,堵塞消防通道")
    gina.locator("main form button[type=submit]").click()
    gina.wait_for_url(re.compile(r"/ledgers/visits/\d+/$"))
    report = GridReport.objects.get()
    assert (report.source, report.household_id, report.status) == ("visit", tree.household1.pk, Status.REPORTED)
    gina.locator(f'a[href="{reverse("reports:detail", args=[report.pk])}"]').click()
    assert "楼道堆放纸箱" in gina.locator("main").inner_text()
    assert gina.locator("#expected-completion").inner_text().strip() != "—"

    alice = _login(browser, live_server, "alice")
    assert _closure_rate(alice, tree.s1) == "0.0%"
    _step(alice, report, "dispatch", {"department": str(station.pk), "comment": "请城管中队立即清理"})

    dave = _login(browser, live_server, "dave")
    dave.goto(reverse("reports:inbox"))
    assert report.number in dave.locator("main").inner_text()
    _step(dave, report, "accept")
    _step(dave, report, "start", {"comment": "已联系物业"})
    _step(dave, report, "resolve", {"comment": "纸箱已清运,通道畅通"})

    # The dispatcher is not offered the closing step; the community secretary closes it.
    alice.goto(reverse("reports:detail", args=[report.pk]))
    assert alice.locator("#action-close").count() == 0
    carol = _login(browser, live_server, "carol")
    _step(carol, report, "close", {"outcome": "fixed", "satisfaction": "5", "comment": "回访居民,满意"})
    timeline = carol.locator("#timeline li")
    assert timeline.count() == 6
    carol.screenshot(path="/tmp/report_detail.png", full_page=True)

    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.satisfaction == 5
    assert _closure_rate(alice, tree.s1) == "100.0%"
    alice.screenshot(path="/tmp/report_panel.png", full_page=True)
