"""The notification bell and inbox on a phone: the bell shows outside the collapsed menu, and the
buttons mark read through htmx without reloading the page, updating the bell as they go."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.conftest import PASSWORD
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}  # a common Android phone
SCREENSHOT = "/tmp/notifications_phone.png"


@pytest.fixture
def inbox(transactional_db, gina, carol):
    NotificationFactory(recipient=gina, title="事项 WG001 已超时", url=reverse("home"))
    NotificationFactory(recipient=gina, title="事项 WG002 已超时")
    NotificationFactory(recipient=carol, title="卡罗尔的通知")
    return gina


def test_phone_user_reads_notifications_from_the_bell(browser, live_server, inbox):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", "gina")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))

    # On a phone the menu is collapsed, the bell is not: it shows the unread count.
    assert page.locator("#portal-nav").is_hidden()
    bell = page.locator("#notification-bell")
    assert bell.is_visible() and bell.locator(".badge").inner_text() == "2"
    # ...on the same row as the brand and the menu button, not wrapped below them.
    assert abs(bell.bounding_box()["y"] - page.locator(".navbar-brand").bounding_box()["y"]) < 20
    assert abs(bell.bounding_box()["y"] - page.locator(".navbar-toggler").bounding_box()["y"]) < 20
    bell.click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    assert "卡罗尔的通知" not in page.content()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENSHOT, full_page=True)

    # Marking one read swaps the list and the bell in place: the page is not reloaded.
    page.evaluate("() => { window.notReloaded = true; }")
    page.get_by_role("button", name="标为已读", exact=True).first.click()
    page.wait_for_function("() => document.querySelector('#notification-bell .badge')?.innerText === '1'")
    assert page.evaluate("() => window.notReloaded") is True
    assert page.get_by_role("button", name="标为已读", exact=True).count() == 1

    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_function("() => !document.querySelector('#notification-bell .badge')")
    assert page.evaluate("() => window.notReloaded") is True
    assert not Notification.objects.filter(recipient=inbox, read_at__isnull=True).exists()
    context.close()
