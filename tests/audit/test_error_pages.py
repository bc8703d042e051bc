"""Refused, not found, failed and expired requests get a styled page in Chinese with a way back
(issue 8), never a bare "403 Forbidden"; the 500 page renders without a request context."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit import errors

pytestmark = pytest.mark.django_db


def history(obj):
    return reverse("audit:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def test_a_refusal_says_why_inside_the_portal_layout(client, gina, member_c1):
    client.force_login(gina)
    response = client.get(history(member_c1), HTTP_REFERER="http://testserver/organizations/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权操作" in page and 'id="error-reason"' in page and "您的角色无权查看变更记录" in page
    assert 'href="/">返回首页' in page and 'href="http://testserver/organizations/">返回上一页' in page
    assert "portal-navbar" in page and 'id="portal-nav"' in page  # the portal's menu, not a bare page


def test_not_found_is_styled_and_says_nothing_of_the_internals(client, charlie, member_c1):
    client.force_login(charlie)
    for url in (history(member_c1), "/no-such-page/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "页面不存在" in page and "不在您的管辖范围内" in page and 'href="/">返回首页' in page
        assert "No LogEntry" not in page and "Member matches" not in page and "urlpatterns" not in page


def test_an_offsite_referer_gives_no_back_link(client, charlie):
    client.force_login(charlie)
    page = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in page and "返回上一页" not in page


def test_a_server_error_page_is_styled_in_chinese(settings, dana):
    settings.ROOT_URLCONF = "tests.audit.error_urls"
    client = Client(raise_request_exception=False)
    client.force_login(dana)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page and 'href="/">返回首页' in page and "a bug" not in page


def test_the_500_page_needs_no_request_context_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = errors.server_error(None)
    assert response.status_code == 500 and "系统出错了" in response.content.decode()


def test_a_failed_csrf_check_explains_what_to_do(dana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dana)
    response = client.post(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已失效" in page and "请返回并刷新页面后重新提交" in page and 'href="/">返回首页' in page
