"""The inbox API: one's own notifications, marking one or all read."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from notifications.models import Notification

from .factories import NotificationFactory

URL = "/api/v1/notifications/"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_list_shows_only_ones_own(api, gina, carol):
    mine = NotificationFactory(recipient=gina, title="吉娜的通知")
    NotificationFactory(recipient=carol, title="卡罗尔的通知")
    response = api(gina).get(URL)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    row = response.json()["results"][0]
    assert row["title"] == "吉娜的通知" and row["is_read"] is False and row["kind"] == "report_overdue"


def test_list_filters_unread(api, gina):
    unread = NotificationFactory(recipient=gina)
    read = NotificationFactory(recipient=gina)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    assert [r["id"] for r in api(gina).get(URL, {"unread": "true"}).json()["results"]] == [unread.pk]
    assert [r["id"] for r in api(gina).get(URL, {"unread": "false"}).json()["results"]] == [read.pk]


def test_a_bad_filter_value_is_a_400(api, gina):
    assert api(gina).get(URL, {"unread": "perhaps"}).status_code == 400
    assert api(gina).get(URL, {"kind": "gossip"}).status_code == 400


def test_read_marks_ones_own(api, gina):
    notification = NotificationFactory(recipient=gina)
    response = api(gina).post(f"{URL}{notification.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_another_users_notification_is_a_404_and_stays_unread(api, gina, carol):
    notification = NotificationFactory(recipient=carol)
    assert api(gina).post(f"{URL}{notification.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_read_all_marks_only_ones_own(api, gina, carol):
    NotificationFactory.create_batch(2, recipient=gina)
    theirs = NotificationFactory(recipient=carol)
    response = api(gina).post(f"{URL}read-all/")
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_anonymous_gets_nothing(db):
    assert APIClient().get(URL).status_code in (401, 403)


def test_list_costs_the_same_queries_for_more_rows(api, gina, django_assert_num_queries):
    client = api(gina)
    NotificationFactory.create_batch(2, recipient=gina)
    # The count, the page of rows (a read opens no transaction: issue 9).
    with django_assert_num_queries(2):
        client.get(URL)
    NotificationFactory.create_batch(20, recipient=gina)
    with django_assert_num_queries(2):
        assert client.get(URL).status_code == 200
