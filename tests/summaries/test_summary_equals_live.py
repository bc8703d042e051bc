"""After each kind of change made through the write services, the figures read from the summaries
equal the figures counted live from the records, and the incrementally kept rows equal a rebuild."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from organizations import member_services, selectors, services
from organizations.models import Level, MemberStatus, Organization, OrgType
from reports import selectors as report_selectors
from reports import services as report_services
from reports.models import Outcome
from services import selectors as ledger_selectors
from services import services as ledger_services
from summaries import figures
from summaries.models import CurrentSummary, MonthSummary, ReportBreakdownSummary, SummaryRebuild
from tests.organizations.factories import make_org, valid_id_number

pytestmark = pytest.mark.django_db


@contextmanager
def _live():
    """Hide the finished rebuilds: every selector then counts from the records."""
    ids = list(SummaryRebuild.objects.filter(finished_at__isnull=False).values_list("pk", flat=True))
    SummaryRebuild.objects.filter(pk__in=ids).update(finished_at=None)
    try:
        yield
    finally:
        SummaryRebuild.objects.filter(pk__in=ids).update(finished_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def _figures(user) -> dict:
    """Every whole-scope figure the summaries serve, for the user's view of the tree."""
    out = {}
    for org in Organization.objects.filter(depth__lte=3).order_by("path"):
        cov = selectors.coverage(root=org).as_dict()
        cov.pop("computed_at")
        stats = report_selectors.report_stats(user=user, org=org)
        stats.pop("computed_at", None)
        out[org.code] = {
            "coverage": cov, "reports": stats,
            "by_category": report_selectors.report_stats_by_category(user=user, org=org),
            "by_department": report_selectors.report_stats_by_department(user=user, org=org),
        }
        if org.depth < 3:
            out[org.code]["by_child"] = report_selectors.report_stats_by_child(user=user, org=org)
            children = selectors.with_member_totals(selectors.organization_children(user=user, org=org))
            out[org.code]["members_by_child"] = {c.code: c.member_total for c in children}
    counts = ledger_selectors.ledger_counts(user=user, year=2026)
    counts.pop("computed_at", None)
    out["ledgers"] = counts
    return out


def _stored() -> tuple[dict, dict, dict]:
    current = {r.pop("organization_id"): r for r in CurrentSummary.objects.values(
        "organization_id", *figures.CURRENT_COLUMNS)}
    months = {(r.pop("organization_id"), r.pop("month")): r for r in MonthSummary.objects.values(
        "organization_id", "month", *figures.MONTH_COLUMNS)}
    key = ("organization_id", "month", "category_id", "department_id")
    breakdown = {tuple(r.pop(k) for k in key): r for r in ReportBreakdownSummary.objects.values(
        *key, *figures.BREAKDOWN_COLUMNS)}
    return current, months, breakdown


def assert_summaries_match(user) -> None:
    summarised = _figures(user)
    assert SummaryRebuild.objects.filter(finished_at__isnull=False).exists()
    with _live():
        live = _figures(user)
    assert summarised == live
    kept = _stored()
    from summaries.services import summaries_rebuild

    summaries_rebuild()
    assert kept == _stored()


def test_the_built_summaries_equal_the_live_figures(built, dana, alice):
    assert_summaries_match(dana)
    assert_summaries_match(alice)


def test_creating_organisations_and_members(built, dana, commit):
    with commit():
        c4 = services.organization_create(user=dana, parent=built.s2, code="C4", name="新社区党委",
                                          level=Level.COMMUNITY, org_type=OrgType.COMMITTEE)
    with commit():
        grid = services.organization_create(user=dana, parent=c4, code="G4", name="新网格党支部", level=Level.GRID)
    with commit():
        member_services.member_create(user=dana, branch=grid, name="李新", gender="M",
                                      id_number=valid_id_number(seq=901), joined_on=dt.date(2010, 7, 1),
                                      birth_date=dt.date(1980, 5, 17))
    assert selectors.coverage(root=built.s2).by_level[Level.COMMUNITY] == 2
    assert_summaries_match(dana)


def test_editing_an_organisation_and_a_member(built, dana, commit):
    member = built.g1.members.first()
    with commit():
        services.organization_update(user=dana, org=built.c2, org_type=OrgType.GENERAL_BRANCH)
    with commit():
        member_services.member_update(user=dana, member=member, is_in_service=True,
                                      registered_community=built.c3, registered_on=dt.date(2026, 3, 1),
                                      category="probationary")
    assert selectors.coverage(root=built.s2).in_service_registered == 1
    assert_summaries_match(dana)
    with commit():
        member_services.member_change_status(user=dana, member=member, status=MemberStatus.ABROAD,
                                             on=dt.date(2026, 6, 1))
    # Only active in-service members count as registered.
    assert selectors.coverage(root=built.s2).in_service_registered == 0
    assert_summaries_match(dana)


def test_moving_a_subtree(built, dana, commit):
    with commit():
        services.organization_move(user=dana, org=built.g1, new_parent=built.c2)
    assert selectors.coverage(root=built.c1).members == 1  # only the floating member stays in C1
    assert_summaries_match(dana)
    with commit():
        services.organization_move(user=dana, org=built.c2, new_parent=built.s2)
    assert_summaries_match(dana)


def test_transferring_a_member(built, dana, commit):
    member = built.g1.members.first()
    with commit():
        transfer = member_services.transfer_send(user=dana, member=member, to_org=built.g3)
    with commit():
        member_services.transfer_receive(user=dana, transfer=transfer)
    assert_summaries_match(dana)


def test_dissolving_and_merging_organisations(built, dana, commit):
    with commit():
        empty = make_org(built.s2, Level.COMMUNITY, "C9", "待撤销社区党支部", org_type=OrgType.BRANCH)
        services.organization_update(user=dana, org=empty, name="待撤销社区")
    with commit():
        services.organization_dissolve(user=dana, org=empty)
    with commit():
        services.organization_merge(user=dana, source=built.c1, target=built.c2)
    assert_summaries_match(dana)


def test_reports_filed_closed_and_overdue(built, dana, alice, dave, carol, gina, category, station, commit,
                                         time_machine):
    with commit():
        report = report_services.report_file(user=gina, grid=built.grid1, category=category, description="井盖缺失")
    with commit():
        report = report_services.report_dispatch(user=alice, report=report, department=station)
    with commit():
        report = report_services.report_accept(user=dave, report=report)
    with commit():
        report = report_services.report_start(user=dave, report=report)
    time_machine.shift(dt.timedelta(hours=5))
    with commit():
        report = report_services.report_resolve(user=dave, report=report, comment="已补装")
    with commit():
        report_services.report_close(user=carol, report=report, outcome=Outcome.FIXED, satisfaction=5)
    stats = report_selectors.report_stats(user=dana, org=built.district)
    assert (stats["reported"], stats["closed"], stats["mean_hours_to_close"]) == (2, 1, 5.0)
    assert_summaries_match(dana)
    # The first report runs out of time: the sweep flags it and its bucket is recomputed.
    time_machine.shift(dt.timedelta(days=30))
    with commit():
        assert report_services.reports_flag_overdue() == 1
    assert report_selectors.report_stats(user=dana, org=built.district)["overdue"] == 1
    assert_summaries_match(dana)
    assert_summaries_match(alice)


def test_ledger_rows_created(built, dana, gina, carol, worker, commit):
    with commit():
        ledger_services.visit_create(user=gina, grid=built.grid1, household=built.household1, worker=worker,
                                     visited_on=dt.date(2026, 5, 3), kinds=["publicity"])
    with commit():
        needy = ledger_services.needy_register(user=carol, household=built.household1, category="low_income")
    with commit():
        ledger_services.assistance_record(user=carol, needy=needy, given_on=dt.date(2026, 6, 2), helper="社区",
                                          content="慰问")
    with commit():
        ledger_services.demand_create(user=carol, organization=built.c1, received_on=dt.date(2026, 6, 3),
                                      source="visit", resident_name="张三", content="路灯不亮")
    assert ledger_selectors.ledger_counts(user=dana, year=2026)["visits"] == 2
    assert_summaries_match(dana)
    assert_summaries_match(gina)


def test_imported_organisations_and_members(built, dana, commit):
    from imports.member_import import members_import
    from imports.org_import import organizations_import
    from tests.imports import MEMBER_HEADERS, ORG_HEADERS, table

    with commit():
        report = organizations_import(user=dana, table=table("orgs", [
            ORG_HEADERS,
            ["C8", "新河社区党总支", "community", "general_branch", "S2"],
            ["G8", "新河第一网格党支部", "grid", "", "C8"],
            ["G7", "西城壕第三网格党支部", "grid", "", "C1"],
        ]))
    assert report.ok, report.errors
    with commit():
        report = members_import(user=dana, table=table("members", [
            MEMBER_HEADERS,
            ["王芳", "女", dt.date(1985, 3, 9), valid_id_number(dt.date(1985, 3, 9), seq=801), "", "2010-07-01",
             "正式党员", "G8"],
            ["刘军", "男", dt.date(1990, 1, 2), valid_id_number(dt.date(1990, 1, 2), seq=802), "", "2022-06-01",
             "预备党员", "G7"],
        ]))
    assert report.ok, report.errors
    # Read from the summaries (they are built): the imported rows are in them without a rebuild.
    assert selectors.coverage(root=built.s2).by_level[Level.COMMUNITY] == 2
    assert selectors.coverage(root=built.c1).by_level[Level.GRID] == 2
    assert_summaries_match(dana)
