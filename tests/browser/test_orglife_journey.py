"""A branch secretary records a members' meeting on a phone, and the compliance table counts it.

gina (grid worker, G1's branch) records on a 412×915 viewport: the first members' meeting of the
quarter has 1 of 3 voting members present, so the compliance table still shows it due (0/1); the
second has 2 of 3 and the table counts it (1/1). Steps are found by id and value, not by text.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orglife.models import Meeting
from orglife.selectors import current_quarter
from tests.conftest import PASSWORD
from tests.orglife.factories import member

pytestmark = pytest.mark.browser
SHOTS = "/tmp/orglife-shots"


@pytest.fixture
def journey(transactional_db, tree, gina):
    # Migrations' data (the default frequency table) is flushed by transactional tests: put it back.
    from orglife.defaults import default_rule_rows
    from orglife.models import FrequencyRule

    FrequencyRule.objects.bulk_create([FrequencyRule(**row) for row in default_rule_rows()], ignore_conflicts=True)
    return tree, [member(tree.g1, name=n) for n in ("甲", "乙", "丙")]


def _phone(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 412, "height": 915})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def _record(page, tree, held_on, present, shot=None):
    page.goto(reverse("orglife:meeting-record"))
    page.select_option("#id_organization", str(tree.g1.pk))
    page.select_option("#id_meeting_type", "members")
    page.fill("#id_held_on", held_on.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#id_topic")
    page.fill("#id_topic", "学习党章")
    for box in page.locator("input[name=present]").all():
        if box.is_checked():
            box.uncheck()
    for m in present:
        page.locator(f"#present-{m.pk}").check()
    if shot:
        page.screenshot(path=f"{SHOTS}/{shot}", full_page=True)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/orglife/\d+/$"))


def _members_cell(page, window):
    page.goto(f"{reverse('orglife:compliance')}?year={window.year}&quarter={window.quarter}")
    return page.locator('tr[data-org="G1"] td[data-type="members"]').inner_text().strip()


def test_secretary_records_a_members_meeting_on_a_phone_and_it_counts(browser, live_server, journey):
    tree, people = journey
    window = current_quarter()
    held_on = max(window.start, timezone.localdate() - timedelta(days=1))
    page = _phone(browser, live_server, "gina")

    _record(page, tree, held_on, people[:1])
    meeting = Meeting.objects.get()
    assert (meeting.quorum_base, meeting.quorum_present, meeting.is_counted) == (3, 1, False)
    assert _members_cell(page, window) == "0/1"

    _record(page, tree, held_on, people[:2], shot="record-phone.png")
    assert Meeting.objects.filter(is_counted=True).count() == 1
    assert _members_cell(page, window) == "1/1"
    page.screenshot(path=f"{SHOTS}/compliance-phone.png", full_page=True)
