"""The dashboard's figures: each app's own statistics selectors, asked for one root of the user's area.

Nothing here re-counts what another app already counts: coverage, report, ledger, volunteering,
star, property, meeting and compliance figures come from those apps' selectors, called with the
area reader (``partybuild.scoping.area_reader``) so that the answer depends on the root only. What no app offers
yet (figures by month, orders and complaints by community) is one grouped query each here.

The whole set is cached per root and day and carries the time it was computed, which every panel
shows. The cache key holds the root's area version (``summaries.selectors.area_version``): the write
services touch what they change (``summaries_touch``), and once the touched buckets are recomputed the
version of every area above them moves, so the next read computes afresh. ``CACHE_SECONDS`` bounds
what no touch reaches (time passing: a complaint's answer falling due; the district's rule tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language

from assessments.models import Grade
from assessments.selectors import result_list
from estates.filters import complaint_answer_overdue_q, complaint_open_q
from estates.selectors import complaint_list, property_stats, units_under
from meetings.selectors import committee_counts, meeting_stats
from organizations.models import Level, Organization
from organizations.paths import DISTRICT_DEPTH, count_per_ancestor, prefix_at, subtree_q
from organizations.selectors import coverage
from orglife.selectors import compliance, current_quarter
from partybuild.scoping import area_reader
from reports.models import Department
from reports.selectors import (
    Period,
    category_list,
    department_inbox,
    report_list,
    report_stats,
    report_stats_by_category,
    report_stats_by_child,
    report_stats_by_department,
)
from services.selectors import (
    demand_list,
    demand_stats_by_org,
    needy_stats_by_org,
    pledge_stats_by_org,
    visit_list,
    visit_stats_by_org,
)
from stars.models import StarApplication
from stars.models import Status as StarStatus
from stars.selectors import star_stats
from summaries.selectors import area_version
from volunteers.selectors import order_list, order_stats, points_stats

from .links import charts, links

# A touched change shows on the next read (the area version moves); anything else within two minutes.
CACHE_SECONDS = 120
CACHE_VERSION = 2
TREND_MONTHS = 12

# The two levels below a root that its coverage panel counts, with its members.
LEVELS_BELOW = {
    Level.DISTRICT: (Level.STREET, Level.COMMUNITY, Level.GRID),
    Level.STREET: (Level.COMMUNITY, Level.GRID, Level.BUILDING),
    Level.COMMUNITY: (Level.GRID, Level.BUILDING, Level.HOUSEHOLD),
    Level.GRID: (Level.BUILDING, Level.HOUSEHOLD),
}


@dataclass(frozen=True)
class Month:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}"


def last_months(today: date, n: int = TREND_MONTHS) -> list[Month]:
    """The ``n`` calendar months ending with ``today``'s, oldest first."""
    months = []
    first = today.replace(day=1)
    for _ in range(n):
        following = (first + timedelta(days=32)).replace(day=1)
        months.append(Month(first, following - timedelta(days=1)))
        first = (first - timedelta(days=1)).replace(day=1)
    return months[::-1]


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def _is_datetime(qs, field: str) -> bool:
    return qs.model._meta.get_field(field).get_internal_type() == "DateTimeField"


def _per_month(qs, field: str, since: date) -> dict[str, int]:
    """Rows of ``qs`` per calendar month of ``field`` (local time) since ``since``: one query."""
    rows = (
        qs.filter(**{f"{field}__gte": _aware(since) if _is_datetime(qs, field) else since}).order_by()
        .annotate(m=TruncMonth(field)).values("m").annotate(n=Count("pk"))
    )
    return {f"{row['m']:%Y-%m}": row["n"] for row in rows if row["m"] is not None}


def _cached(key: str, compute):
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, CACHE_SECONDS)
    return data


def scope_figures(*, root: Organization, today: date | None = None) -> dict:
    """Every figure of the dashboard of ``root``: computed afresh after a touched change in the area,
    else at most ``CACHE_SECONDS`` ago.

    ``root`` must come from the user's own roots (``organization_roots``). A fixed number of
    queries whatever the size of the subtree (tests/dashboards/test_pages.py checks it does not grow)."""
    today = today or timezone.localdate()
    return _cached(_figures_key(root, today), lambda: _compute(root, today))


def _figures_key(root: Organization, today: date) -> str:
    return f"dashboards:v{CACHE_VERSION}:root:{root.pk}:{area_version(root.path)}:{today.isoformat()}"


def page_data(*, root: Organization, today: date | None = None) -> dict:
    """What the dashboard page draws for ``root``: ``figures`` (:func:`scope_figures`), ``links`` and
    ``charts`` (``dashboards.links``). The links and chart data are built from the figures (about a
    hundred URL reversals) and cached beside them, under the same area version and per language (the
    charts carry translated labels), so a page read costs the cache reads only."""
    today = today or timezone.localdate()
    key = _figures_key(root, today)
    figures = _cached(key, lambda: _compute(root, today))
    # The figures' own timestamp in the key: links and charts never outlive the figures they draw.
    stamp = f"{figures['computed_at'].timestamp():.6f}"
    drawn = _cached(f"{key}:page:{get_language()}:{stamp}",
                    lambda: {"links": links(root, figures["today"]), "charts": charts(root, figures)})
    return {"figures": figures, **drawn}


def _compute(root: Organization, today: date) -> dict:
    reader = area_reader(root)
    year_start, month_start = date(today.year, 1, 1), today.replace(day=1)
    months = last_months(today)
    return {
        "computed_at": timezone.now(),
        "today": today,
        "coverage": _coverage(root),
        "reports": _reports(reader, root, today, year_start, month_start),
        "ledgers": _ledgers(reader, root, today, year_start, month_start),
        "volunteering": _volunteering(reader, year_start),
        "stars": star_stats(root=root, year=today.year),
        "property": _property(reader, root, year_start),
        "meetings": {**meeting_stats(user=reader, since=year_start, until=today),
                     **committee_counts(user=reader, on=today)},
        "compliance": _compliance(reader, root, today),
        "ranking": _ranking(reader, root),
        "trends": _trends(reader, root, months),
    }


def _coverage(root: Organization) -> dict:
    cov = coverage(root=root)
    labels = dict(Level.choices)
    return {
        "levels": [(level, labels[level], cov.by_level.get(level, 0)) for level in LEVELS_BELOW.get(root.level, ())],
        "members": cov.members,
        "probationary": cov.probationary,
        "in_service_registered": cov.in_service_registered,
        "community_types": cov.community_types,
        "summary": cov,  # for the coverage sentence ("2 communities: 1 party committee, …")
    }


def _reports(reader, root, today, year_start, month_start) -> dict:
    year = Period(start=year_start, end=today)
    now = report_stats(user=reader, org=root)  # all time: what is open now (overdue flags clear on resolving)
    category_ids = dict(category_list().values_list("name", "pk"))
    department_ids = dict(Department.objects.values_list("name", "pk"))
    by_category = report_stats_by_category(user=reader, org=root, period=year)
    by_department = report_stats_by_department(user=reader, org=root, period=year)
    for row in by_category:
        row["id"] = category_ids.get(row["name"])
    for row in by_department:
        row["id"] = department_ids.get(row["name"])
    return {
        "open": now["reported"] - now["closed"],
        "overdue": now["overdue"],
        "year": report_stats(user=reader, org=root, period=year),
        "month": report_stats(user=reader, org=root, period=Period(start=month_start, end=today)),
        "by_category": by_category,
        "by_department": by_department,
    }


def _one(table: dict, root: Organization) -> dict:
    return table.get(root.path, {})


def _ledgers(reader, root, today, year_start, month_start) -> dict:
    depth = root.depth
    return {
        "visits_month": _one(visit_stats_by_org(user=reader, start=month_start, end=today, depth=depth), root),
        "visits_year": _one(visit_stats_by_org(user=reader, start=year_start, end=today, depth=depth), root),
        "pledges": _one(pledge_stats_by_org(user=reader, year=today.year, depth=depth), root),
        "needy": _one(needy_stats_by_org(user=reader, year=today.year, depth=depth), root),
        "demands": _one(demand_stats_by_org(user=reader, year=today.year, depth=depth), root),
    }


def _volunteering(reader, year_start) -> dict:
    return {**order_stats(user=reader, since=year_start), **points_stats(user=reader, since=year_start)}


def _property(reader, root, year_start) -> dict:
    """Complaints filed this year; open and unanswered past the deadline now, whenever filed (the
    complaint list's own definitions, so each figure equals the list it links to)."""
    complaints = complaint_list(user=reader).order_by().aggregate(
        filed=Count("pk", filter=Q(filed_at__gte=_aware(year_start))),
        open=Count("pk", filter=complaint_open_q()),
        overdue=Count("pk", filter=complaint_answer_overdue_q(timezone.now())),
    )
    return {**property_stats(units=units_under(root)), "complaints": complaints}


def _compliance(reader, root, today) -> dict:
    window = current_quarter(today)
    _columns, rows = compliance(user=reader, window=window, root=root)
    short = sum(1 for row in rows if row.is_short)
    return {
        "window": window.label, "organisations": len(rows), "short": short,
        "rate": round(100 * (len(rows) - short) / len(rows), 1) if rows else None,
    }


def _ranking(reader, root, limit: int = 10) -> dict:
    """The latest assessment period's ranking of the organisations one level below ``root``
    (or ``root``'s own result where it has no ranked children). Two queries."""
    results = result_list(user=reader).filter(subtree_q(root.path, field="organization"))
    below = results.filter(organization__depth=root.depth + 1)
    latest = below.order_by("-period", "-computed_at").values("scheme_id", "period").first()
    if latest is None:
        own = results.filter(organization=root).order_by("-period").first()
        own_figures = own and {"rank": own.rank, "total": own.total}
        return {"period": own.period if own else None, "rows": [], "own": own_figures}
    rows = list(below.filter(**latest).order_by("rank", "organization__name").values(
        "organization__name", "total", "rank", "grade"
    )[:limit])
    grades = dict(Grade.choices)  # lazy labels: the cached copy serves every language
    for row in rows:
        row["grade_label"] = grades.get(row["grade"], "")
    return {"period": latest["period"], "scheme_id": latest["scheme_id"], "rows": rows, "own": None}


def _trends(reader, root, months: list[Month]) -> dict:
    since = months[0].start
    reports = report_list(user=reader).filter(subtree_q(root.path, field="grid__branch"))
    series = {
        "reported": _per_month(reports, "reported_at", since),
        "closed": _per_month(reports.filter(closed_at__isnull=False), "closed_at", since),
        "demands": _per_month(demand_list(user=reader), "received_on", since),
        "visits": _per_month(visit_list(user=reader), "visited_on", since),
        "orders": _per_month(order_list(user=reader), "placed_at", since),
    }
    return {
        "months": [(m.label, m.start, m.end) for m in months],
        **{name: [values.get(m.label, 0) for m in months] for name, values in series.items()},
    }


# --- comparison of the communities (or streets) below a root --------------------------------------


def comparison_rows(*, root: Organization, today: date | None = None) -> dict:
    """One row per active child of ``root`` with the key figures side by side, cached like the dashboard.

    A fixed number of grouped queries (each app's ``*_by_child`` / ``*_stats_by_org`` selector, or
    ``count_per_ancestor`` where none exists) whatever the number of children."""
    today = today or timezone.localdate()
    key = f"dashboards:v{CACHE_VERSION}:compare:{root.pk}:{area_version(root.path)}:{today.isoformat()}"
    return _cached(key, lambda: _compare(root, today))


def _compare(root: Organization, today: date) -> dict:
    from organizations.models import HISTORICAL_STATUSES, Member, OrgStatus

    reader = area_reader(root)
    depth = root.depth + 1
    year_start = date(today.year, 1, 1)
    year = Period(start=year_start, end=today)
    children = list(
        Organization.objects.filter(subtree_q(root.path), depth=depth, status=OrgStatus.ACTIVE)
        .order_by("path").values("pk", "path", "code", "name", "level")
    )
    below = Organization.objects.filter(subtree_q(root.path), depth__gt=depth, status=OrgStatus.ACTIVE)
    orgs = count_per_ancestor(below, field="", depth=depth, grids=Count("pk", filter=Q(level=Level.GRID)))
    members = count_per_ancestor(
        Member.objects.filter(subtree_q(root.path, field="branch")).exclude(status__in=HISTORICAL_STATUSES),
        field="branch", depth=depth,
    )
    reports = {row["org_id"]: row for row in report_stats_by_child(user=reader, org=root, period=year)}
    open_now = count_per_ancestor(
        report_list(user=reader).filter(subtree_q(root.path, field="grid__branch")).exclude(status="closed"),
        field="grid__branch", depth=depth, overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    demands = demand_stats_by_org(user=reader, year=today.year, depth=depth)
    visits = visit_stats_by_org(user=reader, start=year_start, end=today, depth=depth)
    orders = count_per_ancestor(order_list(user=reader).filter(placed_at__gte=_aware(year_start)),
                                field="community", depth=depth)
    stars = count_per_ancestor(
        StarApplication.objects.filter(subtree_q(root.path, field="community"), year=today.year,
                                       status=StarStatus.AWARDED),
        field="community", depth=depth,
    )
    complaints = count_per_ancestor(complaint_list(user=reader).filter(filed_at__gte=_aware(year_start)),
                                    field="unit__community", depth=depth)
    window = current_quarter(today)
    _columns, rows = compliance(user=reader, window=window, root=root)
    short: dict[str, list[int]] = {}
    for row in rows:
        counts = short.setdefault(row.path[: len(children[0]["path"])] if children else "", [0, 0])
        counts[0] += 1
        counts[1] += row.is_short
    table = []
    for child in children:
        p, r = child["path"], reports.get(child["pk"], {})
        held = short.get(p, [0, 0])
        demand = demands.get(p, {})
        table.append({
            "id": child["pk"], "code": child["code"], "name": child["name"], "level": child["level"],
            "grids": orgs.get(p, {}).get("grids", 0),
            "members": members.get(p, {}).get("total", 0),
            "reported": r.get("reported", 0), "closure_rate": r.get("closure_rate"),
            "open": open_now.get(p, {}).get("total", 0), "overdue": open_now.get(p, {}).get("overdue", 0),
            "demands": demand.get("total", 0), "demands_closed": demand.get("closed", 0),
            "visits": visits.get(p, {}).get("total", 0),
            "orders": orders.get(p, {}).get("total", 0),
            "stars": stars.get(p, {}).get("total", 0),
            "complaints": complaints.get(p, {}).get("total", 0),
            "compliance_rate": round(100 * (held[0] - held[1]) / held[0], 1) if held[0] else None,
        })
    return {"computed_at": timezone.now(), "today": today, "window": window.label, "rows": table}


# --- department staff: their departments' inbox ---------------------------------------------------


def inbox_figures(*, user, today: date | None = None) -> dict | None:
    """What waits in the departments ``user`` staffs: open, overdue, by status and by category.
    Three queries; None when the user staffs no department."""
    rows = list(Department.objects.filter(staff=user).values_list("pk", "name", "organization__path"))
    if not rows:
        return None
    departments = [(pk, name) for pk, name, _path in rows]
    today = today or timezone.localdate()
    # Reports reach a department from the whole district: the district's version moves with any of them.
    version = area_version(prefix_at(rows[0][2] or "", DISTRICT_DEPTH))
    key = f"dashboards:v{CACHE_VERSION}:inbox:{'-'.join(str(pk) for pk, _ in departments)}:{version}:{today}"

    def compute() -> dict:
        inbox = department_inbox(user=user).order_by()
        figures = inbox.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(is_overdue=True)))
        closed = report_list(user=user).filter(
            department_id__in=[pk for pk, _ in departments], closed_at__gte=_aware(today.replace(day=1))
        ).count()
        by_category = list(inbox.values("category_id", "category__name").annotate(n=Count("pk")).order_by("-n"))
        return {"computed_at": timezone.now(), "departments": departments, **figures,
                "closed_month": closed, "by_category": by_category}

    return _cached(key, compute)


# --- which root a page shows -------------------------------------------------------------------


def dashboard_root(*, user, org_id: str | None) -> tuple[Organization | None, list[Organization]]:
    """The root asked for (``?org=<pk>``) if it is one of the user's own roots, else their first;
    and all their roots.
    One query: the roots are few (a user holds one to three role nodes)."""
    from organizations.selectors import organization_roots

    roots = list(organization_roots(user=user))
    return next((r for r in roots if str(r.pk) == org_id), roots[0] if roots else None), roots


def comparable_root(*, user, org_id: str | None) -> Organization | None:
    """An organisation of the user's area with children to compare (district, street or community):
    the one asked for, else the user's first root. Outside the area: None (the page answers 404)."""
    from organizations.selectors import organization_list, organization_roots

    if org_id and org_id.isdigit():
        return organization_list(user=user).filter(pk=org_id, depth__lte=3).first()
    return organization_roots(user=user).filter(depth__lte=3).first()
