"""Deadlines in working time on China's official calendar, and the overdue sweep."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from reports import services, tasks
from reports.models import EventAction, GridReport
from reports.workcalendar import add_working_days, add_working_hours, is_working_day

SH = ZoneInfo("Asia/Shanghai")


def test_national_day_2026_is_skipped():
    # Wed 30 Sep 2026 10:00 + 3 working days: 1–7 Oct are holidays, so it lands on Sat 10 Oct,
    # itself a swapped working day (调休上班).
    start = datetime(2026, 9, 30, 10, 0, tzinfo=SH)
    assert add_working_days(start, 3) == datetime(2026, 10, 10, 10, 0, tzinfo=SH)


def test_swapped_sunday_before_national_day_counts_as_a_working_day():
    # Sun 20 Sep 2026 is a working day; Sat 19 Sep is not.
    assert is_working_day(datetime(2026, 9, 20).date())
    assert not is_working_day(datetime(2026, 9, 19).date())
    start = datetime(2026, 9, 18, 12, 0, tzinfo=SH)  # Friday
    assert add_working_hours(start, 24) == datetime(2026, 9, 20, 12, 0, tzinfo=SH)


def test_one_hour_limit_on_a_holiday_runs_from_the_next_working_day():
    assert add_working_hours(datetime(2026, 10, 3, 9, 0, tzinfo=SH), 1) == datetime(2026, 10, 8, 1, 0, tzinfo=SH)


def test_years_beyond_the_calendar_fall_back_to_monday_to_friday():
    # 2031 is beyond chinesecalendar's data: 1 Jan 2031 (a Wednesday) counts as a working day.
    assert is_working_day(datetime(2031, 1, 1).date())
    friday = datetime(2031, 1, 3, 9, 0, tzinfo=SH)
    assert add_working_days(friday, 1) == datetime(2031, 1, 6, 9, 0, tzinfo=SH)


def test_filed_case_shows_its_expected_completion(report):
    expected = add_working_hours(report.reported_at, report.category.time_limit_hours)
    assert report.due_at == expected


@pytest.fixture
def late_report(report):
    GridReport.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(hours=1))
    return report


def test_overdue_task_flags_once_and_is_safe_to_run_twice(late_report, eager_celery):
    assert tasks.flag_overdue_reports.delay().get() == 1
    assert tasks.flag_overdue_reports.delay().get() == 0
    late_report.refresh_from_db()
    assert late_report.is_overdue
    assert late_report.events.filter(action=EventAction.OVERDUE).count() == 1


def test_case_within_its_limit_is_not_flagged(report):
    assert services.reports_flag_overdue() == 0


def test_dispatched_case_not_signed_for_in_time_is_overdue(report, alice, station):
    report = services.report_dispatch(user=alice, report=report, department=station)
    later = report.accept_due_at + timedelta(minutes=1)
    assert services.reports_flag_overdue(now=later) == 1


def test_resolving_clears_the_overdue_flag(late_report, alice, dave, station):
    services.reports_flag_overdue()
    report = GridReport.objects.get(pk=late_report.pk)
    report = services.report_dispatch(user=alice, report=report, department=station)
    report = services.report_accept(user=dave, report=report)
    services.report_resolve(user=dave, report=report, comment="done")
    assert not GridReport.objects.get(pk=late_report.pk).is_overdue


def test_accepted_case_without_contact_in_time_is_overdue(report, alice, dave, station):
    report = services.report_dispatch(user=alice, report=report, department=station)
    report = services.report_accept(user=dave, report=report)
    assert report.contact_due_at == add_working_hours(report.accepted_at, 24)
    assert services.reports_flag_overdue(now=report.contact_due_at - timedelta(minutes=1)) == 0
    assert services.reports_flag_overdue(now=report.contact_due_at + timedelta(minutes=1)) == 1
