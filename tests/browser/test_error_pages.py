"""Error pages in a real browser (issue 8): a refused page, a missing page and a server error are
styled, in Chinese, and lead back home; screenshots in /tmp/error_*.png."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_refused_missing_and_failed_pages_lead_back_home(page, live_server, transactional_db, tree, gina,
                                                         member_c1, settings):
    _sign_in(page, live_server, gina)
    page.goto(reverse("organizations:member-list"))
    history = reverse("audit:history", args=["organizations", "member", member_c1.pk])
    response = page.goto(history)
    assert response.status == 403
    card = page.locator(".portal-error")
    assert card.get_attribute("data-status") == "403"
    assert page.locator("#error-reason").inner_text() == "您的角色无权查看变更记录。"
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"  # styled
    page.screenshot(path="/tmp/error_403.png", full_page=True)

    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in page.locator("h1").inner_text()
    page.screenshot(path="/tmp/error_404.png", full_page=True)
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(f"{live_server.url}/")

    settings.ROOT_URLCONF = "tests.audit.error_urls"
    response = page.goto("/boom/")
    assert response.status == 500
    assert page.locator("h1").inner_text() == "系统出错了"
    assert page.locator(".portal-navbar").evaluate("el => getComputedStyle(el).display") == "flex"
    page.screenshot(path="/tmp/error_500.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/error_500_phone.png", full_page=True)
