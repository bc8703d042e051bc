"""Computations of the apps that predate the assessment engine (reports, service ledgers,
volunteering, organisations), registered here because those apps cannot import this one yet.
Apps built later register their own from their ``AppConfig.ready`` (see ``registry``).

Each is one grouped query (two for the ratios whose denominator lives in another table) over
every organisation at ``depth``, reusing the apps' own statistics selectors where they take a
period: ``services.selectors.*_stats_by_org`` and ``reports.selectors`` figures. The rollup runs as
the system, so it passes :data:`SYSTEM`, an unrestricted reader, where a selector wants a user.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Building, GridWorker, Household
from organizations.models import Level, Member, MemberStatus, Organization, OrgStatus
from organizations.paths import STEPLEN, count_per_ancestor, depth_of, prefix_at, subtree_q
from reports.models import GridReport
from reports.selectors import Period as ReportPeriod
from reports.selectors import _figures as report_figures
from services import selectors as ledger_selectors
from services.models import Assistance, Demand, Fulfilment, GridVisit, NeedyHousehold, Pledge, PledgeItem
from volunteers.models import SERVED_STATUSES, PointsEntry, ServiceOrder

from .registry import Source, Values, Within, register, shared


class _System:
    """The rollup's reader: sees everything (``scoping.is_unrestricted``), acts for nobody."""

    is_superuser = True
    is_active = True
    is_authenticated = True
    pk = None


SYSTEM = _System()
HUNDRED = Decimal(100)


def _ratio(num, den, scale: Decimal = HUNDRED) -> Decimal | None:
    return (Decimal(num or 0) * scale / Decimal(den)).quantize(Decimal("0.0001")) if den else None


def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def in_subtree(qs: QuerySet, org: Organization, field: str) -> QuerySet:
    return qs.filter(subtree_q(org.path, field=field))


def day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as date-times from midnight to the next midnight, for ``__range`` on a date-time."""
    return _day_range(start, end)


def at_depth(rows: dict[str, dict], depth: int) -> dict[str, dict]:
    """Only the rows of organisations at ``depth``: ``count_per_ancestor`` keys a row attached higher
    (a street's own record, when communities are assessed) by that shorter path."""
    return {path: row for path, row in rows.items() if depth_of(path) == depth}


def ratio(num, den, scale: Decimal = HUNDRED) -> Decimal | None:
    """``num / den × scale`` to four places; None without a denominator."""
    return _ratio(num, den, scale)


# --- grid reports (网格吹哨) -------------------------------------------------------------------

def _report_rows(depth: int, start: date, end: date, within: str) -> dict[str, dict]:
    qs = GridReport.objects.filter(ReportPeriod(start, end).q())
    return count_per_ancestor(qs, field="grid__branch", depth=depth, within=within, **report_figures())


REPORTS = [Source(GridReport, "grid__branch", ("updated_at",))]


def _reports_in(org, start, end) -> QuerySet:
    return in_subtree(GridReport.objects.filter(ReportPeriod(start, end).q()), org, "grid__branch")


@register("reports.closure_rate", label=_("Grid reports: closure rate (%)"), unit="%", records=_reports_in,
          sources=REPORTS)
def closure_rate(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    return {p: _ratio(r["closed"], r["reported"]) for p, r in _report_rows(depth, start, end, within).items()}


@register("reports.on_time_rate", label=_("Grid reports: closed on time (%)"), unit="%", records=_reports_in,
          sources=REPORTS)
def on_time_rate(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    return {p: _ratio(r["on_time"], r["closed"]) for p, r in _report_rows(depth, start, end, within).items()}


@register("reports.overdue_count", label=_("Grid reports: overdue cases"), is_count=True, sources=REPORTS,
          records=lambda org, start, end: _reports_in(org, start, end).filter(is_overdue=True))
def overdue_count(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    return {p: Decimal(r["overdue"]) for p, r in _report_rows(depth, start, end, within).items()}


# --- service ledgers (服务台账) ----------------------------------------------------------------
# Pledges, needy households and demands are yearly ledgers: their selectors take the year of the
# period's end.

def _pledges_in(org, start, end) -> QuerySet:
    return in_subtree(Pledge.objects.filter(year=end.year), org, "organization")


# A pledge's evaluation is an edit of it; its items and their fulfilment records are rows added.
PLEDGES = [Source(Pledge, "organization"), Source(PledgeItem, "pledge__organization"),
           Source(Fulfilment, "item__pledge__organization")]


def _pledge_stats(depth: int, end: date, within: Within) -> dict:
    return shared(("pledge_stats", depth, end.year, tuple(within) if isinstance(within, list) else within),
                  lambda: ledger_selectors.pledge_stats_by_org(user=SYSTEM, year=end.year, depth=depth, within=within))


@register("ledgers.pledge_fulfilment_rate", label=_("Pledges: fulfilment records per pledge item (%, at most 100)"),
          unit="%", records=_pledges_in, sources=PLEDGES)
def pledge_fulfilment_rate(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = _pledge_stats(depth, end, within)
    return {p: min(HUNDRED, _ratio(r["fulfilments"], r["pledge_items"]) or Decimal(0)) if r["pledge_items"] else None
            for p, r in rows.items()}


@register("ledgers.evaluated_pledges_share", label=_("Pledges: share evaluated (%)"), unit="%", records=_pledges_in,
          sources=PLEDGES)
def evaluated_pledges_share(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = _pledge_stats(depth, end, within)
    return {p: _ratio(r["evaluated"], r["total"]) for p, r in rows.items()}


@register("ledgers.assistance_per_needy", label=_("Needy households: acts of assistance per household"),
          records=lambda org, start, end: in_subtree(
              Assistance.objects.filter(given_on__year=end.year), org, "needy__organization"),
          sources=[Source(NeedyHousehold, "organization"), Source(Assistance, "needy__organization")])
def assistance_per_needy(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = ledger_selectors.needy_stats_by_org(user=SYSTEM, year=end.year, depth=depth, within=within)
    return {p: _ratio(r["assistance_acts"], r["total"], Decimal(1)) for p, r in rows.items()}


@register("ledgers.demands_answered", label=_("Residents' demands: share closed (%)"), unit="%",
          records=lambda org, start, end: in_subtree(Demand.objects.filter(received_on__year=end.year), org,
                                                     "organization"),
          sources=[Source(Demand, "organization")])
def demands_answered(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = ledger_selectors.demand_stats_by_org(user=SYSTEM, year=end.year, depth=depth, within=within)
    return {p: _ratio(r["closed"], r["total"]) for p, r in rows.items()}


@register("ledgers.visits_per_grid_worker", label=_("Grid visits per grid worker"),
          records=lambda org, start, end: in_subtree(GridVisit.objects.filter(visited_on__range=(start, end)), org,
                                                     "organization"),
          sources=[Source(GridVisit, "organization"), Source(GridWorker, "grid__branch")])
def visits_per_grid_worker(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    visits = ledger_selectors.visit_stats_by_org(user=SYSTEM, start=start, end=end, depth=depth, within=within)
    workers = count_per_ancestor(GridWorker.objects.all(), field="grid__branch", depth=depth, within=within)
    return {p: _ratio(visits.get(p, {}).get("total", 0), w["total"], Decimal(1)) for p, w in workers.items()}


# --- volunteering (三单制, 积分) -------------------------------------------------------------------

def _orders_done(start, end) -> QuerySet:
    return ServiceOrder.objects.filter(status__in=SERVED_STATUSES, done_at__range=_day_range(start, end))


@register("volunteers.orders_done", label=_("Residents' orders done"), is_count=True,
          records=lambda org, start, end: in_subtree(_orders_done(start, end), org, "community"),
          sources=[Source(ServiceOrder, "community")])
def orders_done(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(_orders_done(start, end), field="community", depth=depth, within=within)
    return {p: Decimal(r["total"]) for p, r in rows.items()}


def _credits(start, end) -> QuerySet:
    return PointsEntry.objects.filter(kind=PointsEntry.Kind.CREDIT, created_at__range=_day_range(start, end))


@register("volunteers.points_earned", label=_("Volunteer points earned"), is_count=True,
          records=lambda org, start, end: in_subtree(_credits(start, end), org, "volunteer__community"),
          sources=[Source(PointsEntry, "volunteer__community")])
def points_earned(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(_credits(start, end), field="volunteer__community", depth=depth, within=within,
                              points=Sum("points"))
    return {p: Decimal(r["points"] or 0) for p, r in rows.items()}


# --- organisations (组织覆盖) --------------------------------------------------------------------

@register("organizations.member_household_coverage",
          label=_("Member households (党员中心户) per 100 households"),
          records=lambda org, start, end: Organization.objects.filter(
              subtree_q(org.path), level=Level.HOUSEHOLD, status=OrgStatus.ACTIVE),
          sources=[Source(Organization, "", ("updated_at",)), Source(Household, "building__grid__branch")])
def member_household_coverage(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    hosts = count_per_ancestor(
        Organization.objects.filter(level=Level.HOUSEHOLD, status=OrgStatus.ACTIVE), field="", depth=depth,
        within=within,
    )
    households = count_per_ancestor(Household.objects.all(), field="building__grid__branch", depth=depth,
                                    within=within)
    return {p: _ratio(hosts.get(p, {}).get("total", 0), h["total"]) for p, h in households.items()}


def _in_service():
    return Member.objects.filter(is_in_service=True, status=MemberStatus.ACTIVE, registered_community__isnull=False)


@register("organizations.in_service_registered", label=_("In-service members registered in the community"),
          is_count=True,
          records=lambda org, start, end: in_subtree(_in_service(), org, "registered_community"),
          sources=[Source(Member, "registered_community", ("updated_at",))])
def in_service_registered(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    rows = count_per_ancestor(
        _in_service().filter(registered_on__lte=end), field="registered_community", depth=depth, within=within
    )
    return {p: Decimal(r["total"]) for p, r in rows.items()}


# --- weights for the roll-up (mean weighted by members or households) ------------------------


def _per_ancestor(counts, paths: dict, depth: int) -> dict[str, int]:
    """``counts`` of (key, n) summed per ancestor at ``depth`` of ``paths[key]``."""
    out: dict[str, int] = defaultdict(int)
    for key, n in counts:
        if key in paths:
            out[prefix_at(paths[key], depth)] += n
    return dict(out)


def member_counts(depth: int) -> dict[str, int]:
    """Active members per organisation at ``depth``: counted per branch first (an index-only scan
    of the 150,000 members of a city), then summed per ancestor over the 10,000 branches, which the
    ORM cannot say in one query: 40 ms instead of 75 for the join grouped by the ancestor's path."""
    member, org = Member._meta, Organization._meta
    sql = (f"SELECT SUBSTR(o.{org.get_field('path').column}, 1, {int(depth) * STEPLEN}), SUM(x.n) "
           f"FROM (SELECT {member.get_field('branch').column} AS branch, COUNT(*) AS n FROM {member.db_table} "
           f"WHERE {member.get_field('status').column} = %s GROUP BY 1) x "
           f"JOIN {org.db_table} o ON o.{org.pk.column} = x.branch GROUP BY 1")
    with connection.cursor() as cursor:
        cursor.execute(sql, [MemberStatus.ACTIVE])
        return {path: int(n) for path, n in cursor.fetchall()}


def household_counts(depth: int) -> dict[str, int]:
    """Counted per building (6,000 in a city, an index serves it), then summed per ancestor: 35 ms
    instead of 55 for the city's 72,000 households grouped through three joins."""
    counts = Household.objects.order_by().values("building").annotate(n=Count("pk")).values_list("building", "n")
    return _per_ancestor(counts, dict(Building.objects.values_list("pk", "grid__branch__path")), depth)

