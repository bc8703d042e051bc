"""/workbooks/ in a real browser: a street official picks the annual statistics of their street and
downloads it; the file opens in openpyxl with the street in its title and the 合计 row; the page has no
script or CSP error and fits a phone's width. Screenshots under /tmp/shots-dash/."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.test_dashboard_journey import SHOTS, _login

pytestmark = pytest.mark.browser


@pytest.fixture
def street_scene(transactional_db, local_cache, tree, alice):
    from tests.dashboards.factories import make_report
    from tests.organizations.factories import MemberFactory
    from tests.reports.factories import CategoryFactory

    safety = CategoryFactory(name="安全隐患")
    make_report(tree.grid1, safety, days_ago=2)
    make_report(tree.grid1, safety, days_ago=3, status="closed")
    MemberFactory.create_batch(3, branch=tree.g1)
    return tree


def test_street_official_downloads_the_annual_statistics(browser, live_server, street_scene, tmp_path):
    tree = street_scene
    page, errors = _login(browser, live_server, "alice")
    page.goto("/workbooks/")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "workbooks-desktop.png"), full_page=True)
    assert page.locator("#annual-root option:checked").inner_text() == tree.s1.name
    with page.expect_download() as download:
        page.locator("form[action$='/workbooks/annual/'] button[type=submit]").click()
    saved = Path(tmp_path) / "annual.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".xlsx") and "党建工作统计表" in download.value.suggested_filename
    book = load_workbook(saved)
    assert book.sheetnames == ["汇总", tree.s1.name]
    summary = book["汇总"]
    assert summary["A1"].value.startswith(f"{tree.s1.name} ")
    rows = list(summary.iter_rows(values_only=True))
    headers = [low or top for top, low in zip(rows[2], rows[3], strict=True)]
    total = next(dict(zip(headers, r, strict=True)) for r in rows if r[0] == "合计")
    assert (total["党员"], total["上报"], total["办结"]) == (3, 2, 1) and total["办结率"] == 0.5
    assert errors == []
    page.context.close()


def test_workbooks_page_fits_a_phone(browser, live_server, street_scene):
    page, errors = _login(browser, live_server, "alice", 390, 844)
    page.goto("/workbooks/")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "workbooks-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    assert errors == []
    page.context.close()
