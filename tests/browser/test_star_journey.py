"""A star's journey in a real browser: 五星联创.

carol (community secretary, C1) applies for a star with a text and an evidence file; alice (street
official, S1) passes the review; dana (district admin) approves it, which starts the public notice;
the clock moves past the end of the notice and the beat task awards the star; the community page
then shows the star and the award. Steps are found by id and data attributes, not by text.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from stars import services, tasks
from stars.models import StarApplication, Status
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def journey(transactional_db, tree, carol, alice, dana, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    services.star_year_start(user=dana, year=2026)
    return tree


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


def _take(page, app: StarApplication, step: str, comment: str = "") -> None:
    page.goto(reverse("stars:application-detail", args=[app.pk]))
    if comment:
        page.fill(f"#comment-{step}", comment)
    page.locator(f"button[data-step={step}]").click()
    page.wait_for_url(re.compile(rf"/stars/applications/{app.pk}/$"))


def test_a_community_applies_and_the_star_is_awarded_after_the_notice(browser, live_server, journey, tmp_path):
    tree = journey
    with time_machine.travel("2026-06-01 09:00 +0800", tick=True) as clock:
        carol = _login(browser, live_server, "carol")
        carol.goto(reverse("stars:home"))
        carol.locator(f'a[href="{reverse("stars:application-create")}"]').first.click()
        carol.select_option("#id_community", str(tree.c1.pk))
        carol.select_option("#id_definition", label="组织建设先锋星")
        carol.fill("#id_evidence_text", "建立楼栋党小组12个，开展主题党日活动")
        carol.locator("main form button[type=submit]").click()
        carol.wait_for_url(re.compile(r"/stars/applications/\d+/$"))
        app = StarApplication.objects.get()
        evidence = tmp_path / "活动照片.pdf"
        evidence.write_bytes(PDF)
        carol.set_input_files("#id_file", str(Path(evidence)))
        carol.locator(f'form[action="{reverse("stars:evidence-add", args=[app.pk])}"] button').click()
        carol.wait_for_url(re.compile(rf"/stars/applications/{app.pk}/$"))
        assert "活动照片.pdf" in carol.locator("main").inner_text()
        _take(carol, app, "submit", "请街道审核")

        alice = _login(browser, live_server, "alice")
        alice.goto(reverse("stars:home"))
        assert "组织建设先锋星" in alice.locator("main").inner_text()  # on the street's to-do list
        _take(alice, app, "pass", "材料齐全")

        dana = _login(browser, live_server, "dana")
        _take(dana, app, "approve", "同意公示")
        app.refresh_from_db()
        assert app.status == Status.NOTICE
        dana.goto(reverse("stars:notice"))
        assert "西城壕社区党委" in dana.locator("main").inner_text()

        # Five days later the beat task finds the notice ended with no objection.
        clock.move_to(app.notice_ends_at + timedelta(minutes=1))
        assert tasks.close_due_notices() == 1

        carol = _login(browser, live_server, "carol")  # the old session has expired meanwhile
        carol.goto(reverse("stars:community", args=[tree.c1.pk]))
        assert carol.locator("[data-testid=star-count]").inner_text().strip() == "1"
        assert carol.locator("[data-testid=award]").inner_text().strip() == "20000.00"
        assert "组织建设先锋星" in carol.locator("main").inner_text()
        carol.screenshot(path=str(Path("/tmp/star_journey.png")), full_page=True)
