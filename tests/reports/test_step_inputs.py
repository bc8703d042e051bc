"""Each API step validates its own input: another step's field is a 400 naming it (never a 500),
query strings are validated (a bad date is a 400), and every step lands in the change history."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from reports import services
from reports.models import EventAction, GridReport, Outcome, Status


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _at(report, status, *, alice, dave, carol, station, dana):
    """``report`` brought to ``status`` through the services."""
    if status == Status.REPORTED:
        return report
    if status == Status.ESCALATED:
        return services.report_escalate(user=alice, report=report, comment="涉及多个部门")
    report = services.report_dispatch(user=alice, report=report, department=station)
    if status == Status.DISPATCHED:
        return report
    report = services.report_accept(user=dave, report=report)
    if status == Status.ACCEPTED:
        return report
    report = services.report_resolve(user=dave, report=report, comment="已处置")
    if status == Status.RESOLVED:
        return report
    return services.report_close(user=carol, report=report, outcome=Outcome.DUPLICATE)


# step -> (the status it starts from, who takes it, a field that belongs to another step)
STEPS = {
    "dispatch": (Status.REPORTED, "alice", {"outcome": "fixed"}),
    "accept": (Status.DISPATCHED, "dave", {"department": 1}),
    "start": (Status.ACCEPTED, "dave", {"satisfaction": 5}),
    "resolve": (Status.ACCEPTED, "dave", {"outcome": "fixed"}),
    "close": (Status.RESOLVED, "carol", {"department": 1}),
    "return": (Status.RESOLVED, "carol", {"satisfaction": 3}),
    "escalate": (Status.REPORTED, "alice", {"outcome": "fixed", "satisfaction": 4}),
    "reopen": (Status.CLOSED, "gina", {"department": 1}),
}


def test_every_step_is_covered():
    assert set(STEPS) == {str(a) for a in services.ACTION_SERVICES}


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_field_of_another_step_is_a_400_naming_it(step, request, report, station):
    status, actor, foreign = STEPS[step]
    people = {name: request.getfixturevalue(name) for name in ("alice", "dave", "carol", "dana", "gina")}
    report = _at(report, status, station=station, **{k: people[k] for k in ("alice", "dave", "carol", "dana")})
    body = {"comment": "说明", "version": report.version, **foreign}
    response = _client(people[actor]).post(f"/api/v1/reports/{report.pk}/{step}/", body, format="json")
    assert response.status_code == 400, response.content
    for name in foreign:
        assert "This step does not take" in str(response.json()[name])
    assert GridReport.objects.get(pk=report.pk).status == status


def test_dispatch_with_its_own_fields_still_works(report, alice, station):
    response = _client(alice).post(
        f"/api/v1/reports/{report.pk}/dispatch/", {"department": station.pk, "comment": "请处置"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == Status.DISPATCHED


def test_close_takes_outcome_and_satisfaction(report, alice, dave, carol, dana, station):
    report = _at(report, Status.RESOLVED, alice=alice, dave=dave, carol=carol, dana=dana, station=station)
    response = _client(carol).post(
        f"/api/v1/reports/{report.pk}/close/", {"outcome": "fixed", "satisfaction": 5}, format="json"
    )
    assert response.status_code == 200 and response.json()["satisfaction"] == 5


def test_a_department_of_another_street_reads_as_unknown(report, alice, tree):
    from tests.reports.factories import DepartmentFactory

    foreign = DepartmentFactory(name="杨园派出所", organization=tree.s2)
    response = _client(alice).post(f"/api/v1/reports/{report.pk}/dispatch/", {"department": foreign.pk}, format="json")
    assert response.status_code == 400 and "department" in response.json()


@pytest.mark.parametrize("query", [
    {"start": "2026-13-45"}, {"end": "not-a-date"}, {"org": "abc"}, {"start": "2026-05-02", "end": "2026-05-01"},
])
def test_bad_statistics_query_is_a_400(alice, query):
    response = _client(alice).get("/api/v1/report-statistics/", query)
    assert response.status_code == 400, response.content


def test_statistics_of_an_organisation_outside_the_area_is_a_400(alice, tree):
    response = _client(alice).get("/api/v1/report-statistics/", {"org": tree.s2.pk})
    assert response.status_code == 400 and "org" in response.json()


@pytest.mark.parametrize("query", [{"start": "2026-02-30"}, {"end": "x"}, {"department": "abc"}, {"status": "nope"}])
def test_bad_list_filter_is_a_400(alice, report, query):
    assert _client(alice).get("/api/v1/reports/", query).status_code == 400


def test_household_of_another_street_reads_as_unknown(gina, category, tree):
    from grids.models import Building, Household

    building = Building.objects.create(grid=tree.grid3, name="杨园1号楼")
    elsewhere = Household.objects.create(building=building, unit="1-101", head_name="李四")
    response = _client(gina).post("/api/v1/reports/", {
        "grid": tree.grid1.pk, "category": category.code, "description": "x", "household": elsewhere.pk,
    }, format="json")
    assert response.status_code == 400 and "household" in response.json()


def test_unknown_source_is_a_400(gina, category, tree):
    response = _client(gina).post("/api/v1/reports/", {
        "grid": tree.grid1.pk, "category": category.code, "description": "x", "source": "telepathy",
    }, format="json")
    assert response.status_code == 400 and "source" in response.json()


def test_every_transition_appears_in_the_change_history(report, alice, dave, carol, gina, station):
    report = _at(report, Status.CLOSED, alice=alice, dave=dave, carol=carol, dana=None, station=station)
    services.report_reopen(user=gina, report=report, comment="问题复发")
    entries = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    moves = [tuple(e.changes["status"]) for e in entries if "status" in e.changes]
    assert moves == [
        ("reported", "dispatched"), ("dispatched", "accepted"), ("accepted", "resolved"), ("resolved", "closed"),
        ("closed", "dispatched"),
    ]
    assert [e.actor.username for e in entries if "status" in e.changes] == ["alice", "dave", "dave", "carol", "gina"]
    # The event rows are the workflow's record of the same steps.
    assert list(report.events.values_list("action", flat=True)) == [
        EventAction.FILE, EventAction.DISPATCH, EventAction.ACCEPT, EventAction.RESOLVE, EventAction.CLOSE,
        EventAction.REOPEN,
    ]


def test_the_case_number_is_named_in_its_creation_entry_and_not_logged_as_a_change(report):
    created = LogEntry.objects.get_for_object(report).get(action=LogEntry.Action.CREATE)
    assert created.object_repr.startswith(report.number)
    assert "number" not in created.changes


def test_overdue_sweep_is_audited_without_making_pages_stale(report, alice, station):
    import datetime as dt

    from django.utils import timezone

    version = report.version
    flagged = services.reports_flag_overdue(now=timezone.now() + dt.timedelta(days=30))
    report.refresh_from_db()
    assert flagged == 1 and report.is_overdue and report.version == version
    entry = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes["is_overdue"] == ["False", "True"]
    services.report_dispatch(user=alice, report=report, department=station, version=version)



def test_a_stale_page_is_refused_in_the_reports_own_words(report, alice, station):
    from partybuild.locking import versioned_save

    edited = GridReport.objects.get(pk=report.pk)
    edited.location = "中华路1号3号楼东侧"
    versioned_save(edited, fields=["location"])  # someone saved while alice was looking
    with pytest.raises(ValidationError, match="Someone else acted on this case"):
        services.report_dispatch(user=alice, report=report, department=station)
    assert GridReport.objects.get(pk=report.pk).status == Status.REPORTED
