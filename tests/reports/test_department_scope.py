"""Department staff see the cases routed to their department, and only those."""

from partybuild.scoping import EDIT, VIEW, can, scope_queryset
from reports import selectors, services
from reports.models import GridReport


def test_staff_see_nothing_before_the_case_is_routed_to_them(report, dave):
    assert not selectors.report_list(user=dave).exists()


def test_staff_see_a_case_once_it_is_routed_to_their_department(report, alice, dave, station):
    services.report_dispatch(user=alice, report=report, department=station)
    assert list(selectors.report_list(user=dave)) == [report]
    assert can(dave, VIEW, report)


def test_staff_of_another_department_do_not_see_the_case(report, alice, station, district_dept, tree):
    from accounts.models import Role
    from tests.conftest import make_user

    olga = make_user("olga", Role.DEPARTMENT_STAFF, tree.s1)
    district_dept.staff.add(olga)
    services.report_dispatch(user=alice, report=report, department=station)
    assert not selectors.report_list(user=olga).exists()


def test_extra_grant_is_for_viewing_only(report, alice, dave, station):
    services.report_dispatch(user=alice, report=report, department=station)
    assert not scope_queryset(GridReport.objects.all(), dave, EDIT).exists()


def test_subtree_and_department_grants_do_not_duplicate_rows(report, alice, dave, station, tree):
    from accounts.models import Role, RoleAssignment

    services.report_dispatch(user=alice, report=report, department=station)
    station.staff.add(alice)
    RoleAssignment.objects.create(user=dave, role=Role.AUDITOR, organization=tree.s1)
    dave.__dict__.pop("_scope_grants", None)
    assert selectors.report_list(user=dave).count() == 1
    assert selectors.report_list(user=alice).count() == 1


def test_outsider_sees_neither_the_case_nor_the_station(report, charlie, station, district_dept):
    assert not selectors.report_list(user=charlie).exists()
    assert list(selectors.department_list(user=charlie)) == [district_dept]


def test_street_official_may_route_to_district_departments(report, alice, station, district_dept):
    assert set(selectors.department_choices(user=alice, report=report)) == {station, district_dept}


def test_a_department_grant_needs_the_department_staff_role(report, alice, station, charlie, dave):
    """Only department-staff accounts are put on a department (the admin offers no others): an
    account without the role gets no grant from it, and its scope is one indexable path condition."""
    services.report_dispatch(user=alice, report=report, department=station)
    station.staff.add(charlie)  # a street official of S2, not department staff
    assert not selectors.report_list(user=charlie).exists()
    assert "reports_department_staff" not in str(selectors.report_list(user=charlie).query)
    assert "reports_department_staff" in str(selectors.report_list(user=dave).query)
