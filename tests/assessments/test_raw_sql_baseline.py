"""The benchmark's baseline (``bench/rollup_sql.py``): hand-written SQL giving, on the small demo, the
very figures the rollup computes, for every computed indicator of the Yungang scheme and both
half-years, and the members and households that weight the roll-up. ``bench`` is importable as a
namespace package from the project root, which pytest puts on the path (``tests`` is a package)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments import computations, demo, rollup
from assessments.models import IndicatorKind, TimeAggregation
from assessments.periods import periods_of_year
from assessments.registry import computation
from bench import rollup_sql
from organizations import demo as org_demo
from organizations.models import LEVEL_DEPTH, Member, MemberStatus, Organization
from reports.models import GridReport, Status
from services.models import Assistance, Demand, DemandStatus, GridVisit
from volunteers.models import OrderStatus, PointsEntry, ServiceOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch):
    """The small demo with the records the scheme reads (not the other apps' activity), and the
    scheme itself without its rollups."""
    monkeypatch.setattr(org_demo, "ACTIVITY_SEEDERS", ("reports.demo", "services.demo", "volunteers.demo"))
    org_demo.seed(scale="small", seed=7)
    root = Organization.objects.get(code=org_demo.DEMO_ROOT_CODE)
    return demo.build_scheme(root, timezone.localdate().year)


def test_raw_sql_gives_the_rollups_figures_for_every_indicator(seeded):
    scheme = seeded
    root, depth = scheme.organization.path, LEVEL_DEPTH[scheme.level]
    indicators = list(scheme.indicators.filter(kind=IndicatorKind.COMPUTED))
    # Every computation the demo uses has a raw query, and the monthly mean is among the aggregations.
    assert {i.computation for i in indicators} == set(rollup_sql.RAW)
    assert {i.time_aggregation for i in indicators} == {TimeAggregation.SUM, TimeAggregation.MEAN}
    today = timezone.localdate()
    periods = [p.code for p in periods_of_year(scheme.period_kind, scheme.year) if p.start <= today]
    mismatches, answered = [], set()
    for period in periods:
        for ind in indicators:
            orm = rollup.indicator_values(ind, depth=depth, period_code=period, within=root)
            raw = rollup_sql.raw_indicator_values(ind, depth, period, root)
            if orm != raw:
                diff = {p: (orm.get(p, "-"), raw.get(p, "-")) for p in set(orm) | set(raw) if orm.get(p) != raw.get(p)}
                mismatches.append((period, ind.code, ind.computation, ind.time_aggregation, diff))
            if any(v for v in raw.values()):
                answered.add(ind.computation)
    assert mismatches == []
    # The comparison means something only if every query found records: a query that returned
    # nothing (or only zeros) on both sides would agree vacuously.
    assert answered == set(rollup_sql.RAW)


def test_raw_sql_gives_the_rollups_weights(seeded):
    depth = LEVEL_DEPTH[seeded.level]
    members, households = rollup_sql.member_counts(depth), rollup_sql.household_counts(depth)
    assert members == computations.member_counts(depth) and sum(members.values()) > 0
    assert households == computations.household_counts(depth) and sum(households.values()) > 0
    # Under the root (the demo's only district) the same.
    assert rollup_sql.member_counts(depth, seeded.organization.path) == members


def test_records_on_the_periods_edges_count_as_the_computations_count_them(seeded):
    """Records moved onto the edges of the first half-year, where ``<`` and ``<=`` part: the
    computations' ``__range`` includes the midnight after the period, a report's period excludes it,
    a report resolved at its due time is on time, a member registered on the last day counts, a
    ledger's year runs from 1 January to 31 December. The demo's random times never land there."""
    scheme = seeded
    root, depth = scheme.organization.path, LEVEL_DEPTH[scheme.level]
    period = periods_of_year(scheme.period_kind, scheme.year)[0]
    tz = timezone.get_current_timezone()
    opening = datetime.combine(period.start, time.min, tz)
    closing = datetime.combine(period.end + timedelta(days=1), time.min, tz)
    under = {"community__path__startswith": root}

    order = ServiceOrder.objects.filter(**under).first()
    ServiceOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DONE, done_at=closing)
    credit = PointsEntry.objects.filter(kind=PointsEntry.Kind.CREDIT, volunteer__community__path__startswith=root)
    PointsEntry.objects.filter(pk=credit.first().pk).update(created_at=closing)
    reports = GridReport.objects.filter(grid__branch__path__startswith=root).order_by("pk")
    first, second, third = reports[:3]
    GridReport.objects.filter(pk=first.pk).update(reported_at=closing, is_overdue=True)
    GridReport.objects.filter(pk=second.pk).update(reported_at=opening, status=Status.CLOSED,
                                                    resolved_at=opening + timedelta(days=1),
                                                    due_at=opening + timedelta(days=1))
    GridReport.objects.filter(pk=third.pk).update(reported_at=opening, is_overdue=True)
    member = Member.objects.filter(branch__path__startswith=root, status=MemberStatus.ACTIVE).first()
    community = Organization.objects.filter(path__startswith=root, depth=depth).order_by("path").first()
    Member.objects.filter(pk=member.pk).update(is_in_service=True, registered_community=community,
                                               registered_on=period.end)
    GridVisit.objects.filter(pk=GridVisit.objects.filter(organization__path__startswith=root).first().pk).update(
        visited_on=period.end)
    Demand.objects.filter(pk=Demand.objects.filter(organization__path__startswith=root).first().pk).update(
        received_on=date(period.year, 12, 31), status=DemandStatus.CLOSED)
    Assistance.objects.filter(pk=Assistance.objects.filter(needy__organization__path__startswith=root).first().pk
                              ).update(given_on=date(period.year, 1, 1))

    for key, raw in rollup_sql.RAW.items():
        orm = computation(key)(depth=depth, start=period.start, end=period.end, within=root)
        assert raw(depth=depth, start=period.start, end=period.end, root_path=root) == orm, key
    assert rollup_sql.orders_done(depth=depth, start=period.start, end=period.end, root_path=root)[
        order.community.path[: depth * Organization.steplen]] >= Decimal(1)
