"""The demo seeder gives a year of reports at the right closure rate, with events, deterministically."""

import pytest

from accounts.models import User
from organizations import demo
from reports import selectors
from reports.models import Department, GridReport, ReportEvent, Status


@pytest.fixture
def seeded(db):
    return demo.seed(scale="small", seed=7)


def test_small_demo_has_reports_departments_and_events(seeded):
    assert seeded.counts["grid reports"] == GridReport.objects.count() == 60
    assert Department.objects.filter(kind="district").count() == 7
    assert ReportEvent.objects.count() == seeded.counts["report events"] > 60 * 5
    closed = GridReport.objects.filter(status=Status.CLOSED).count()
    assert 0.85 < closed / 60 <= 1


def test_demo_department_account_sees_its_routed_cases(seeded):
    dept = User.objects.get(username="dept")
    visible = selectors.report_list(user=dept)
    assert visible.exists()
    assert not visible.exclude(department__staff=dept).exists()


def test_demo_dispatcher_never_closed_a_case(seeded):
    from django.db.models import F

    closed_by_dispatcher = ReportEvent.objects.filter(action="close", actor=F("report__dispatched_by"))
    assert not closed_by_dispatcher.exists()


def test_demo_stats_read_like_the_district_figures(seeded):
    admin = User.objects.get(username="admin")
    stats = selectors.report_stats(user=admin)
    assert stats["reported"] == 60 and stats["closure_rate"] > 85
