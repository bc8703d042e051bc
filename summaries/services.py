"""Writes of the summaries: mark organisations dirty, recompute their buckets, rebuild everything.

The write services of other apps call :func:`summaries_touch` with the organisations a change
concerns (before and after a move); the touched buckets are recomputed once the transaction
commits, by a task, set-based: the same dozen grouped queries for one community or a hundred.
``manage.py rebuild_summaries`` and the nightly beat task rebuild every row.
Each recompute then moves the area versions of the touched buckets and of every organisation
above them (``selectors.area_version``), which the cached figures of those areas are keyed by.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from grids.models import Grid
from organizations.models import Organization
from organizations.paths import ancestor_paths

from . import figures
from .models import CurrentSummary, MonthSummary, ReportBreakdownSummary, SummaryRebuild
from .selectors import AREA_VERSION_KEY, EPOCH_KEY

_pending = threading.local()


def _ids(objs) -> set[int]:
    return {obj if isinstance(obj, int) else obj.pk for obj in objs if obj is not None} - {None}


def summaries_touch(*, orgs: Iterable[Organization | int] = (), grids: Iterable = ()) -> None:
    """Mark the buckets of ``orgs`` (organisations or their ids) and of the branches of ``grids``
    (grids or their ids, for grid reports) dirty: they are recomputed after the current
    transaction commits (at once outside one). No query here: the ids are resolved to buckets
    when the task runs, so a move touches the organisation before and after it moved."""
    org_ids, grid_ids = _ids(orgs), _ids(grids)
    if not org_ids and not grid_ids:
        return
    if getattr(_pending, "orgs", None) is None:
        _pending.orgs, _pending.grids = set(), set()
    _pending.orgs |= org_ids
    _pending.grids |= grid_ids
    # One callback per touch, but the first to run takes every pending id and the rest find none.
    # A rolled-back transaction drops its callbacks; its ids then ride along with the next commit.
    transaction.on_commit(_flush)


def _flush() -> None:
    org_ids, grid_ids = getattr(_pending, "orgs", None), getattr(_pending, "grids", None)
    if not org_ids and not grid_ids:
        return
    _pending.orgs, _pending.grids = set(), set()
    from . import tasks

    tasks.recompute_summaries.delay(org_ids=sorted(org_ids), grid_ids=sorted(grid_ids))


def is_built() -> bool:
    """Whether a full rebuild has finished: before that the summaries are incomplete and unused."""
    return SummaryRebuild.objects.filter(finished_at__isnull=False).exists()


def _write(current: figures.Current, monthly: figures.Monthly, breakdown: figures.Breakdown, *,
           ids: dict[str, int], now) -> int:
    CurrentSummary.objects.bulk_create(
        [CurrentSummary(organization_id=ids[b], computed_at=now, **cols) for b, cols in current.items() if b in ids],
        batch_size=1000,
    )
    MonthSummary.objects.bulk_create(
        [MonthSummary(organization_id=ids[b], month=m, computed_at=now, **cols)
         for (b, m), cols in monthly.items() if b in ids],
        batch_size=1000,
    )
    ReportBreakdownSummary.objects.bulk_create(
        [ReportBreakdownSummary(organization_id=ids[b], month=m, category_id=cat, department_id=dept,
                                computed_at=now, **cols)
         for (b, m, cat, dept), cols in breakdown.items() if b in ids],
        batch_size=1000,
    )
    return len(ids)


def _computed(buckets: list[str] | None, *, ids: dict[str, int], now) -> int:
    return _write(figures.current_figures(buckets), figures.month_figures(buckets), figures.breakdown_figures(buckets),
                  ids=ids, now=now)


def summaries_recompute(*, org_ids: Iterable[int] = (), grid_ids: Iterable[int] = ()) -> int:
    """Recompute the buckets of ``org_ids`` and of the branches of ``grid_ids`` from the records,
    then move the area versions of those buckets and of the organisations above them; returns how
    many buckets were recomputed. Recomputes nothing before the first full rebuild (the rows would
    be the only ones, and wrong), but still moves the versions: cached figures read the records."""
    org_ids, grid_ids = sorted(set(org_ids)), sorted(set(grid_ids))
    if not (org_ids or grid_ids):
        return 0
    touched = Organization.objects.filter(
        Q(pk__in=org_ids) | Q(pk__in=Grid.objects.filter(pk__in=grid_ids).values("branch_id"))
    ).values_list("path", flat=True)
    buckets = sorted({figures.bucket_of(path) for path in touched})
    count = 0
    if is_built():
        with transaction.atomic():
            # Lock the bucket organisations (in one order): two recomputes of one bucket run one after
            # the other, so neither inserts a row the other just inserted.
            ids = dict(
                Organization.objects.select_for_update().filter(path__in=buckets).order_by("pk")
                .values_list("path", "pk")
            )
            CurrentSummary.objects.filter(organization_id__in=ids.values()).delete()
            MonthSummary.objects.filter(organization_id__in=ids.values()).delete()
            ReportBreakdownSummary.objects.filter(organization_id__in=ids.values()).delete()
            count = _computed(buckets, ids=ids, now=timezone.now())
    _areas_changed(buckets)
    return count


def _areas_changed(buckets: Iterable[str]) -> None:
    """New area versions for ``buckets`` and every organisation above them: after the recompute,
    so a page that reads the new version also reads the new rows."""
    paths = {p for bucket in buckets for p in ancestor_paths(bucket, include_self=True)}
    if paths:
        token = secrets.token_hex(8)
        cache.set_many({AREA_VERSION_KEY.format(path=p): token for p in paths}, timeout=None)


def summaries_rebuild() -> SummaryRebuild:
    """Recompute every row (the command and the nightly task): one pass over each table."""
    run = SummaryRebuild.objects.create(started_at=timezone.now())
    with transaction.atomic():
        ids = dict(Organization.objects.filter(depth__lte=figures.BUCKET_DEPTH).values_list("path", "pk"))
        CurrentSummary.objects.all().delete()
        MonthSummary.objects.all().delete()
        ReportBreakdownSummary.objects.all().delete()
        run.buckets = _computed(None, ids=ids, now=run.started_at)
        run.finished_at = timezone.now()
        run.save(update_fields=["buckets", "finished_at"])
    cache.set(EPOCH_KEY, secrets.token_hex(8), timeout=None)
    return run
