"""The new property pages on a phone (412 px wide): the complaint's 三方联动 button puts it on the
three-party meeting's agenda, the inspection page shows its photo, and the statistics page keeps
within the screen (wide tables scroll inside their own box, never the page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estates import services
from meetings import meeting_services
from meetings.models import AgendaItem, BodyKind
from reports.demo import _demo_png
from tests.estates.factories import make_company, make_unit
from tests.meetings.factories import make_body

from .test_property_complaint_journey import _login

pytestmark = pytest.mark.browser
SHOTS = "/tmp/h-estates"


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def records(transactional_db, tree, carol, alice):
    unit = make_unit(tree.c1, make_company(tree.s1, name="红枫物业", contact_name="张经理"), name="西城壕小区")
    complaint = services.complaint_record(user=carol, unit=unit, matter="elevator", description="3号楼电梯停运两天")
    body = make_body(tree.c1, BodyKind.THREE_PARTY, name="西城壕社区三方联动会议")
    meeting = meeting_services.meeting_create(user=carol, body=body, title="物业问题协调会",
                                              held_on=dt.date(2026, 6, 10))
    inspection = services.inspection_record(user=alice, unit=unit, inspected_on=dt.date(2026, 3, 2),
                                            items_checked="消防通道、公共照明", score=82, findings="消防通道堆放杂物")
    services.inspection_photo_add(user=alice, inspection=inspection, upload=SimpleUploadedFile("a.png", _demo_png()),
                                  caption="消防通道")
    return complaint, meeting, inspection


def test_property_pages_on_a_phone(browser, live_server, records):
    complaint, meeting, inspection = records
    carol = _login(browser, live_server, "carol")
    carol.goto(reverse("estates:complaint-detail", args=[complaint.pk]))
    assert _fits(carol)
    carol.screenshot(path=f"{SHOTS}/complaint.png", full_page=True)
    carol.locator("#action-joint-meeting button").first.click()
    carol.wait_for_url(f"**{reverse('meetings:item-detail', args=[AgendaItem.objects.get().pk])}")
    assert AgendaItem.objects.get().meeting == meeting

    carol.goto(reverse("estates:complaint-stats"))
    assert _fits(carol) and carol.locator("#stats-by-status tbody tr").count() == 1
    carol.screenshot(path=f"{SHOTS}/stats.png", full_page=True)

    alice = _login(browser, live_server, "alice")
    alice.goto(reverse("estates:inspection-detail", args=[inspection.pk]))
    image = alice.locator("#inspection-photos img").first
    image.wait_for()
    # The photo really loaded through the scoped view (a broken image has no natural width).
    assert alice.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    assert _fits(alice)
    alice.screenshot(path=f"{SHOTS}/inspection.png", full_page=True)
