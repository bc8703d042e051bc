"""The inbox page, its buttons and the bell in the top bar."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import selectors
from notifications.models import Notification

from .factories import NotificationFactory

LIST = reverse("notifications:list")


def _body(response) -> str:
    return response.content.decode()


def test_the_inbox_shows_ones_own_notifications_only(client, gina, carol):
    NotificationFactory(recipient=gina, title="吉娜的通知")
    NotificationFactory(recipient=carol, title="卡罗尔的通知")
    client.force_login(gina)
    body = _body(client.get(LIST))
    assert "吉娜的通知" in body and "卡罗尔的通知" not in body


def test_unread_filter_hides_read_notifications(client, gina):
    NotificationFactory(recipient=gina, title="未读的")
    read = NotificationFactory(recipient=gina, title="读过的")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(gina)
    body = _body(client.get(LIST, {"show": "unread"}))
    assert "未读的" in body and "读过的" not in body
    assert "读过的" in _body(client.get(LIST, {"show": "all"}))


def test_empty_inbox_says_so(client, gina):
    client.force_login(gina)
    assert "暂无通知" in _body(client.get(LIST))
    assert "没有未读通知" in _body(client.get(LIST, {"show": "unread"}))


def test_the_inbox_is_paginated(client, gina):
    NotificationFactory.create_batch(25, recipient=gina)
    client.force_login(gina)
    assert len(client.get(LIST).context["notifications"]) == 20
    assert len(client.get(LIST, {"page": 2}).context["notifications"]) == 5


def test_the_inbox_costs_the_same_queries_for_more_rows(client, gina, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=gina)
    client.force_login(gina)
    # session, user, the paginator's count, the unread count (once, for the tab and the bell), the role
    # grants (the top bar's links), the page of rows; a read opens no transaction and writes no session.
    with django_assert_num_queries(6):
        client.get(LIST)
    NotificationFactory.create_batch(15, recipient=gina)
    with django_assert_num_queries(6):
        assert client.get(LIST).status_code == 200


def test_mark_read_with_htmx_redirects_back_to_the_inbox(client, gina):
    notification = NotificationFactory(recipient=gina)
    client.force_login(gina)
    back = f"{LIST}?show=unread"
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"next": back},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and response["Location"] == back
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_mark_read_never_redirects_to_another_site(client, gina):
    notification = NotificationFactory(recipient=gina)
    client.force_login(gina)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_mark_read_needs_a_post(client, gina):
    notification = NotificationFactory(recipient=gina)
    client.force_login(gina)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert Notification.objects.get(pk=notification.pk).read_at is None


@pytest.mark.parametrize("name", ["read", "open"])
def test_another_users_notification_is_a_404_and_stays_unread(client, gina, carol, name):
    notification = NotificationFactory(recipient=carol, title="卡罗尔的通知")
    client.force_login(gina)
    url = reverse(f"notifications:{name}", args=[notification.pk])
    response = client.post(url) if name == "read" else client.get(url)
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_mark_all_read_reads_only_ones_own(client, gina, carol):
    NotificationFactory.create_batch(3, recipient=gina)
    theirs = NotificationFactory(recipient=carol)
    client.force_login(gina)
    response = client.post(reverse("notifications:read-all"), {"next": LIST})
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=gina, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_opening_a_notification_reads_it_and_goes_to_the_record(client, gina):
    notification = NotificationFactory(recipient=gina, url="/reports/42/")
    client.force_login(gina)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/reports/42/"
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_opening_a_notification_without_a_link_goes_to_the_inbox(client, gina):
    notification = NotificationFactory(recipient=gina, url="")
    client.force_login(gina)
    assert client.get(reverse("notifications:open", args=[notification.pk]))["Location"] == LIST


def test_the_bell_shows_the_unread_count_on_every_page(client, gina, carol):
    NotificationFactory.create_batch(3, recipient=gina)
    NotificationFactory.create_batch(5, recipient=carol)
    client.force_login(gina)
    body = _body(client.get(reverse("home")))
    assert 'id="notification-bell"' in body and f'href="{LIST}"' in body
    assert "通知：3 条未读" in body
    assert '<span class="position-absolute top-0 start-100 translate-middle badge rounded-pill text-bg-warning" ' \
           'aria-hidden="true">3</span>' in body


def test_the_bell_has_no_badge_when_all_is_read(client, gina):
    client.force_login(gina)
    body = _body(client.get(reverse("home")))
    assert 'id="notification-bell"' in body and "translate-middle badge" not in body


def test_the_bell_caps_its_badge(client, gina):
    NotificationFactory.create_batch(100, recipient=gina)
    client.force_login(gina)
    assert 'aria-hidden="true">99+</span>' in _body(client.get(reverse("home")))


def test_no_bell_before_login(client, db):
    body = _body(client.get(reverse("login")))
    assert "notification-bell" not in body


def test_the_inbox_needs_a_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_unread_count_is_counted_once_per_request(rf, gina, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=gina)
    request = rf.get("/")
    request.user = gina
    with django_assert_num_queries(1):
        assert selectors.unread_count_cached(request) == 2
        assert selectors.unread_count_cached(request) == 2
    Notification.objects.update(read_at=timezone.now())
    selectors.forget_unread_count(request)
    assert selectors.unread_count_cached(request) == 0
