"""A property complaint's journey in a real browser (红色物业).

carol (community secretary, C1) records a resident's complaint against the company of a compound;
the company's answer is recorded on the complaint; the resident's satisfaction closes it; and the
ranking page of alice (street official, S1) shows the company's changed figures: one complaint,
answered on time. Steps are found by id, not by text (the pages are in Chinese).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from estates.models import Complaint
from tests.conftest import PASSWORD
from tests.estates.factories import make_company, make_unit

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(transactional_db, tree, carol, alice):
    company = make_company(tree.s1, name="红枫物业", contact_name="张经理", phone="027-88886666")
    unit = make_unit(tree.c1, company, name="西城壕小区", households=200)
    return company, unit


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


def _row(page, company) -> tuple[str, str]:
    page.goto(reverse("estates:ranking"))
    row = page.locator(f'#ranking tr[data-key="{company.pk}"]')
    return row.locator(".in-complaints").inner_text().strip(), row.locator(".in-on-time").inner_text().strip()


def test_complaint_answer_satisfaction_and_ranking(browser, live_server, journey, tmp_path):
    company, unit = journey

    alice = _login(browser, live_server, "alice")
    complaints_before, on_time_before = _row(alice, company)
    assert complaints_before.startswith("0 →") and on_time_before.startswith("0/0")

    carol = _login(browser, live_server, "carol")
    carol.goto(reverse("estates:complaint-create"))
    carol.select_option("#id_unit", str(unit.pk))
    carol.select_option("#id_matter", "elevator")
    carol.fill("#id_description", "3号楼电梯停运两天")
    carol.fill("#id_resident_name", "王建国")
    carol.locator("main form button[type=submit]").first.click()
    carol.wait_for_url(re.compile(r"/property/complaints/\d+/$"))
    complaint = Complaint.objects.get()
    assert complaint.routed_to == "张经理 027-88886666"

    carol.fill("#action-answer #id_answer", "已更换电梯主板，恢复运行")
    carol.locator("#action-answer button").click()
    carol.wait_for_url(re.compile(rf"/property/complaints/{complaint.pk}/$"))
    carol.select_option("#action-close #id_satisfaction", "5")
    carol.locator("#action-close button").click()
    carol.wait_for_url(re.compile(rf"/property/complaints/{complaint.pk}/$"))
    complaint.refresh_from_db()
    assert (complaint.complaint_status, complaint.satisfaction) == ("closed", 5)
    carol.screenshot(path=str(tmp_path / "complaint.png"), full_page=True)

    complaints_after, on_time_after = _row(alice, company)
    assert complaints_after.startswith("1 → 0.50") and on_time_after.startswith("1/1")
    alice.screenshot(path=str(tmp_path / "ranking.png"), full_page=True)
