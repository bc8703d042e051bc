"""The notification services: bulk writes, deduplication, the email channel, marking read."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from notifications import selectors, services
from notifications.models import Kind, Notification

from .factories import NotificationFactory


@pytest.fixture
def crowd(db):
    """Sixty users with an email address (without passwords: hashing sixty would take a minute)."""
    return User.objects.bulk_create(
        User(username=f"worker{i}", email=f"worker{i}@example.gov.cn") for i in range(60)
    )


def test_notify_writes_one_row_per_user_in_one_insert(crowd, django_assert_num_queries):
    # SAVEPOINT, the INSERT of all rows, RELEASE: the same for 3 users as for 60.
    with django_assert_num_queries(3):
        assert services.notify(users=crowd[:3], kind=Kind.REPORT_OVERDUE, title="三人") == 3
    with django_assert_num_queries(3):
        assert services.notify(users=crowd, kind=Kind.REPORT_OVERDUE, title="六十人") == 60
    assert Notification.objects.filter(title="六十人").count() == 60
    assert set(Notification.objects.filter(title="三人").values_list("recipient", flat=True)) == {
        u.pk for u in crowd[:3]
    }


def test_notify_records_the_target_and_link(gina, tree):
    services.notify(users=[gina], kind=Kind.REPORT_OVERDUE, title="t", body="b", url="/reports/7/", target=tree.g1)
    row = Notification.objects.get(recipient=gina)
    assert (row.target_type, row.target_id, row.url, row.body) == ("organizations.organization", tree.g1.pk,
                                                                    "/reports/7/", "b")
    assert row.read_at is None


def test_a_user_listed_twice_is_notified_once(gina):
    assert services.notify(users=[gina, gina], kind=Kind.REPORT_OVERDUE, title="t") == 1


def test_a_dedupe_key_notifies_each_user_once_however_often_called(crowd, django_assert_num_queries):
    # SAVEPOINT, the SELECT of who already has the key, the INSERT, RELEASE.
    with django_assert_num_queries(4):
        assert services.notify(users=crowd[:2], kind=Kind.REPORT_OVERDUE, title="t", dedupe_key="k:1") == 2
    assert services.notify(users=crowd[:3], kind=Kind.REPORT_OVERDUE, title="t", dedupe_key="k:1") == 1
    assert services.notify(users=crowd[:3], kind=Kind.REPORT_OVERDUE, title="t", dedupe_key="k:1") == 0
    assert Notification.objects.filter(dedupe_key="k:1").count() == 3
    # Another key is another notice.
    assert services.notify(users=crowd[:1], kind=Kind.REPORT_OVERDUE, title="t", dedupe_key="k:2") == 1


@pytest.mark.parametrize("url", ["https://example.com/phish", "//example.com/x", "javascript:alert(1)", "reports/"])
def test_a_link_must_be_a_path_inside_the_portal(gina, url):
    with pytest.raises(ValidationError, match="本平台内的路径"):
        services.notify(users=[gina], kind=Kind.REPORT_OVERDUE, title="t", url=url)
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_refused(gina):
    with pytest.raises(ValidationError, match="kind"):
        services.notify(users=[gina], kind="gossip", title="t")


def test_no_email_when_the_setting_is_off(crowd, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(users=crowd[:2], kind=Kind.REPORT_OVERDUE, title="t")
    assert callbacks == [] and mail.outbox == []


def test_email_goes_out_after_commit_when_the_setting_is_on(
    crowd, gina, settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.NOTIFICATIONS_EMAIL = True
    settings.PORTAL_URL = "https://dangjian.example.gov.cn/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(users=[*crowd[:2], gina], kind=Kind.REPORT_OVERDUE, title="事项已超时", body="请尽快处理",
                        url="/reports/7/")
    # Nothing is sent before the transaction commits (a rollback mails nobody).
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    # gina has no address: she only gets the in-app notice.
    assert sorted(m.to[0] for m in mail.outbox) == ["worker0@example.gov.cn", "worker1@example.gov.cn"]
    message = mail.outbox[0]
    assert message.subject == "事项已超时"
    assert message.body == "请尽快处理\n\nhttps://dangjian.example.gov.cn/reports/7/"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert Notification.objects.filter(recipient=gina).exists()


def test_a_title_with_a_line_break_still_mails(crowd, settings, django_capture_on_commit_callbacks, eager_celery):
    settings.NOTIFICATIONS_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=crowd[:1], kind=Kind.TRANSFER_PENDING, title="李红\n的转接待接收")
    assert mail.outbox[0].subject == "李红 的转接待接收"


def test_emails_are_sent_in_batches(crowd, settings, django_capture_on_commit_callbacks, eager_celery):
    settings.NOTIFICATIONS_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(users=crowd, kind=Kind.REPORT_OVERDUE, title="t")
    assert len(mail.outbox) == 60
    assert len(callbacks) == 1  # 60 messages fit one task of EMAIL_BATCH


def test_mark_read_is_idempotent(gina):
    notification = NotificationFactory(recipient=gina)
    services.notification_mark_read(user=gina, notification=notification)
    first = Notification.objects.get(pk=notification.pk).read_at
    assert first is not None
    services.notification_mark_read(user=gina, notification=Notification.objects.get(pk=notification.pk))
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_nobody_marks_another_users_notification(gina, carol):
    notification = NotificationFactory(recipient=gina)
    with pytest.raises(PermissionDenied, match="不是发给您的"):
        services.notification_mark_read(user=carol, notification=notification)
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_mark_all_read_touches_only_ones_own(gina, carol):
    NotificationFactory.create_batch(3, recipient=gina)
    NotificationFactory(recipient=carol)
    assert services.notifications_mark_all_read(user=gina) == 3
    assert selectors.unread_count(user=gina) == 0
    assert selectors.unread_count(user=carol) == 1


def test_mark_done_reads_every_inbox_about_the_record(gina, carol, tree):
    services.notify(users=[gina, carol], kind=Kind.TRANSFER_PENDING, title="t", target=tree.g1)
    services.notify(users=[gina], kind=Kind.TRANSFER_PENDING, title="other", target=tree.c1)
    assert services.notifications_mark_done(target=tree.g1, kinds=[Kind.TRANSFER_PENDING]) == 2
    assert selectors.unread_count(user=carol) == 0
    assert [n.title for n in selectors.notification_list(user=gina, unread_only=True)] == ["other"]


def test_list_is_newest_first_and_only_ones_own(gina, carol):
    old, new = NotificationFactory(recipient=gina, title="old"), NotificationFactory(recipient=gina, title="new")
    NotificationFactory(recipient=carol, title="carol's")
    Notification.objects.filter(pk=old.pk).update(created_at=new.created_at.replace(year=2020))
    assert [n.title for n in selectors.notification_list(user=gina)] == ["new", "old"]

