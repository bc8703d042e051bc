"""An auditor reads a member's change history in a real browser (issue 8): actions in Chinese, labels
and names instead of codes and ids, no internals, readable on a phone; screenshots in
/tmp/history*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.context import set_actor
from django.test import Client
from django.urls import reverse

from organizations import member_services
from tests.organizations.factories import valid_id_number

pytestmark = pytest.mark.browser


def test_an_auditor_reads_a_members_history(page, live_server, transactional_db, tree, alice, audrey):
    born = dt.date(1988, 8, 8)
    with set_actor(alice):
        member = member_services.member_create(user=alice, branch=tree.g1, name="王芳", gender="F", birth_date=born,
                                               id_number=valid_id_number(born), joined_on=dt.date(2015, 7, 1))
        member_services.member_change_status(user=alice, member=member, status="floating_out",
                                             on=dt.date(2026, 1, 5))
        member.refresh_from_db()
        member_services.member_update(user=alice, member=member, version=member.version, is_in_service=True,
                                      registered_community=tree.c1, registered_on=dt.date(2026, 1, 6))
    client = Client()
    client.force_login(audrey)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(reverse("audit:history", args=["organizations", "member", member.pk]))
    assert page.locator("h1").inner_text().startswith("党员“王芳”的变更记录")
    actions = page.locator(".history-entries .badge").all_inner_texts()
    assert actions == ["修改", "修改", "新建"]
    table = page.locator(".history-entries").inner_text()
    assert "正常 → 流动（外出）" in table and "西城壕社区党委" in table
    for internal in ("version", "版本", "F(", ".None", valid_id_number(born)):
        assert internal not in table
    page.screenshot(path="/tmp/history.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.screenshot(path="/tmp/history_phone.png", full_page=True)
