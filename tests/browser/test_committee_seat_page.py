"""A branch secretary keeps the committee (支委会) on a phone: she opens her branch's committee page,
adds a seat by typing part of a member's name into the search-as-you-type picker, and sees the seat
serving; ending it takes one more page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from orglife.models import CommitteeMember
from tests.conftest import PASSWORD
from tests.orglife.factories import member

pytestmark = pytest.mark.browser


@pytest.fixture
def branch(transactional_db, tree, carol):
    return [member(tree.g1, name=n) for n in ("张秀英", "李建华", "王海燕")]


def test_secretary_adds_and_ends_a_seat_on_a_phone(browser, live_server, tree, branch, tmp_path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 412, "height": 915})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))

    page.goto(reverse("orglife:committee-list"))
    page.locator("main a", has_text=tree.g1.name).click()
    page.locator("main a", has_text="登记支部委员").click()
    page.locator("#id_member-ts-control").fill("建华")
    page.locator(".ts-dropdown .option", has_text="李建华").click()
    page.select_option("#id_duty", "secretary")
    page.fill("#id_started_on", "2026-01-01")
    page.screenshot(path=str(tmp_path / "seat-form.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/orglife/committees/{tree.g1.pk}/$"))

    seat = CommitteeMember.objects.get()
    assert (seat.member.name, seat.duty, seat.started_on) == ("李建华", "secretary", dt.date(2026, 1, 1))
    item = page.locator("main li", has_text="李建华")
    assert "书记" in item.inner_text() and "在任" in item.inner_text()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 412

    item.locator("a", has_text="结束任职").click()
    page.fill("#id_ended_on", "2026-05-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/orglife/committees/{tree.g1.pk}/$"))
    page.screenshot(path=str(tmp_path / "seats.png"), full_page=True)
    page.screenshot(path="/tmp/hm_seats.png", full_page=True)
    seat.refresh_from_db()
    assert seat.ended_on == dt.date(2026, 5, 31)
    assert "2026-01-01 – 2026-05-31" in page.locator("main li", has_text="李建华").inner_text()
    context.close()
