"""The dashboard in a real browser: a street official opens it, clicks the overdue figure and lands on
the filtered list; then each role's dashboard is photographed (desktop and phone) under /tmp/shots-dash/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-dash")


@pytest.fixture
def shots_scene(transactional_db, local_cache, tree, alice, carol, gina, dana, dave):
    from tests.dashboards.factories import make_report
    from tests.reports.factories import CategoryFactory, DepartmentFactory

    station = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    station.staff.add(dave)
    safety, litter = CategoryFactory(name="安全隐患"), CategoryFactory(name="环境卫生")
    for days, overdue, category in ((1, True, safety), (3, False, litter), (35, False, safety), (70, True, litter)):
        make_report(tree.grid1, category, days_ago=days, overdue=overdue, department=station)
    make_report(tree.grid3, safety, overdue=True)
    # A live server's test database is flushed, the district's frequency table (a data migration) too:
    # put it back so the 三会一课 panel shows what a real district sees. And members to count.
    from orglife.defaults import default_rule_rows
    from orglife.models import FrequencyRule
    from tests.organizations.factories import MemberFactory

    FrequencyRule.objects.bulk_create([FrequencyRule(**row) for row in default_rule_rows()], ignore_conflicts=True)
    MemberFactory.create_batch(3, branch=tree.g1)
    return tree


def _login(browser, live_server, username: str, width: int = 1280, height: int = 900):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                                  locale="zh-CN")
    context.set_default_timeout(30_000)  # a shared, busy machine: the first page compiles templates
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    return page, errors


def test_street_official_clicks_overdue_and_lands_on_the_list(browser, live_server, shots_scene):
    tree = shots_scene
    page, errors = _login(browser, live_server, "alice")
    assert page.locator("#fig-overdue .stat-figure").inner_text() == "2"
    page.wait_for_selector('[data-source="chart-trend"] canvas')
    page.click("#fig-overdue")
    page.wait_for_url(re.compile(r"/reports/\?"))
    assert f"subtree={tree.s1.code}" in page.url and "overdue=true" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2  # S1's two overdue reports, not S2's
    assert errors == []  # no CSP violation, no script error


@pytest.mark.parametrize("username", ["dana", "alice", "carol", "gina", "dave"])
def test_screenshots_of_each_role(browser, live_server, shots_scene, username):
    SHOTS.mkdir(exist_ok=True)
    for label, width, height in (("desktop", 1366, 900), ("phone", 390, 844)):
        page, errors = _login(browser, live_server, username, width, height)
        if page.locator(".dash-chart").count():
            # Every chart drawn to the end of its entry animation (dashboard.js marks it).
            from playwright.sync_api import expect

            expect(page.locator(".dash-chart:not([data-rendered])")).to_have_count(0)
        page.screenshot(path=str(SHOTS / f"{username}-{label}.png"), full_page=True)
        assert errors == []
        # Nothing wider than the screen on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        page.context.close()
