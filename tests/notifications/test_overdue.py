"""The overdue sweep tells the department's staff and the street above the grid, once per case and stage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from notifications import selectors
from notifications.models import Kind, Notification
from reports import services as report_services
from reports import tasks
from reports.models import GridReport
from tests.conftest import make_user


def _late(*reports) -> None:
    GridReport.objects.filter(pk__in=[r.pk for r in reports]).update(due_at=timezone.now() - timedelta(hours=1))


def _recipients(report) -> set[str]:
    return set(
        Notification.objects.filter(target_type="reports.gridreport", target_id=report.pk)
        .values_list("recipient__username", flat=True)
    )


@pytest.fixture
def dispatched(report, alice, station):
    report = report_services.report_dispatch(user=alice, report=report, department=station)
    _late(report)
    return report


def test_overdue_case_notifies_department_staff_and_street_officials(dispatched, alice, dave, carol, gina, charlie):
    assert report_services.reports_flag_overdue() == 1
    # Not the community secretary or the grid worker, and not the other street's official.
    assert _recipients(dispatched) == {"alice", "dave"}
    notification = Notification.objects.get(recipient=dave)
    assert notification.kind == Kind.REPORT_OVERDUE
    assert dispatched.number in notification.title
    assert notification.url == reverse("reports:detail", args=[dispatched.pk])


def test_undispatched_overdue_case_notifies_the_street(report, alice, dave):
    _late(report)
    report_services.reports_flag_overdue()
    assert _recipients(report) == {"alice"}


def test_notices_are_written_in_the_portals_language(dispatched, alice, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    report_services.reports_flag_overdue()
    assert Notification.objects.get(recipient=alice).title == f"事项 {dispatched.number} 已超时"


def test_sweep_run_twice_notifies_once(dispatched, alice, dave, eager_celery):
    assert tasks.flag_overdue_reports.delay().get() == 1
    assert tasks.flag_overdue_reports.delay().get() == 0
    assert Notification.objects.count() == 2
    assert selectors.unread_count(user=dave) == 1


def test_a_cleared_flag_in_the_same_stage_does_not_notify_again(dispatched, alice, dave):
    """Even if the flag is cleared without the case moving on (a second sweep racing the first, a
    manual fix), the dedupe key of the case's stage keeps inboxes free of repeats."""
    report_services.reports_flag_overdue()
    GridReport.objects.filter(pk=dispatched.pk).update(is_overdue=False)
    assert report_services.reports_flag_overdue() == 1
    assert Notification.objects.count() == 2


def test_a_case_late_again_in_a_new_stage_is_a_new_notice(dispatched, alice, dave, gina):
    report_services.reports_flag_overdue()
    report = GridReport.objects.get(pk=dispatched.pk)
    report = report_services.report_accept(user=dave, report=report)
    report = report_services.report_resolve(user=dave, report=report, comment="已清理")
    report_services.report_return(user=gina, report=report, comment="仍有杂物")
    _late(report)
    assert report_services.reports_flag_overdue() == 1
    assert Notification.objects.filter(recipient=dave).count() == 2


def test_the_sweep_costs_the_same_queries_for_more_cases(
    tree, gina, alice, dave, station, category, django_assert_num_queries
):
    def file(n):
        reports = [
            report_services.report_file(user=gina, grid=tree.grid1, category=category, description=f"隐患{i}")
            for i in range(n)
        ]
        for r in reports:
            report_services.report_dispatch(user=alice, report=r, department=station)
        _late(*reports)

    # SAVEPOINT, lock the late cases, read them, flag them with their change history (values before,
    # UPDATE, values after, the cases with their categories for the history's labels, its INSERT), log the
    # events, find who to tell (one UNION), then in notifications_create's SAVEPOINT: who was told
    # already, the INSERT of the notices, RELEASE; RELEASE.
    file(1)
    with django_assert_num_queries(15):
        assert report_services.reports_flag_overdue() == 1
    make_user("alice2", Role.STREET_OFFICIAL, tree.s1)
    file(12)
    with django_assert_num_queries(15):
        assert report_services.reports_flag_overdue() == 12
    assert Notification.objects.count() == 2 + 12 * 3


def test_overdue_notices_are_mailed_when_email_is_on(
    dispatched, tree, settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.NOTIFICATIONS_EMAIL = True
    make_user("stella", Role.STREET_OFFICIAL, tree.s1, email="stella@example.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.reports_flag_overdue()
    assert [m.to for m in mail.outbox] == [["stella@example.gov.cn"]]
    assert dispatched.number in mail.outbox[0].subject
