"""The figures a summary row holds, computed from the records: the one definition of each.

Every function groups the records of the chosen buckets (all of them for a rebuild) by bucket
(and month) in one query, so recomputing one community or all 1,500 costs the same number of
queries. A bucket is the organisation at community depth above a record's organisation, or that
organisation itself when it is shallower: ``Substr(path, 1, 12)`` is both.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from organizations.models import (
    HISTORICAL_STATUSES,
    Level,
    Member,
    MemberCategory,
    MemberStatus,
    Organization,
    OrgStatus,
    OrgType,
)
from organizations.paths import COMMUNITY_DEPTH, prefix_expr
from reports.models import GridReport, Status
from services.models import Assistance, Demand, Fulfilment, GridVisit, NeedyHousehold, Pledge, PledgeItem

BUCKET_DEPTH = COMMUNITY_DEPTH

LEVEL_COLUMNS = {
    Level.STREET: "orgs_street", Level.COMMUNITY: "orgs_community", Level.GRID: "orgs_grid",
    Level.BUILDING: "orgs_building", Level.HOUSEHOLD: "orgs_household", Level.SPECIAL: "orgs_special",
}
TYPE_COLUMNS = {
    OrgType.COMMITTEE: "type_committee", OrgType.GENERAL_BRANCH: "type_general_branch",
    OrgType.BRANCH: "type_branch", OrgType.COMPOUND_BRANCH: "type_compound_branch",
    OrgType.BUILDING_COMMITTEE: "type_building_committee", OrgType.TEMPORARY_BRANCH: "type_temporary_branch",
}
MEMBER_STATUS_COLUMNS = {status: f"members_{status}" for status in MemberStatus.values}
CURRENT_MEMBER_STATUSES = tuple(s for s in MemberStatus.values if s not in HISTORICAL_STATUSES)
REPORT_STATUS_COLUMNS = {status: f"reports_{status}" for status in Status.values}
CURRENT_COLUMNS = (
    *LEVEL_COLUMNS.values(), *TYPE_COLUMNS.values(), *MEMBER_STATUS_COLUMNS.values(),
    "members_probationary", "in_service_registered", "needy_active",
)
LEDGER_COLUMNS = ("visits", "pledges", "pledge_items", "fulfilments", "assistance", "demands")
MONTH_COLUMNS = (
    "reports", *REPORT_STATUS_COLUMNS.values(), "reports_on_time", "reports_overdue",
    "reports_close_microseconds", *LEDGER_COLUMNS,
)

Current = dict[str, dict[str, int]]  # bucket path -> column -> value
Monthly = dict[tuple[str, date], dict[str, int]]  # (bucket path, first of month) -> column -> value
# (bucket path, first of month, category id, department id or None) -> column -> value
Breakdown = dict[tuple[str, date, int, int | None], dict[str, int]]
BREAKDOWN_COLUMNS = ("reports", "reports_closed", "reports_on_time", "reports_overdue", "reports_close_microseconds")


def bucket_of(path: str) -> str:
    return path[: BUCKET_DEPTH * Organization.steplen]


def buckets_q(buckets: list[str] | None, *, field: str = "") -> Q:
    """Rows whose organisation (through ``field``) lies in one of ``buckets``; None: every row.

    A community bucket holds its subtree; a shallower one (a street, the district) only itself."""
    if buckets is None:
        return Q()
    key = f"{field}__path" if field else "path"
    if not buckets:
        return Q(pk__in=[])
    parts = [Q(**{f"{key}__startswith": b}) if len(b) == BUCKET_DEPTH * Organization.steplen else Q(**{key: b})
             for b in buckets]
    return reduce(or_, parts)


def _grouped(qs: QuerySet, *, field: str, buckets, extra: tuple = (), **aggregates) -> QuerySet:
    return (
        qs.filter(buckets_q(buckets, field=field)).order_by()
        .annotate(bucket=prefix_expr(field=field, depth=BUCKET_DEPTH))
        .values("bucket", *extra).annotate(**aggregates)
    )


def _month(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def current_figures(buckets: list[str] | None) -> Current:
    """Organisations, members, in-service registrations and needy households: four queries."""
    out: Current = defaultdict(lambda: dict.fromkeys(CURRENT_COLUMNS, 0))
    orgs = _grouped(Organization.objects.filter(status=OrgStatus.ACTIVE), field="", buckets=buckets,
                    extra=("level", "org_type"), n=Count("pk"))
    for row in orgs:
        if row["level"] in LEVEL_COLUMNS:
            out[row["bucket"]][LEVEL_COLUMNS[row["level"]]] += row["n"]
        if row["org_type"] in TYPE_COLUMNS:
            out[row["bucket"]][TYPE_COLUMNS[row["org_type"]]] += row["n"]
    members = _grouped(Member.objects.all(), field="branch", buckets=buckets, extra=("status",), n=Count("pk"),
                       probationary=Count("pk", filter=Q(category=MemberCategory.PROBATIONARY)))
    for row in members:
        figures = out[row["bucket"]]
        figures[MEMBER_STATUS_COLUMNS[row["status"]]] += row["n"]
        if row["status"] not in HISTORICAL_STATUSES:
            figures["members_probationary"] += row["probationary"]
    in_service = _grouped(Member.objects.filter(is_in_service=True, status=MemberStatus.ACTIVE),
                          field="registered_community", buckets=buckets, n=Count("pk"))
    for row in in_service:
        if row["bucket"]:
            out[row["bucket"]]["in_service_registered"] += row["n"]
    needy = _grouped(NeedyHousehold.objects.filter(is_active=True), field="organization", buckets=buckets,
                     n=Count("pk"))
    for row in needy:
        out[row["bucket"]]["needy_active"] += row["n"]
    return dict(out)


_CLOSE_TIME = ExpressionWrapper(F("closed_at") - F("reported_at"), output_field=DurationField())


def _report_groups(buckets: list[str] | None, *, extra: tuple) -> QuerySet:
    """Grid reports grouped by bucket, month of filing and ``extra``: the one definition of the
    report figures (count, closed, closed in time, flagged overdue, summed time to close)."""
    tz = timezone.get_current_timezone()
    return _grouped(
        GridReport.objects.annotate(month=TruncMonth("reported_at", tzinfo=tz)), field="grid__branch",
        buckets=buckets, extra=("month", *extra), n=Count("pk"),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        on_time=Count("pk", filter=Q(status=Status.CLOSED, resolved_at__lte=F("due_at"))),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        close_time=Sum(_CLOSE_TIME, filter=Q(status=Status.CLOSED)),
    )


def _close_microseconds(row: dict) -> int:
    return row["close_time"] // timedelta(microseconds=1) if row["close_time"] is not None else 0


def breakdown_figures(buckets: list[str] | None) -> Breakdown:
    """Grid reports per bucket, month, category and department: one query."""
    out: Breakdown = {}
    for row in _report_groups(buckets, extra=("category_id", "department_id")):
        out[(row["bucket"], _month(row["month"]), row["category_id"], row["department_id"])] = {
            "reports": row["n"], "reports_closed": row["closed"], "reports_on_time": row["on_time"],
            "reports_overdue": row["overdue"], "reports_close_microseconds": _close_microseconds(row),
        }
    return out


def month_figures(buckets: list[str] | None) -> Monthly:
    """Grid reports and ledger rows per bucket and month: seven queries."""
    out: Monthly = defaultdict(lambda: dict.fromkeys(MONTH_COLUMNS, 0))
    for row in _report_groups(buckets, extra=("status",)):
        figures = out[(row["bucket"], _month(row["month"]))]
        figures["reports"] += row["n"]
        figures[REPORT_STATUS_COLUMNS[row["status"]]] += row["n"]
        figures["reports_on_time"] += row["on_time"]
        figures["reports_overdue"] += row["overdue"]
        figures["reports_close_microseconds"] += _close_microseconds(row)
    dated = (
        ("visits", GridVisit.objects.annotate(month=TruncMonth("visited_on")), "organization"),
        ("fulfilments", Fulfilment.objects.annotate(month=TruncMonth("done_on")), "item__pledge__organization"),
        ("assistance", Assistance.objects.annotate(month=TruncMonth("given_on")), "needy__organization"),
        ("demands", Demand.objects.annotate(month=TruncMonth("received_on")), "organization"),
        # A pledge is made for a year: it counts in that year's January.
        ("pledges", Pledge.objects.annotate(month=F("year")), "organization"),
        ("pledge_items", PledgeItem.objects.annotate(month=F("pledge__year")), "pledge__organization"),
    )
    for column, qs, field in dated:
        for row in _grouped(qs, field=field, buckets=buckets, extra=("month",), n=Count("pk")):
            month = date(row["month"], 1, 1) if isinstance(row["month"], int) else _month(row["month"])
            out[(row["bucket"], month)][column] += row["n"]
    return dict(out)
