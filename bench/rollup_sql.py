"""The rollup's baseline: the aggregates of the demo scheme's computations in hand-written SQL.

``bench/run.py`` times the full assessment rollup beside these queries: what the same figures
cost when nothing stands between the numbers and the database (no ORM query building, no
registry, no scoring, no writes). Each function answers like its computation in
``assessments.computations`` — ``{ancestor path at depth: value}`` — from one grouped query
(two for a ratio whose denominator lives in another table), written by hand for
``cursor.execute`` with parameters, portable between SQLite and PostgreSQL (``substr``, ``CASE``
inside ``SUM`` rather than ``FILTER``). Only the last step is Python: the ratio of two counts,
with the computations' own rounding (``computations.ratio``), so the numbers are the same Decimals.

Grouping mirrors ``organizations.paths.count_per_ancestor``: a row counts for the ancestor at
``depth`` of its organisation, the first ``depth × STEPLEN`` characters of that organisation's
materialised path (a record attached higher up is keyed by its own, shorter, path). ``root_path``
keeps the rows under that organisation, as the rollup's ``within`` does (the same range of paths
as ``paths.within_q``, which an index on the path serves); ``""`` keeps every row.

Table and column names come from the models' ``_meta``; only the SQL is hand-written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from assessments.computations import HUNDRED, ratio
from assessments.models import Indicator, TimeAggregation
from assessments.periods import parse_period
from assessments.registry import Values
from grids.models import Building, Grid, GridWorker, Household
from organizations.models import Level, Member, MemberStatus, Organization, OrgStatus
from organizations.paths import STEPLEN
from reports.models import GridReport, Status
from services.models import Assistance, Demand, DemandStatus, Fulfilment, GridVisit, NeedyHousehold, Pledge, PledgeItem
from volunteers.models import SERVED_STATUSES, PointsEntry, ServiceOrder, Volunteer

FOUR = Decimal("0.0001")


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model, field: str) -> str:
    """The quoted column of ``model.field`` (``field`` a model field name, ``pk`` for the key)."""
    f = model._meta.pk if field == "pk" else model._meta.get_field(field)
    return connection.ops.quote_name(f.column)


ORG = _t(Organization)
PATH = _c(Organization, "path")
ORG_ID = _c(Organization, "pk")


def _prefix(alias: str, depth: int) -> str:
    """SQL: the ancestor at ``depth`` of the organisation ``alias``. The length is an integer
    literal, not a parameter: PostgreSQL would take ``substr(path, 1, $1)`` in the SELECT and
    ``substr(path, 1, $2)`` in the GROUP BY for different expressions."""
    return f"substr({alias}.{PATH}, 1, {int(depth) * STEPLEN})"


def _within(alias: str, root_path: str) -> tuple[str, list]:
    """SQL and parameters keeping the organisations ``alias`` under ``root_path``: the range of
    ``paths.within_q`` (every path under the root sorts between it and the root padded with the
    alphabet's last character)."""
    if not root_path:
        return "1 = 1", []
    top = root_path + Organization.alphabet[-1] * (Organization._meta.get_field("path").max_length - len(root_path))
    return f"{alias}.{PATH} >= %s AND {alias}.{PATH} <= %s", [root_path, top]


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _d(value: date):
    return connection.ops.adapt_datefield_value(value)


def _midnights(start: date, end: date) -> tuple:
    """[start, end] as the local midnight starting ``start`` and the one after ``end``, adapted for
    the database (SQLite stores UTC text)."""
    tz = timezone.get_current_timezone()
    return (_dt(datetime.combine(start, time.min, tz)), _dt(datetime.combine(end + timedelta(days=1), time.min, tz)))


def _year(year: int) -> tuple:
    return _d(date(year, 1, 1)), _d(date(year, 12, 31))


def _grouped(sql: str, params: list) -> dict[str, tuple]:
    """``{first column: the other columns}`` of a grouped query."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _in(values) -> tuple[str, list]:
    values = list(values)
    return ", ".join(["%s"] * len(values)), values


# --- grid reports -------------------------------------------------------------------------------

def report_rows(*, depth: int, start: date, end: date, root_path: str = "") -> dict[str, tuple]:
    """Per ancestor: (reported, closed, closed on time, overdue) of the reports made in [start, end]."""
    within, wparams = _within("o", root_path)
    r, g = _t(GridReport), _t(Grid)
    closed = f"r.{_c(GridReport, 'status')} = %s"
    sql = f"""
        SELECT {_prefix('o', depth)} AS ancestor,
               COUNT(*),
               SUM(CASE WHEN {closed} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {closed} AND r.{_c(GridReport, 'resolved_at')} <= r.{_c(GridReport, 'due_at')}
                        THEN 1 ELSE 0 END),
               SUM(CASE WHEN r.{_c(GridReport, 'is_overdue')} = %s THEN 1 ELSE 0 END)
          FROM {r} r
          JOIN {g} g ON g.{_c(Grid, 'pk')} = r.{_c(GridReport, 'grid')}
          JOIN {ORG} o ON o.{ORG_ID} = g.{_c(Grid, 'branch')}
         WHERE r.{_c(GridReport, 'reported_at')} >= %s AND r.{_c(GridReport, 'reported_at')} < %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """
    return _grouped(sql, [Status.CLOSED, Status.CLOSED, True, *_midnights(start, end), *wparams])


def closure_rate(*, depth, start, end, root_path=""):
    return {p: ratio(closed, reported) for p, (reported, closed, _t, _o) in
            report_rows(depth=depth, start=start, end=end, root_path=root_path).items()}


def on_time_rate(*, depth, start, end, root_path=""):
    return {p: ratio(on_time, closed) for p, (_r, closed, on_time, _o) in
            report_rows(depth=depth, start=start, end=end, root_path=root_path).items()}


def overdue_count(*, depth, start, end, root_path=""):
    return {p: Decimal(overdue) for p, (_r, _c, _t, overdue) in
            report_rows(depth=depth, start=start, end=end, root_path=root_path).items()}


# --- service ledgers ----------------------------------------------------------------------------

def pledge_rows(*, depth: int, year: int, root_path: str = "") -> dict[str, tuple]:
    """Per ancestor: (pledges of ``year``, their items, their items' fulfilment records, pledges
    evaluated). Each pledge's items and records are counted before the join to its organisation,
    so nothing is counted twice."""
    within, wparams = _within("o", root_path)
    p, i, f = _t(Pledge), _t(PledgeItem), _t(Fulfilment)
    sql = f"""
        SELECT {_prefix('o', depth)} AS ancestor,
               COUNT(*),
               COALESCE(SUM(n.items), 0),
               COALESCE(SUM(n.fulfilments), 0),
               SUM(CASE WHEN p.{_c(Pledge, 'evaluation')} <> %s THEN 1 ELSE 0 END)
          FROM {p} p
          JOIN {ORG} o ON o.{ORG_ID} = p.{_c(Pledge, 'organization')}
          LEFT JOIN (
                SELECT i.{_c(PledgeItem, 'pledge')} AS pledge_id, COUNT(DISTINCT i.{_c(PledgeItem, 'pk')}) AS items,
                       COUNT(f.{_c(Fulfilment, 'pk')}) AS fulfilments
                  FROM {i} i
                  JOIN {p} ip ON ip.{_c(Pledge, 'pk')} = i.{_c(PledgeItem, 'pledge')}
                  LEFT JOIN {f} f ON f.{_c(Fulfilment, 'item')} = i.{_c(PledgeItem, 'pk')}
                 WHERE ip.{_c(Pledge, 'year')} = %s
                 GROUP BY i.{_c(PledgeItem, 'pledge')}
               ) n ON n.pledge_id = p.{_c(Pledge, 'pk')}
         WHERE p.{_c(Pledge, 'year')} = %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """
    return _grouped(sql, ["", year, year, *wparams])


def pledge_fulfilment_rate(*, depth, start, end, root_path=""):
    rows = pledge_rows(depth=depth, year=end.year, root_path=root_path)
    return {p: min(HUNDRED, ratio(fulfilments, items) or Decimal(0)) if items else None
            for p, (_n, items, fulfilments, _e) in rows.items()}


def evaluated_pledges_share(*, depth, start, end, root_path=""):
    rows = pledge_rows(depth=depth, year=end.year, root_path=root_path)
    return {p: ratio(evaluated, total) for p, (total, _i, _f, evaluated) in rows.items()}


def assistance_per_needy(*, depth, start, end, root_path=""):
    """Needy households of every year; their acts of assistance given in ``end``'s year."""
    within, wparams = _within("o", root_path)
    n, a = _t(NeedyHousehold), _t(Assistance)
    sql = f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*), COALESCE(SUM(x.acts), 0)
          FROM {n} n
          JOIN {ORG} o ON o.{ORG_ID} = n.{_c(NeedyHousehold, 'organization')}
          LEFT JOIN (
                SELECT a.{_c(Assistance, 'needy')} AS needy_id, COUNT(*) AS acts
                  FROM {a} a
                 WHERE a.{_c(Assistance, 'given_on')} BETWEEN %s AND %s
                 GROUP BY a.{_c(Assistance, 'needy')}
               ) x ON x.needy_id = n.{_c(NeedyHousehold, 'pk')}
         WHERE {within}
         GROUP BY {_prefix('o', depth)}
    """
    rows = _grouped(sql, [*_year(end.year), *wparams])
    return {p: ratio(acts, total, Decimal(1)) for p, (total, acts) in rows.items()}


def demands_answered(*, depth, start, end, root_path=""):
    within, wparams = _within("o", root_path)
    d = _t(Demand)
    sql = f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*),
               SUM(CASE WHEN d.{_c(Demand, 'status')} = %s THEN 1 ELSE 0 END)
          FROM {d} d
          JOIN {ORG} o ON o.{ORG_ID} = d.{_c(Demand, 'organization')}
         WHERE d.{_c(Demand, 'received_on')} BETWEEN %s AND %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """
    rows = _grouped(sql, [DemandStatus.CLOSED, *_year(end.year), *wparams])
    return {p: ratio(closed, total) for p, (total, closed) in rows.items()}


def visits_per_grid_worker(*, depth, start, end, root_path=""):
    """Visits in [start, end] over the grid workers of every grid (the organisations with workers)."""
    within, wparams = _within("o", root_path)
    v, w, g = _t(GridVisit), _t(GridWorker), _t(Grid)
    visits = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {v} v
          JOIN {ORG} o ON o.{ORG_ID} = v.{_c(GridVisit, 'organization')}
         WHERE v.{_c(GridVisit, 'visited_on')} BETWEEN %s AND %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [_d(start), _d(end), *wparams])
    workers = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {w} w
          JOIN {g} g ON g.{_c(Grid, 'pk')} = w.{_c(GridWorker, 'grid')}
          JOIN {ORG} o ON o.{ORG_ID} = g.{_c(Grid, 'branch')}
         WHERE {within}
         GROUP BY {_prefix('o', depth)}
    """, wparams)
    return {p: ratio(visits.get(p, (0,))[0], total, Decimal(1)) for p, (total,) in workers.items()}


# --- volunteering -------------------------------------------------------------------------------

def orders_done(*, depth, start, end, root_path=""):
    """Orders served between the midnight starting ``start`` and the one after ``end``, both
    included (the computation's ``__range`` is a BETWEEN)."""
    within, wparams = _within("o", root_path)
    s = _t(ServiceOrder)
    statuses, sparams = _in(SERVED_STATUSES)
    rows = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {s} s
          JOIN {ORG} o ON o.{ORG_ID} = s.{_c(ServiceOrder, 'community')}
         WHERE s.{_c(ServiceOrder, 'status')} IN ({statuses})
           AND s.{_c(ServiceOrder, 'done_at')} BETWEEN %s AND %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [*sparams, *_midnights(start, end), *wparams])
    return {p: Decimal(total) for p, (total,) in rows.items()}


def points_earned(*, depth, start, end, root_path=""):
    within, wparams = _within("o", root_path)
    e, v = _t(PointsEntry), _t(Volunteer)
    rows = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, SUM(e.{_c(PointsEntry, 'points')})
          FROM {e} e
          JOIN {v} v ON v.{_c(Volunteer, 'pk')} = e.{_c(PointsEntry, 'volunteer')}
          JOIN {ORG} o ON o.{ORG_ID} = v.{_c(Volunteer, 'community')}
         WHERE e.{_c(PointsEntry, 'kind')} = %s
           AND e.{_c(PointsEntry, 'created_at')} BETWEEN %s AND %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [PointsEntry.Kind.CREDIT, *_midnights(start, end), *wparams])
    return {p: Decimal(points or 0) for p, (points,) in rows.items()}


# --- organisations ------------------------------------------------------------------------------

def _household_rows(depth: int, root_path: str) -> dict[str, tuple]:
    within, wparams = _within("o", root_path)
    h, b, g = _t(Household), _t(Building), _t(Grid)
    return _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {h} h
          JOIN {b} b ON b.{_c(Building, 'pk')} = h.{_c(Household, 'building')}
          JOIN {g} g ON g.{_c(Grid, 'pk')} = b.{_c(Building, 'grid')}
          JOIN {ORG} o ON o.{ORG_ID} = g.{_c(Grid, 'branch')}
         WHERE {within}
         GROUP BY {_prefix('o', depth)}
    """, wparams)


def member_household_coverage(*, depth, start, end, root_path=""):
    within, wparams = _within("o", root_path)
    hosts = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {ORG} o
         WHERE o.{_c(Organization, 'level')} = %s AND o.{_c(Organization, 'status')} = %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [Level.HOUSEHOLD, OrgStatus.ACTIVE, *wparams])
    return {p: ratio(hosts.get(p, (0,))[0], total) for p, (total,) in _household_rows(depth, root_path).items()}


def in_service_registered(*, depth, start, end, root_path=""):
    within, wparams = _within("o", root_path)
    m = _t(Member)
    rows = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {m} m
          JOIN {ORG} o ON o.{ORG_ID} = m.{_c(Member, 'registered_community')}
         WHERE m.{_c(Member, 'is_in_service')} = %s AND m.{_c(Member, 'status')} = %s
           AND m.{_c(Member, 'registered_on')} <= %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [True, MemberStatus.ACTIVE, _d(end), *wparams])
    return {p: Decimal(total) for p, (total,) in rows.items()}


# --- weights of the roll-up ---------------------------------------------------------------------

def member_counts(depth: int, root_path: str = "") -> dict[str, int]:
    within, wparams = _within("o", root_path)
    m = _t(Member)
    rows = _grouped(f"""
        SELECT {_prefix('o', depth)} AS ancestor, COUNT(*)
          FROM {m} m
          JOIN {ORG} o ON o.{ORG_ID} = m.{_c(Member, 'branch')}
         WHERE m.{_c(Member, 'status')} = %s AND {within}
         GROUP BY {_prefix('o', depth)}
    """, [MemberStatus.ACTIVE, *wparams])
    return {p: total for p, (total,) in rows.items()}


def household_counts(depth: int, root_path: str = "") -> dict[str, int]:
    return {p: total for p, (total,) in _household_rows(depth, root_path).items()}


# The computation keys of ``assessments.computations`` this module answers.
RAW: dict[str, Callable[..., Values]] = {
    "reports.closure_rate": closure_rate,
    "reports.on_time_rate": on_time_rate,
    "reports.overdue_count": overdue_count,
    "ledgers.pledge_fulfilment_rate": pledge_fulfilment_rate,
    "ledgers.evaluated_pledges_share": evaluated_pledges_share,
    "ledgers.assistance_per_needy": assistance_per_needy,
    "ledgers.demands_answered": demands_answered,
    "ledgers.visits_per_grid_worker": visits_per_grid_worker,
    "volunteers.orders_done": orders_done,
    "volunteers.points_earned": points_earned,
    "organizations.member_household_coverage": member_household_coverage,
    "organizations.in_service_registered": in_service_registered,
}


def raw_indicator_values(indicator: Indicator, depth: int, period_code: str, root_path: str = "") -> Values:
    """``rollup.indicator_values`` from the raw queries: the whole period in one go (time
    aggregation ``sum``, or a one-month period), its last month (``last``), or the mean of the
    months that have a value (``mean``: one query per month, as the rollup does)."""
    compute = RAW[indicator.computation]
    period = parse_period(period_code)
    months = period.months()
    if indicator.time_aggregation == TimeAggregation.SUM or len(months) == 1:
        return compute(depth=depth, start=period.start, end=period.end, root_path=root_path)
    if indicator.time_aggregation == TimeAggregation.LAST:
        return compute(depth=depth, start=months[-1].start, end=months[-1].end, root_path=root_path)
    per_month = [compute(depth=depth, start=m.start, end=m.end, root_path=root_path) for m in months]
    values: Values = {}
    for path in set().union(*per_month):
        seen = [m[path] for m in per_month if m.get(path) is not None]
        values[path] = (sum(seen, Decimal(0)) / len(seen)).quantize(FOUR) if seen else None
    return values
