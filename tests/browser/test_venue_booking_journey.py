"""A resident unit's party branch books C1's open organisation-life base in a real browser.

cora, secretary of C2, books the base for the party organisation of resident units under her
community (长江设计院楼宇综合党委, the committee of the units in one office building); carol,
secretary of C1 which runs the base, finds the booking, confirms it, and the base's visit count
rises by the group.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from organizations.models import Level, OrgType
from tests.conftest import PASSWORD, make_user
from tests.organizations.factories import make_org
from tests.venues.factories import make_venue
from venues.models import Booking, BookingStatus

pytestmark = pytest.mark.browser

SCREENSHOTS = {"form": "/tmp/venue_booking_form.png", "confirmed": "/tmp/venue_booking_confirmed.png",
               "base": "/tmp/venue_base_visits.png"}


@pytest.fixture
def journey_data(transactional_db, tree):
    unit_branch = make_org(tree.c2, Level.SPECIAL, "X2", "长江设计院楼宇综合党委", org_type=OrgType.BUILDING_COMMITTEE)
    base = make_venue(tree.c1, name="初心开放式组织生活基地", capacity=40, zone_member_service=True)
    make_user("cora", Role.COMMUNITY_SECRETARY, tree.c2)
    make_user("carol", Role.COMMUNITY_SECRETARY, tree.c1)
    return tree, base, unit_branch


def _login(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_unit_branch_books_the_base_and_the_community_confirms_it(browser, page, live_server, journey_data):
    _tree, base, unit_branch = journey_data
    day = timezone.localdate() + dt.timedelta(days=1)

    # cora opens the venues from the menu and books the base for the unit's branch.
    _login(page, "cora")
    venues_href = f'a[href="{reverse("venues:venue-list")}"]'
    # The venues live in a menu group: open its dropdown first.
    page.locator("nav .dropdown", has=page.locator(venues_href)).locator(".dropdown-toggle").click()
    page.locator(f"nav {venues_href}").click()
    page.get_by_role("link", name="预约场地").first.click()
    page.select_option("#id_venue", str(base.pk))
    page.fill("#id_date", day.isoformat())
    page.select_option("#id_slot", "afternoon")
    page.fill("#id_group_size", "55")  # more than the base holds
    page.fill("#id_purpose", "主题党日:重温入党誓词")
    page.select_option("#id_booker_org", str(unit_branch.pk))
    page.fill("#id_contact_name", "周敏")
    page.fill("#id_contact_phone", "13812345678")
    page.get_by_role("button", name="提交预约").click()
    page.get_by_text("大于场地可容纳人数").wait_for()
    page.fill("#id_group_size", "26")
    page.screenshot(path=SCREENSHOTS["form"], full_page=True)
    page.get_by_role("button", name="提交预约").click()
    page.wait_for_url(re.compile(r"/venues/bookings/\d+/$"))
    assert "待确认" in page.locator("main h1").inner_text()
    booking = Booking.objects.get()
    assert booking.booker_org == unit_branch and booking.created_by.username == "cora"
    # The booker cannot confirm her own booking.
    assert page.get_by_role("button", name="确认").count() == 0

    # carol, who runs the base, sees no visit yet, finds the booking and confirms it.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    phone = context.new_page()
    _login(phone, "carol")
    phone.goto(reverse("venues:venue-detail", args=[base.pk]) + f"?year={day.year}")
    assert phone.get_by_test_id("visit-groups").inner_text() == "0"
    phone.goto(reverse("venues:booking-list"))
    phone.get_by_role("link", name=day.isoformat()).click()
    phone.fill("#id_note", "欢迎,请提前十分钟到达")
    phone.get_by_role("button", name="确认").click()
    phone.get_by_text("预约状态：已确认").wait_for()
    phone.screenshot(path=SCREENSHOTS["confirmed"], full_page=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    # The base's visit count rose by one group of 26.
    phone.goto(reverse("venues:venue-detail", args=[base.pk]) + f"?year={day.year}")
    assert phone.get_by_test_id("visit-groups").inner_text() == "1"
    assert phone.get_by_test_id("visit-visitors").inner_text() == "26"
    phone.screenshot(path=SCREENSHOTS["base"], full_page=True)
    context.close()
