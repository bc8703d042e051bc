"""A community 大党委's joint meeting in a real browser, with the carry-over (结转).

carol (C1's secretary) puts three problems on the April meeting: a grid report (one click from the
report's page), a resident's demand (one click from the demand's page) and free text. One is
resolved, one decided with a responsible department (the street's station), one deferred. She
records attendance and minutes and closes the meeting: May's meeting opens with the two unresolved
items carried over, their history (first raised in April, April's outcome) on its page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from meetings import meeting_services as ms
from meetings.models import BodyKind, Meeting
from reports import services as report_services
from tests.conftest import PASSWORD
from tests.meetings.factories import make_body
from tests.reports.factories import CategoryFactory, DepartmentFactory
from tests.services.factories import DemandFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def journey(transactional_db, tree, gina, carol, dave):
    station = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    station.staff.add(dave)
    category = CategoryFactory(code="safety", name="安全隐患", default_department=station)
    report = report_services.report_file(
        user=gina, grid=tree.grid1, category=category, description="3号楼楼道堆放杂物,堵塞消防通道"
    )
    demand = DemandFactory(organization=tree.c1, content="小区路灯损坏,夜间出行不便")
    body = make_body(tree.c1, BodyKind.COMMUNITY_COMMITTEE, name="西城壕社区大党委")
    series = ms.series_create(user=carol, body=body, first_on=dt.date(2026, 4, 8), title="大党委月度联席会",
                              place="党群服务中心")
    return series.meetings.get(), report, demand, station


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


def _raise_from(page, url: str, april: Meeting) -> None:
    page.goto(url)
    page.locator("main a[href*='/meetings/raise/']").click()
    page.locator(f"form[action='{reverse('meetings:item-raise', args=[april.pk])}'] button").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))


def test_april_meeting_carries_two_items_to_may(browser, live_server, journey, tmp_path):
    april, report, demand, station = journey
    page = _login(browser, live_server, "carol")
    _raise_from(page, reverse("reports:detail", args=[report.pk]), april)
    _raise_from(page, reverse("services:demand-detail", args=[demand.pk]), april)
    page.goto(reverse("meetings:item-raise", args=[april.pk]))
    page.fill("#id_title", "老旧小区停车难")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    from_report, from_demand, free = april.items.order_by("id")
    assert (from_report.source, from_demand.source, free.source) == ("report", "demand", "free")

    # The demand is resolved right at the meeting, the report decided, the parking deferred.
    resolve = page.locator(f"form[action='{reverse('meetings:item-resolve', args=[from_demand.pk])}']")
    resolve.locator("input[name=resolution]").fill("物业当场更换路灯")
    resolve.locator("button").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    page.locator(f"form[action='{reverse('meetings:item-defer', args=[free.pk])}'] button").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    page.goto(reverse("meetings:item-detail", args=[from_report.pk]))
    page.select_option("#id_lead_department", str(station.pk))
    page.fill("#id_unit_names", "小区物业")
    page.locator("#decide button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/meetings/items/{from_report.pk}/$"))

    # Attendance and minutes, then the preview and the close.
    page.goto(reverse("meetings:meeting-detail", args=[april.pk]))
    page.fill("input[name=name]", "社区书记")
    page.locator(f"form[action='{reverse('meetings:attendee-add', args=[april.pk])}'] button").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    page.locator("input[name=present]").first.check()
    page.locator(f"form[action='{reverse('meetings:attendance', args=[april.pk])}'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    page.fill("#id_minutes", "一、路灯已修复；二、消防通道由城管中队牵头整治；三、停车问题下月再议。")
    page.locator(f"form[action='{reverse('meetings:meeting-edit', args=[april.pk])}'] button").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))
    page.goto(reverse("meetings:meeting-close", args=[april.pk]))
    preview = page.locator("[data-preview] li")
    assert preview.count() == 2
    page.locator("main form button.btn-success").click()
    page.wait_for_url(re.compile(rf"/meetings/{april.pk}/$"))

    may = Meeting.objects.get(series=april.series, status="open")
    assert may.held_on == dt.date(2026, 5, 8)
    page.goto(reverse("meetings:meeting-detail", args=[may.pk]))
    agenda = page.locator("#agenda + ol > li")
    assert agenda.count() == 2
    text = page.locator("main").inner_text()
    assert "消防通道" in text and "老旧小区停车难" in text and "路灯损坏" not in text
    assert page.locator("[data-carried='1']").count() == 2
    history = page.locator("[data-history]").all_inner_texts()
    assert any("2026-04-08" in h and "暂缓" in h for h in history)
    assert any("2026-04-08" in h and "已议定" in h for h in history)
    page.screenshot(path=str(tmp_path / "may.png"), full_page=True)
    page.screenshot(path="/tmp/mt/may.png", full_page=True)
    page.context.close()
