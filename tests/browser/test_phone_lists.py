"""On a 390×844 phone the busy lists read as cards: no sideways scrolling, every value labelled,
no column squeezed to one character per line, and the filter form folds all but its search box."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reports.services import report_file
from tests.conftest import PASSWORD
from tests.organizations.factories import MemberFactory
from tests.reports.factories import CategoryFactory

pytestmark = pytest.mark.browser

LISTS = ("reports:list", "organizations:member-list", "services:visit-list", "services:demand-list",
         "volunteers:order-list", "organizations:transfer-list")


@pytest.fixture
def phone(browser, live_server, transactional_db, tree, carol, gina):
    MemberFactory(name="欧阳建国", branch=tree.g1, household=tree.household1)
    report_file(user=gina, grid=tree.grid1, category=CategoryFactory(name="安全隐患"),
                description="燃气管道老化漏气，周边有老人和儿童经过", location="中华路1号")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(reverse("login"))
    page.fill("#id_username", "carol")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    yield page
    context.close()


def test_lists_fit_a_phone_without_sideways_scrolling(phone):
    for name in LISTS:
        phone.goto(reverse(name))
        phone.wait_for_selector("main")
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390, name


def test_rows_show_as_labelled_cards_and_filters_fold(phone):
    phone.goto(reverse("reports:list"))
    cell = phone.locator("table.table-cards tbody tr").first.locator("td").nth(2)
    assert cell.get_attribute("data-label") == "描述"
    # The description runs along the line: far taller than wide would mean one character per line.
    box = cell.bounding_box()
    assert box["width"] > 200 and box["height"] < 80
    assert phone.locator("#more-filters").is_hidden()
    phone.get_by_role("button", name="更多筛选条件").click()
    phone.wait_for_selector("#more-filters.show")
    phone.screenshot(path="/tmp/phone-reports.png")


def test_a_filter_in_use_stays_open_on_a_phone(phone):
    phone.goto(reverse("reports:list") + "?status=reported")
    phone.wait_for_selector("#more-filters.show")
    assert phone.locator("#id_status").is_visible()
