"""A street official's journey through the tree pages in a real browser.

alice (street official on S1) logs in through the form, switches the portal to English,
browses and searches the tree, opens a community and its coverage, and cannot open S2.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from organizations.models import Level, MemberCategory, OrgType
from tests.conftest import PASSWORD
from tests.organizations.factories import MemberFactory, make_org

pytestmark = pytest.mark.browser

SCREENSHOTS = {"tree": "/tmp/tree.png", "org": "/tmp/org.png", "coverage": "/tmp/coverage.png",
               "street_coverage": "/tmp/coverage_street.png"}


@pytest.fixture
def journey_data(transactional_db, tree, alice):
    """The conftest tree, plus members and a compound branch under C1 so the figures say something."""
    for _ in range(3):
        MemberFactory(branch=tree.g1)
    MemberFactory(branch=tree.b1, category=MemberCategory.PROBATIONARY)
    MemberFactory(branch=tree.c2)
    make_org(tree.c1, Level.SPECIAL, "X1", "紫阳小区党支部", org_type=OrgType.COMPOUND_BRANCH,
             established_on=dt.date(2021, 7, 1))
    return tree


def test_street_official_browses_searches_and_reads_coverage(page, live_server, journey_data):
    tree = journey_data

    # Log in through the form; the login page is in the default language (Chinese), so switch first.
    page.goto("/login/")
    page.locator("nav .dropdown-toggle").click()
    page.locator("button[name=language][value=en]").click()
    page.wait_for_selector("html[lang=en]")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Street official" in page.locator("#my-roles").inner_text()
    # The vendored assets load from the live server (no CDN): Bootstrap styles the navbar.
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert page.evaluate("() => typeof window.bootstrap") == "object"
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"

    # The menu groups the organisation pages under one dropdown; the tree starts at S1, and
    # expanding it loads its communities through htmx.
    page.get_by_role("button", name="Organisation", exact=True).click()
    page.locator(f'nav a[href="{reverse("organizations:tree")}"]').click()
    page.wait_for_selector("#org-tree")
    assert page.locator("#org-tree > li").count() == 1
    page.locator(f'button[aria-controls="children-{tree.s1.pk}"]').click()
    children = page.locator(f"#children-{tree.s1.pk}")
    children.get_by_role("link", name="西城壕社区党委", exact=True).wait_for()
    assert children.get_by_role("link", name="户部巷社区党支部", exact=True).is_visible()
    # A second level expands too, and collapsing hides it again without reloading.
    page.locator(f'button[aria-controls="children-{tree.c1.pk}"]').click()
    page.locator(f"#children-{tree.c1.pk}").get_by_role("link", name="西城壕第一网格党支部", exact=True).wait_for()
    page.screenshot(path=SCREENSHOTS["tree"], full_page=True)
    page.locator(f'button[aria-controls="children-{tree.s1.pk}"]').click()
    assert children.is_hidden()

    # Search by name: matches come with their ancestor path, and nothing from S2.
    page.fill("#tree-search", "西城壕")
    page.press("#tree-search", "Enter")
    results = page.locator("#search-results")
    results.wait_for()
    assert results.locator("li").count() == 2
    assert "中华路街道党工委" in results.inner_text()
    page.fill("#tree-search", "杨园")
    page.press("#tree-search", "Enter")
    page.get_by_text("No organisation in your area matches this search.").wait_for()
    page.fill("#tree-search", "西城壕")
    page.press("#tree-search", "Enter")

    # Open the community's page.
    page.locator("#search-results a.fw-semibold", has_text="西城壕社区党委").click()
    page.wait_for_url(f"**{reverse('organizations:detail', args=[tree.c1.pk])}")
    assert page.locator("h1").inner_text() == "西城壕社区党委"
    assert page.locator("#org-actions").is_visible()
    assert "西城壕第一网格党支部" in page.locator("table").inner_text()
    page.screenshot(path=SCREENSHOTS["org"], full_page=True)

    # Its coverage: one grid, one building, one household, one compound branch, 4 current members.
    page.get_by_role("link", name="Coverage statistics").click()
    page.wait_for_url(f"**{reverse('organizations:coverage', args=[tree.c1.pk])}")
    assert page.locator("#coverage-sentence p").inner_text() == (
        "1 grid branch; 1 building group; 1 member household; 1 special organisation; 4 members"
    )
    assert page.locator("#stat-members").inner_text() == "4"
    assert page.locator("#stat-probationary").inner_text() == "1"
    assert "Residential compound branch\t1" in page.locator("#table-special-types").inner_text()
    page.screenshot(path=SCREENSHOTS["coverage"], full_page=True)

    # Up the breadcrumb to the street, and its coverage: the sentence districts report.
    page.locator("nav[aria-label=breadcrumb]").get_by_role("link", name="中华路街道党工委").click()
    page.get_by_role("link", name="Coverage statistics").click()
    page.wait_for_url(f"**{reverse('organizations:coverage', args=[tree.s1.pk])}")
    assert page.locator("#coverage-sentence p").inner_text() == (
        "2 communities: 1 party committee, 1 branch; 1 grid branch; 1 building group; 1 member household; "
        "1 special organisation; 5 members"
    )
    page.screenshot(path=SCREENSHOTS["street_coverage"], full_page=True)

    # Another street's organisation does not exist for alice.
    response = page.goto(reverse("organizations:detail", args=[tree.s2.pk]))
    assert response.status == 404
    assert "杨园" not in page.content()
