"""Reads of grid reports, always through the scoping mechanism, and their statistics.

Statistics are one aggregate query each, whatever the number of organisations or categories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    BigIntegerField,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from accounts.models import Role
from organizations.models import Organization
from organizations.paths import ancestor_paths, count_per_ancestor, subtree_q
from partybuild.rights import role_holders_over
from partybuild.scoping import VIEW, can_act_on_org, scope_queryset
from summaries import selectors as summary_selectors

from .models import Department, GridReport, ReportCategory, ReportEvent, ReportPhoto, Status


def report_list(*, user, action: str = VIEW) -> QuerySet[GridReport]:
    """Reports in the user's area and those routed to their department, with what a list row shows."""
    return scope_queryset(GridReport.objects.all(), user, action).select_related(
        "grid", "category", "department"
    )


def report_detail_qs(*, user) -> QuerySet[GridReport]:
    events = ReportEvent.objects.select_related("actor", "department").order_by("created_at", "pk")
    return report_list(user=user).select_related(
        "grid__branch", "household__building", "reported_by", "dispatched_by"
    ).prefetch_related(Prefetch("events", queryset=events), "photos")


def photo_list(*, user) -> QuerySet[ReportPhoto]:
    return scope_queryset(ReportPhoto.objects.all(), user)


def department_inbox(*, user) -> QuerySet[GridReport]:
    """Open cases routed to a department the user staffs."""
    return report_list(user=user).filter(
        department__in=Department.objects.filter(staff=user).values("pk")
    ).exclude(status=Status.CLOSED)


def overdue_list(*, user) -> QuerySet[GridReport]:
    return report_list(user=user).filter(is_overdue=True).order_by("due_at", "pk")


def department_list(*, user) -> QuerySet[Department]:
    return scope_queryset(Department.objects.all(), user).select_related("organization")


def department_choices(*, user, report: GridReport) -> QuerySet[Department]:
    """Active departments that may take ``report``: the district's, and the stations of its street."""
    ancestors = ancestor_paths(report.grid.branch.path, include_self=True)
    return department_list(user=user).filter(is_active=True, organization__path__in=ancestors).order_by("kind", "name")


# Who is told that a case ran out of time, besides the staff of the department it is routed to:
# the street platform above its grid, which routes and chases cases.
WATCHER_ROLES = (Role.STREET_OFFICIAL,)


def report_watchers(*, cases: Iterable[tuple[int, str, int | None]]) -> dict[int, dict[int, str]]:
    """For (report id, its grid branch's path, its department id) triples: each report's people to
    tell, as {user id: email}. One query for any number of reports: the department staff UNION the
    holders of ``WATCHER_ROLES`` on any ancestor of the grids, matched to each report in Python."""
    cases = list(cases)
    if not cases:
        return {}
    holders = role_holders_over(paths={path for _pk, path, _dept in cases}, roles=WATCHER_ROLES).annotate(
        department=Value(None, output_field=BigIntegerField())
    ).values_list("organization__path", "department", "user_id", "user__email")
    departments = {dept for _pk, _path, dept in cases if dept is not None}
    if departments:
        staff = Department.staff.through.objects.filter(department_id__in=departments, user__is_active=True).annotate(
            path=Value("", output_field=CharField())
        ).values_list("path", "department_id", "user_id", "user__email")
        holders = holders.union(staff, all=True)
    by_path: dict[str, dict[int, str]] = {}
    by_department: dict[int, dict[int, str]] = {}
    for path, department, user_id, email in holders:
        target = by_department.setdefault(department, {}) if department is not None else by_path.setdefault(path, {})
        target[user_id] = email or ""
    watchers: dict[int, dict[int, str]] = {}
    for pk, path, department in cases:
        people = watchers.setdefault(pk, {})
        for ancestor in ancestor_paths(path, include_self=True):
            people.update(by_path.get(ancestor, {}))
        people.update(by_department.get(department, {}))
    return watchers


def category_list() -> QuerySet[ReportCategory]:
    """Categories are district-wide configuration, the same for every user."""
    return ReportCategory.objects.filter(is_active=True).select_related("default_department")


# --- statistics -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def q(self, prefix: str = "") -> Q:
        q = Q()
        tz = timezone.get_current_timezone()
        if self.start:
            q &= Q(**{f"{prefix}reported_at__gte": datetime.combine(self.start, time.min, tz)})
        if self.end:
            q &= Q(**{f"{prefix}reported_at__lt": datetime.combine(self.end + timedelta(days=1), time.min, tz)})
        return q


_CLOSED = Q(status=Status.CLOSED)
_ON_TIME = _CLOSED & Q(resolved_at__lte=F("due_at"))
_HOURS = ExpressionWrapper(F("closed_at") - F("reported_at"), output_field=DurationField())


def _figures() -> dict:
    return {
        "reported": Count("pk"),
        "closed": Count("pk", filter=_CLOSED),
        "on_time": Count("pk", filter=_ON_TIME),
        "overdue": Count("pk", filter=Q(is_overdue=True)),
        "mean_close": Avg(_HOURS, filter=_CLOSED),
    }


def _rates(row: dict) -> dict:
    reported, closed = row["reported"], row["closed"]
    mean = row.pop("mean_close")
    row["closure_rate"] = round(100 * closed / reported, 1) if reported else None
    row["on_time_rate"] = round(100 * row["on_time"] / closed, 1) if closed else None
    row["mean_hours_to_close"] = round(mean.total_seconds() / 3600, 1) if mean is not None else None
    return row


def _scoped(user, org: Organization | None, period: Period) -> QuerySet[GridReport]:
    qs = scope_queryset(GridReport.objects.all(), user).filter(period.q())
    if org is not None:
        qs = qs.filter(subtree_q(org.path, field="grid__branch"))
    return qs.order_by()


def _from_summary(row: dict) -> dict:
    """The statistics' figures from a summed summary row (the mean from the summed time to close)."""
    closed = row["reports_closed"]
    micros = row["reports_close_microseconds"]
    return {
        "reported": row["reports"], "closed": closed, "on_time": row["reports_on_time"],
        "overdue": row["reports_overdue"],
        "mean_close": timedelta(microseconds=micros / closed) if closed else None,
    }


def _summarised(user, org: Organization | None) -> bool:
    # The user's scope holds the whole subtree of ``org`` (what department staff see beyond their
    # area lies outside it), so the scoped figures are the subtree's, which the summaries hold.
    return org is not None and can_act_on_org(user, VIEW, org)


def report_stats(*, user, org: Organization | None = None, period: Period = Period()) -> dict:
    """Reported, closed, closure rate, on-time rate, mean hours to close: one query, or the
    summaries' community rows for a district, street or community and whole months
    (``computed_at`` then says when they were computed)."""
    if _summarised(user, org):
        row = summary_selectors.month_totals(roots=[org.path], start=period.start, end=period.end)
        if row is not None:
            return {**_rates(_from_summary(row)), "computed_at": row["computed_at"]}
    return _rates(_scoped(user, org, period).aggregate(**_figures()))


def _named_rows(totals: dict[int, dict], names: dict[int, str]) -> list[dict]:
    """Summed figures per id, named and merged by name as the live query groups them."""
    by_name: dict[str, dict] = {}
    for pk, row in totals.items():
        merged = by_name.setdefault(names[pk], dict.fromkeys(row, 0))
        for column, value in row.items():
            merged[column] += value
    rows = [{"name": name, **_rates(_from_summary(row))} for name, row in by_name.items() if row["reports"]]
    return sorted(rows, key=lambda row: (-row["reported"], row["name"]))


def _summed_breakdown(user, org: Organization | None, period: Period) -> tuple[list[dict], list[dict]] | None:
    """Both tables from the summaries' one GROUP BY (None: count live) and the names of the
    categories and departments in it: three queries with is-built."""
    if not _summarised(user, org):
        return None
    summed = summary_selectors.report_breakdown_totals(roots=[org.path], start=period.start, end=period.end)
    if summed is None:
        return None
    by_category: dict[int, dict] = {}
    by_department: dict[int, dict] = {}
    for (category, department), row in summed.items():
        row = {k: v for k, v in row.items() if k != "computed_at"}
        for totals, key in ((by_category, category), (by_department, department)):
            if key is None:
                continue  # not routed yet: counted by category only
            target = totals.setdefault(key, dict.fromkeys(row, 0))
            for column, value in row.items():
                target[column] += value
    categories = dict(ReportCategory.objects.filter(pk__in=list(by_category)).values_list("pk", "name")) \
        if by_category else {}
    departments = dict(Department.objects.filter(pk__in=list(by_department)).values_list("pk", "name")) \
        if by_department else {}
    return _named_rows(by_category, categories), _named_rows(by_department, departments)


def _live_by_category(user, org: Organization | None, period: Period) -> list[dict]:
    rows = _scoped(user, org, period).values(name=F("category__name")).annotate(**_figures()).order_by(
        "-reported", "name")
    return [_rates(row) for row in rows]


def _live_by_department(user, org: Organization | None, period: Period) -> list[dict]:
    rows = (
        _scoped(user, org, period).filter(department__isnull=False)
        .values(name=F("department__name")).annotate(**_figures()).order_by("-reported", "name")
    )
    return [_rates(row) for row in rows]


def report_stats_breakdown(
    *, user, org: Organization | None = None, period: Period = Period()
) -> tuple[list[dict], list[dict]]:
    """Figures per category and per department the reports are routed to (reports not routed yet
    count only by category): for a district, street or community and whole months, from one
    GROUP BY over the summaries' rows (like :func:`report_stats`), otherwise two live queries."""
    summed = _summed_breakdown(user, org, period)
    if summed is not None:
        return summed
    return _live_by_category(user, org, period), _live_by_department(user, org, period)


def report_stats_by_category(*, user, org: Organization | None = None, period: Period = Period()) -> list[dict]:
    summed = _summed_breakdown(user, org, period)
    return summed[0] if summed is not None else _live_by_category(user, org, period)


def report_stats_by_department(*, user, org: Organization | None = None, period: Period = Period()) -> list[dict]:
    summed = _summed_breakdown(user, org, period)
    return summed[1] if summed is not None else _live_by_department(user, org, period)


def report_stats_by_child(*, user, org: Organization, period: Period = Period()) -> list[dict]:
    """One row per child organisation of ``org`` (streets of a district, communities of a street…):
    the reports grouped by the path prefix of their grid, then named from the children (for a
    district or a street and whole months, from the summaries' community rows)."""
    summed = summary_selectors.month_totals_by_child(root=org, start=period.start, end=period.end) \
        if _summarised(user, org) else None
    if summed is not None:
        rows = {path: _rates(_from_summary(row)) for path, row in summed.items() if row["reports"]}
        children = Organization.objects.filter(subtree_q(org.path), depth=org.depth + 1)
        return [{"org_id": pk, "name": name, **rows[path]}
                for path, pk, name in children.order_by("path").values_list("path", "pk", "name") if path in rows]
    per_child = count_per_ancestor(_scoped(user, org, period), field="grid__branch", depth=org.depth + 1, **_figures())
    rows = {path: _rates({k: v for k, v in row.items() if k != "total"}) for path, row in per_child.items()}
    children = scope_queryset(Organization.objects.all(), user).filter(
        subtree_q(org.path), depth=org.depth + 1
    ).order_by("path").values_list("path", "pk", "name")
    return [{"org_id": pk, "name": name, **rows[path]} for path, pk, name in children if path in rows]
