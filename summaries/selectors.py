"""Reads of the summaries: whole-scope figures as SUMs over the bucket rows under a scope.

Each answers ``None`` when the summaries cannot answer exactly, and the caller computes live:
before the first rebuild, and for scopes finer than a bucket (a grid, a building), which are
small enough to count directly. ``computed_at`` is the oldest row read: every figure reflects
the records at least as of then (later changes were recomputed on commit).

``area_version`` is the other side of the same touch: pages that cache figures of an area
(dashboards, the big screen) put it into their cache key, and it changes as soon as a touched
bucket under that area was recomputed, so a change shows on the next read.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Min, Q, Sum
from django.db.models.functions import Substr

from organizations.models import Organization
from organizations.paths import subtree_q

from . import figures
from .models import CurrentSummary, MonthSummary, ReportBreakdownSummary, SummaryRebuild

Roots = list[str] | None  # subtree paths to add up; None: everything


def _covers(paths: Roots) -> bool:
    """Whether every root is a bucket or above one (a finer scope cuts through a bucket's row)."""
    return paths is None or all(len(p) <= figures.BUCKET_DEPTH * Organization.steplen for p in paths)


def _under(path: str) -> Q:
    """Summary rows under ``path``. Rows exist only for buckets and above, so the depth bound
    changes no answer; it lets PostgreSQL read the organisations from the partial index
    ``org_bucket_path_idx`` (1,650 rows in a city district) instead of scanning all 20,000 of them
    when ``path`` is the district: 12 → 3 ms for the current figures, 35 → 20 ms for the months."""
    return subtree_q(path, field="organization") & Q(organization__depth__lte=figures.BUCKET_DEPTH)


def _roots_q(paths: Roots) -> Q:
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (_under(p) for p in paths))


# Cache keys of the area versions: one per organisation down to the bucket depth, plus an epoch
# that the full rebuild moves (it may change any figure).
AREA_VERSION_KEY = "summaries:area-version:{path}"
EPOCH_KEY = "summaries:epoch"


def area_version(path: str) -> str:
    """A token that changes whenever a write touched (``summaries_touch``) a record in the subtree
    of ``path`` and its bucket was recomputed; below the bucket depth, that of the bucket (a grid's
    version moves with its community's). No query: one cache read. Callers put it into the cache
    key of figures of the area; a lost token only falls back to their own expiry."""
    key = AREA_VERSION_KEY.format(path=figures.bucket_of(path))
    values = cache.get_many([EPOCH_KEY, key])
    return f"{values.get(EPOCH_KEY, 0)}.{values.get(key, 0)}"


# A cached area figure is kept at most this long: the bound on what no touch reaches (time
# passing a deadline, the district's rule tables), as the dashboards' CACHE_SECONDS.
AREA_CACHE_SECONDS = 120


def area_cached(name: str, path: str, parts: tuple, compute):
    """``compute()``, cached under the area version of ``path`` (and ``parts``: whatever else the
    answer depends on, e.g. the reader and the period): a touched change under ``path`` shows on
    the next read, anything else within :data:`AREA_CACHE_SECONDS`."""
    key = f"area-cache:{name}:{path}:{area_version(path)}:" + ":".join(map(str, parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, AREA_CACHE_SECONDS)
    return value


def _built() -> bool:
    return SummaryRebuild.objects.filter(finished_at__isnull=False).exists()


def _sums(columns) -> dict:
    return {c: Sum(c) for c in columns}


def _filled(row: dict, columns) -> dict:
    return {**{c: row.get(c) or 0 for c in columns}, "computed_at": row.get("computed_at")}


def current_totals(*, roots: Roots) -> dict | None:
    """The current figures added up under ``roots``: two queries (is it built, the SUM)."""
    if not _covers(roots) or not _built():
        return None
    row = CurrentSummary.objects.filter(_roots_q(roots)).aggregate(
        **_sums(figures.CURRENT_COLUMNS), computed_at=Min("computed_at")
    )
    return _filled(row, figures.CURRENT_COLUMNS)


def month_aligned(start: date | None, end: date | None) -> bool:
    """Whether [start, end] is made of whole months (the summaries' grain)."""
    return (start is None or start.day == 1) and (end is None or end.day == calendar.monthrange(end.year, end.month)[1])


def _months_q(start: date | None, end: date | None) -> Q:
    q = Q()
    if start:
        q &= Q(month__gte=start.replace(day=1))
    if end:
        q &= Q(month__lte=end.replace(day=1))
    return q


def month_totals(*, roots: Roots, start: date | None = None, end: date | None = None) -> dict | None:
    """The monthly figures of the whole months in [start, end] added up under ``roots``."""
    if not _covers(roots) or not month_aligned(start, end) or not _built():
        return None
    row = MonthSummary.objects.filter(_roots_q(roots), _months_q(start, end)).aggregate(
        **_sums(figures.MONTH_COLUMNS), computed_at=Min("computed_at")
    )
    return _filled(row, figures.MONTH_COLUMNS)


def report_breakdown_totals(
    *, roots: Roots, start: date | None = None, end: date | None = None
) -> dict[tuple[int, int | None], dict] | None:
    """The grid report figures of the whole months in [start, end] under ``roots`` per category
    and department (None: not routed yet), ``{(category id, department id): figures}``: one
    GROUP BY serves both tables of the statistics. None when the summaries cannot answer."""
    if not _covers(roots) or not month_aligned(start, end) or not _built():
        return None
    rows = (
        ReportBreakdownSummary.objects.filter(_roots_q(roots), _months_q(start, end))
        .order_by().values("category_id", "department_id")
        .annotate(**_sums(figures.BREAKDOWN_COLUMNS), computed_at=Min("computed_at"))
    )
    return {(row.pop("category_id"), row.pop("department_id")): _filled(row, figures.BREAKDOWN_COLUMNS)
            for row in rows}


def month_totals_by_child(
    *, root: Organization, start: date | None = None, end: date | None = None
) -> dict[str, dict] | None:
    """The monthly figures per child of ``root`` (streets of the district, communities of a
    street): one GROUP BY over the rows under ``root``. None below the street level."""
    depth = root.depth + 1
    if depth > figures.BUCKET_DEPTH or not month_aligned(start, end) or not _built():
        return None
    rows = (
        MonthSummary.objects.filter(_under(root.path), _months_q(start, end),
                                    organization__depth__gte=depth)
        .order_by()
        .annotate(child=Substr("organization__path", 1, depth * Organization.steplen))
        .values("child")
        .annotate(**_sums(figures.MONTH_COLUMNS), computed_at=Min("computed_at"))
    )
    return {row.pop("child"): _filled(row, figures.MONTH_COLUMNS) for row in rows}


def member_totals_by_node(*, common: str, depth: int) -> dict[str, int] | None:
    """Current members under each organisation at ``depth`` (at most a bucket's) below the path
    ``common``: one GROUP BY over the bucket rows, ``{path: members}``."""
    if depth > figures.BUCKET_DEPTH or not _built():
        return None
    current = [figures.MEMBER_STATUS_COLUMNS[s] for s in figures.CURRENT_MEMBER_STATUSES]
    rows = (
        CurrentSummary.objects.filter(_under(common))
        .order_by()
        .annotate(node=Substr("organization__path", 1, depth * Organization.steplen))
        .values("node")
        .annotate(**_sums(current))
    )
    return {row["node"]: sum(row[c] or 0 for c in current) for row in rows}
