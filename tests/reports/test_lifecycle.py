"""The whistle-to-closure lifecycle: who may do which step, and which steps are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports import services
from reports.models import EventAction, Outcome, Status


def _dispatched(report, alice, station):
    return services.report_dispatch(user=alice, report=report, department=station, comment="请城管中队处置")


def _resolved(report, alice, dave, station):
    report = _dispatched(report, alice, station)
    report = services.report_accept(user=dave, report=report)
    report = services.report_start(user=dave, report=report)
    return services.report_resolve(user=dave, report=report, comment="已清理杂物")


def test_full_journey_records_every_step(report, alice, dave, carol, station):
    report = _resolved(report, alice, dave, station)
    report = services.report_close(user=carol, report=report, outcome=Outcome.FIXED, satisfaction=5, comment="居民满意")
    report.refresh_from_db()
    assert (report.status, report.outcome, report.satisfaction) == (Status.CLOSED, Outcome.FIXED, 5)
    assert report.closed_at and report.resolved_at and report.accepted_at and report.dispatched_at
    actions = list(report.events.values_list("action", "actor__username"))
    assert actions == [
        ("file", "gina"), ("dispatch", "alice"), ("accept", "dave"), ("start", "dave"), ("resolve", "dave"),
        ("close", "carol"),
    ]


def test_accepting_an_undispatched_case_is_refused_with_a_clear_message(report, dave, station):
    with pytest.raises(ValidationError, match="Only a dispatched case can be signed for"):
        services.report_accept(user=dave, report=report)


def test_closing_an_unresolved_case_is_refused(report, alice, carol, station):
    report = _dispatched(report, alice, station)
    with pytest.raises(ValidationError, match="Only a resolved case can be closed"):
        services.report_close(user=carol, report=report)


def test_dispatcher_cannot_close_the_case(report, alice, dave, station):
    report = _resolved(report, alice, dave, station)
    with pytest.raises(PermissionDenied, match="someone else must verify"):
        services.report_close(user=alice, report=report)
    assert "close" not in services.allowed_actions(user=alice, report=report)


def test_grid_worker_cannot_dispatch(report, gina, station):
    with pytest.raises(PermissionDenied, match="outside your area or role"):
        services.report_dispatch(user=gina, report=report, department=station)


def test_only_staff_of_the_routed_department_may_accept(report, alice, station, district_dept, tree):
    from accounts.models import Role
    from tests.conftest import make_user

    other = make_user("olga", Role.DEPARTMENT_STAFF, tree.s1)
    district_dept.staff.add(other)
    report = _dispatched(report, alice, station)
    with pytest.raises(PermissionDenied, match="department the case is routed to"):
        services.report_accept(user=other, report=report)


def test_station_of_another_street_cannot_take_the_case(report, alice, tree):
    from tests.reports.factories import DepartmentFactory

    foreign = DepartmentFactory(name="杨园派出所", organization=tree.s2)
    with pytest.raises(ValidationError, match="does not serve"):
        services.report_dispatch(user=alice, report=report, department=foreign)


def test_dispatch_defaults_to_the_category_department(report, alice, station):
    report = services.report_dispatch(user=alice, report=report)
    assert report.department == station


def test_district_department_serves_every_street(report, alice, district_dept):
    report = services.report_dispatch(user=alice, report=report, department=district_dept)
    assert report.status == Status.DISPATCHED


def test_return_sends_the_case_back_with_a_reason(report, alice, dave, carol, station):
    report = _resolved(report, alice, dave, station)
    with pytest.raises(ValidationError, match="Say why the case goes back"):
        services.report_return(user=carol, report=report, comment=" ")
    report = services.report_return(user=carol, report=report, comment="杂物仍未清走")
    assert report.status == Status.IN_PROGRESS and report.resolved_at is None


def test_escalated_case_is_dispatched_by_the_district_only(report, alice, dana, district_dept):
    report = services.report_escalate(user=alice, report=report, comment="涉及多个部门")
    assert report.status == Status.ESCALATED
    with pytest.raises(PermissionDenied, match="outside your area or role"):
        services.report_dispatch(user=alice, report=report, department=district_dept)
    report = services.report_dispatch(user=dana, report=report, department=district_dept)
    assert report.status == Status.DISPATCHED


def test_closed_case_can_be_reopened_by_the_grid_with_a_reason(report, alice, dave, carol, gina, station):
    report = _resolved(report, alice, dave, station)
    report = services.report_close(user=carol, report=report, outcome=Outcome.DUPLICATE)
    with pytest.raises(ValidationError, match="Say why the case is reopened"):
        services.report_reopen(user=gina, report=report, comment="")
    report = services.report_reopen(user=gina, report=report, comment="问题复发")
    report.refresh_from_db()
    assert (report.status, report.outcome, report.closed_at) == (Status.DISPATCHED, "", None)
    assert report.events.last().action == EventAction.REOPEN


def test_stale_version_is_refused(report, alice, station):
    stale = report.version
    services.report_dispatch(user=alice, report=report, department=station)
    with pytest.raises(ValidationError, match="Someone else acted on this case"):
        services.report_escalate(user=alice, report=report, comment="x", version=stale)


def test_allowed_actions_follow_role_and_status(report, alice, dave, gina, station):
    assert services.allowed_actions(user=alice, report=report) == ["dispatch", "escalate"]
    assert services.allowed_actions(user=gina, report=report) == []
    report = _dispatched(report, alice, station)
    assert services.allowed_actions(user=dave, report=report) == ["accept"]


def test_fixed_case_needs_the_residents_satisfaction(report, alice, dave, carol, station):
    report = _resolved(report, alice, dave, station)
    with pytest.raises(ValidationError, match="satisfaction"):
        services.report_close(user=carol, report=report, outcome=Outcome.FIXED)
    report = services.report_close(user=carol, report=report, outcome=Outcome.NOT_RESPONSIBLE)
    assert report.status == Status.CLOSED and report.satisfaction is None
