"""Reads of the data big screen (数据大屏): which organisations a user may put on the wall, and the
figures of one of them.

The figures come from the apps' own statistics selectors (coverage, report statistics, the ledgers'
per-organisation statistics, stars, assessment ranking) asked for the screen's organisation, plus
the few reads no selector answers yet (the daily trend, the ticker, the volunteer orders of a street
seen by the district). Every read is a fixed number of grouped queries, whatever the size of the
tree; the whole answer is cached per organisation and day for at most ``CACHE_SECONDS``, and
computed afresh as soon as a write touched the area (the area version in the key, as the dashboards).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone, translation

from accounts.models import Role
from assessments import selectors as assessment_selectors
from assessments.models import Scheme
from organizations import selectors as org_selectors
from organizations.models import LEVEL_DEPTH, Level, Organization, OrgStatus
from organizations.paths import count_per_ancestor, subtree_q
from partybuild import personal, scoping
from reports import selectors as report_selectors
from reports.models import GridReport, Status
from services import selectors as ledger_selectors
from stars import selectors as star_selectors
from summaries.selectors import area_version
from volunteers import selectors as volunteer_selectors
from volunteers.models import SERVED_STATUSES

# Roles that may put a screen on the wall, and the deepest level a screen shows (a street).
SCREEN_ROLES = (Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL)
SCREEN_MAX_DEPTH = LEVEL_DEPTH[Level.STREET]
CACHE_SECONDS = 60
# 31 days: the trend always reaches back to the first of the month, so it also gives the month's closures.
TREND_DAYS = 31
TICKER_SIZE = 10
RANKING_SIZE = 10


def screen_roots(*, user) -> QuerySet[Organization]:
    """The district and streets a user may show: a district administrator the district and any
    street, a street official their street. Other roles get none (their screen is a 404)."""
    qs = Organization.objects.filter(depth__lte=SCREEN_MAX_DEPTH, status=OrgStatus.ACTIVE).order_by("path")
    if scoping.is_unrestricted(user):
        return qs
    paths = sorted({g.path for g in scoping.grants(user) if g.role in SCREEN_ROLES})
    if not paths:
        return qs.none()
    held = Q(pk__in=[])
    for path in paths:
        held |= subtree_q(path)
    # Also through the scoping mechanism, so the screen can never reach beyond the user's area.
    return scoping.scope_queryset(qs.filter(held), user)


# --- the figures ------------------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tz)
    return start, start + timedelta(days=1)


def _reports(user, root: Organization) -> QuerySet[GridReport]:
    return report_selectors.report_list(user=user).filter(subtree_q(root.path, field="grid__branch")).order_by()


def _daily(qs: QuerySet[GridReport], field: str, since: datetime) -> dict[date, int]:
    tz = timezone.get_current_timezone()
    rows = (
        qs.filter(**{f"{field}__gte": since}).annotate(day=TruncDate(field, tzinfo=tz))
        .values("day").annotate(n=Count("pk")).order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def _trend(user, root: Organization, today: date) -> list[dict]:
    """New and closed reports per day over the last ``TREND_DAYS`` days, today included: two
    grouped queries (reported by day, closed by day), in Asia/Shanghai days."""
    first = today - timedelta(days=TREND_DAYS - 1)
    since, _ = _day_bounds(first)
    qs = _reports(user, root)
    new, closed = _daily(qs, "reported_at", since), _daily(qs.filter(status=Status.CLOSED), "closed_at", since)
    days = [first + timedelta(days=i) for i in range(TREND_DAYS)]
    return [{"date": d.isoformat(), "new": new.get(d, 0), "closed": closed.get(d, 0)} for d in days]


def _ticker(user, root: Organization) -> list[dict]:
    """The latest reports, with nothing personal in clear: no description or location (free text
    that may hold a name or a phone number), the reporter's name masked."""
    rows = _reports(user, root).select_related("category", "grid", "reported_by").order_by("-reported_at", "-pk")
    return [
        {
            "id": r.pk, "number": r.number, "at": timezone.localtime(r.reported_at).strftime("%m-%d %H:%M"),
            "category": r.category.name, "grid": r.grid.name, "status": str(r.get_status_display()),
            "is_closed": r.status == Status.CLOSED, "is_overdue": r.is_overdue,
            "reporter": personal.mask_value(type(r.reported_by), "full_name", str(r.reported_by)),
        }
        for r in rows[:TICKER_SIZE]
    ]


def _report_figures(user, root: Organization, today: date, trend: list[dict]) -> dict:
    month = report_selectors.Period(today.replace(day=1), today)
    year = report_selectors.Period(today.replace(month=1, day=1), today)
    month_stats = report_selectors.report_stats(user=user, org=root, period=month)
    year_stats = report_selectors.report_stats(user=user, org=root, period=year)
    overdue_now = report_selectors.overdue_list(user=user).filter(subtree_q(root.path, field="grid__branch"))
    this_month = [d for d in trend if d["date"] >= month.start.isoformat()]
    return {
        # Today: what happened today (reported, closed) and the cases overdue right now.
        "today": {"new": trend[-1]["new"], "closed": trend[-1]["closed"], "overdue": overdue_now.count()},
        # This month: reports of the month, those of them closed and those overdue (as the statistics
        # page counts them), and every closure of the month whenever the case came in.
        "month": {
            "new": month_stats["reported"], "closed": month_stats["closed"], "overdue": month_stats["overdue"],
            "closures": sum(d["closed"] for d in this_month),
            "closure_rate": month_stats["closure_rate"],
        },
        "year": {
            "new": year_stats["reported"], "closed": year_stats["closed"],
            "closure_rate": year_stats["closure_rate"], "on_time_rate": year_stats["on_time_rate"],
        },
        "trend": trend,
    }


def _ledgers(user, root: Organization, today: date) -> dict:
    """This year's ledger rows under ``root``: the ledgers' per-organisation statistics asked at the
    root's own depth (one grouped query each)."""
    year, depth = today.year, root.depth
    start = today.replace(month=1, day=1)

    def at_root(stats: dict) -> dict:
        return stats.get(root.path, {})

    pledges = at_root(ledger_selectors.pledge_stats_by_org(user=user, year=year, depth=depth))
    needy = at_root(ledger_selectors.needy_stats_by_org(user=user, year=year, depth=depth))
    demands = at_root(ledger_selectors.demand_stats_by_org(user=user, year=year, depth=depth))
    visits = at_root(ledger_selectors.visit_stats_by_org(user=user, start=start, end=today, depth=depth))
    return {
        "visits": visits.get("total", 0),
        "pledges": pledges.get("total", 0),
        "fulfilments": pledges.get("fulfilments", 0),
        "needy": needy.get("total", 0),
        "assistance": needy.get("assistance_acts", 0),
        "demands": demands.get("total", 0),
        "demands_closed": demands.get("closed", 0),
    }


def _volunteers(user, root: Organization, today: date) -> dict:
    """Residents' orders under ``root`` this month and today: one grouped query. (The volunteers'
    ``order_stats`` covers the user's whole area; the district looking at one street needs the street.)"""
    month_start, _ = _day_bounds(today.replace(day=1))
    today_start, _ = _day_bounds(today)
    qs = volunteer_selectors.order_list(user=user).filter(placed_at__gte=month_start)
    row = count_per_ancestor(
        qs, field="community", depth=root.depth,
        done=Count("pk", filter=Q(status__in=SERVED_STATUSES)),
        today=Count("pk", filter=Q(placed_at__gte=today_start)),
    ).get(root.path, {})
    return {"month": row.get("total", 0), "done": row.get("done", 0), "today": row.get("today", 0)}


def _stars(root: Organization, today: date) -> dict:
    stats = star_selectors.star_stats(root=root, year=today.year)
    return {
        "year": today.year,
        "per_star": [{"name": s["name"], "count": s["count"]} for s in stats["per_star"].values()],
        "awarded": stats["stars_awarded"],
        "communities": stats["communities_with_stars"],
    }


def _ranking(user, root: Organization, today: date) -> dict:
    """The latest assessment ranking of the level below ``root`` (streets of the district,
    communities of a street); without one, this year's closure rate of the level below."""
    child_depth = root.depth + 1
    child_level = next((lvl for lvl, d in LEVEL_DEPTH.items() if d == child_depth), None)
    latest = (
        assessment_selectors.result_list(user=user)
        .filter(subtree_q(root.path, field="organization"), organization__depth=child_depth, rank__isnull=False)
        .order_by("-scheme__year", "-period", "-computed_at").values("scheme_id", "period").first()
    )
    if latest and child_level:
        scheme = Scheme.objects.get(pk=latest["scheme_id"])
        rows = assessment_selectors.ranking(user=user, scheme=scheme, period=latest["period"], level=child_level)
        rows = rows.filter(subtree_q(root.path, field="organization"))[:RANKING_SIZE]
        return {
            "kind": "assessment", "title": f"{scheme.name} {latest['period']}",
            "rows": [{"name": r.organization.name, "value": float(r.total), "rank": r.rank} for r in rows],
        }
    year = report_selectors.Period(today.replace(month=1, day=1), today)
    children = report_selectors.report_stats_by_child(user=user, org=root, period=year)
    ranked = sorted(
        (c for c in children if c["closure_rate"] is not None), key=lambda c: (-c["closure_rate"], c["name"])
    )[:RANKING_SIZE]
    return {
        "kind": "closure_rate", "title": "",
        "rows": [{"name": c["name"], "value": c["closure_rate"], "rank": i} for i, c in enumerate(ranked, 1)],
    }


def _coverage(root: Organization) -> dict:
    data = org_selectors.coverage(root=root).as_dict()
    return {
        "levels": [{"level": lvl, "label": str(Level(lvl).label), "count": n} for lvl, n in data["levels"].items()
                   if LEVEL_DEPTH.get(lvl, 0) > root.depth],
        "members": data["members"],
        "probationary": data["probationary_members"],
    }


def screen_figures(*, user, root: Organization, today: date | None = None) -> dict:
    """Every figure of the big screen of ``root`` (which the caller fetched from ``screen_roots``).

    ``user`` covers the whole subtree of ``root`` (a district administrator or the street's official),
    so the figures are those of the subtree whoever asks: the cache may share them."""
    today = today or timezone.localdate()
    trend = _trend(user, root, today)
    return {
        "root": {"id": root.pk, "name": root.name, "level": root.level},
        "today": today.isoformat(),
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
        "coverage": _coverage(root),
        "reports": _report_figures(user, root, today, trend),
        "ticker": _ticker(user, root),
        "ledgers": _ledgers(user, root, today),
        "volunteers": _volunteers(user, root, today),
        "stars": _stars(root, today),
        "ranking": _ranking(user, root, today),
    }


def cache_key(root: Organization, today: date) -> str:
    # The day is part of the key: at midnight the screen asks for a new key and today's figures reset.
    # The language too: labels (levels, statuses) are in the asker's language.
    # The area version: a touched change is on the wall at the next refresh.
    return f"screens:figures:v2:{root.pk}:{area_version(root.path)}:{translation.get_language()}:{today.isoformat()}"


def screen_data(*, user, root: Organization) -> dict:
    """``screen_figures`` cached per organisation and day for ``CACHE_SECONDS``: a wall of screens
    costs one computation a minute per organisation."""
    today = timezone.localdate()
    key = cache_key(root, today)
    data = cache.get(key)
    if data is None:
        data = screen_figures(user=user, root=root, today=today)
        cache.set(key, data, CACHE_SECONDS)
    return data
