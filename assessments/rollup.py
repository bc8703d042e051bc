"""The rollup (考核汇总): every score of a scheme for a period.

A run is planned (:func:`plan`), then runs as a chord of steps, each its own transaction, each an
upsert keyed by (scheme, period, organisation, indicator), so a run repeated gives the same rows and
a run killed half-way leaves the previous figures readable until the next run replaces them:

1. one step per chunk (:func:`chunk_step`): a run of whole streets (:func:`full_chunks`), every
   computed indicator for the organisations of the assessed level under them, each computation
   ONE set-based query ``within`` the chunk (a month-by-month mean or the last month: one query per
   month), its values scored, its rows upserted. The chunks are independent, so Celery runs them
   as a group: two workers share a city's streets.
2. the final step (:func:`finish_step`): parents as the sum of their sub-items' points, the totals,
   the roll-up of communities into streets and streets into the district with each indicator's
   aggregation, ranks (ties share a rank, 并列) and grades, all in memory from the rows of step 1 and
   written with two upserts.

Approved results are locked: their organisations' rows are never rewritten, and the roll-up uses
their stored figures. An incremental run recomputes only the organisations whose records changed
since the last completed run (``changes``: one chunk per changed community, or its street when
several of the street's changed), and in the final step writes only the figures that changed,
which are those organisations' and their ancestors'. Each score's ``computed_at`` says when its
figure was last recomputed from the records.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from organizations.models import LEVEL_DEPTH, Organization, OrgStatus
from organizations.paths import DISTRICT_DEPTH, STREET_DEPTH, depth_of, prefix_at, within_q

from . import changes, computations
from .models import (
    Grade,
    GradeMethod,
    Indicator,
    IndicatorKind,
    OrgAggregation,
    Result,
    ResultStatus,
    RunStatus,
    Score,
    ScoreRun,
    TimeAggregation,
)
from .periods import parse_period
from .registry import Within, computation, shared_queries
from .scoring import TWO, parse_rule, points

FOUR = Decimal("0.0001")


def _level_paths(depth: int, within: Within) -> dict[str, int]:
    """Active organisations at ``depth`` under ``within`` (a path or a run of streets): {path: id}."""
    return dict(
        Organization.objects.filter(within_q(within), depth=depth, status=OrgStatus.ACTIVE).values_list("path", "pk")
    )


def locked_org_ids(run: ScoreRun) -> set[int]:
    return set(
        Result.objects.filter(scheme=run.scheme_id, period=run.period, status=ResultStatus.APPROVED)
        .values_list("organization_id", flat=True)
    )


def indicator_values(
    indicator: Indicator, *, depth: int, period_code: str, within: Within = ""
) -> dict[str, Decimal | None]:
    """The indicator's value for every organisation at ``depth`` (under ``within``), aggregated
    over the period's months as the indicator says (a whole-period sum is one query)."""
    comp = computation(indicator.computation)
    period = parse_period(period_code)
    if indicator.time_aggregation == TimeAggregation.SUM or len(period.months()) == 1:
        return comp(depth=depth, start=period.start, end=period.end, within=within)
    if indicator.time_aggregation == TimeAggregation.LAST:
        last = period.months()[-1]
        return comp(depth=depth, start=last.start, end=last.end, within=within)
    per_month = [comp(depth=depth, start=m.start, end=m.end, within=within) for m in period.months()]
    paths = set().union(*per_month)
    values = {}
    for path in paths:
        seen = [m[path] for m in per_month if m.get(path) is not None]
        values[path] = (sum(seen, Decimal(0)) / len(seen)).quantize(FOUR) if seen else None
    return values


def _upsert_scores(rows: list[Score]) -> None:
    Score.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True,
        unique_fields=["scheme", "period", "organization", "indicator"],
        update_fields=["value", "points", "computed_at"],
    )


def _advance(run_id: int, **changes) -> None:
    ScoreRun.objects.filter(pk=run_id).update(steps_done=F("steps_done") + 1, **changes)


# Above this many changed organisations in one street, its chunk is the whole street (one query
# per computation instead of one per community).
STREET_CHUNK_FROM = 3
# A full run's chunks: runs of whole streets, as many as this (fewer when there are fewer streets).
# Each chunk pays its queries' fixed cost (a round trip, planning) once, so a city's hundred streets
# are not a hundred chunks; two per worker of the usual two keeps both busy to the end.
FULL_RUN_CHUNKS = 4


def full_chunks(scheme) -> list[Within]:
    """A full run's chunks: the streets holding organisations of the assessed level, in path order,
    cut into at most :data:`FULL_RUN_CHUNKS` runs of streets ``(first, last)`` of even size."""
    depth = LEVEL_DEPTH[scheme.level]
    streets = sorted({prefix_at(path, STREET_DEPTH) for path in _level_paths(depth, scheme.organization.path)})
    count = min(FULL_RUN_CHUNKS, len(streets))
    runs = [streets[len(streets) * i // count: len(streets) * (i + 1) // count] for i in range(count)]
    return [run[0] if len(run) == 1 else (run[0], run[-1]) for run in runs]


def _previous(run: ScoreRun) -> ScoreRun | None:
    return (ScoreRun.objects.filter(scheme=run.scheme_id, period=run.period, status=RunStatus.DONE,
                                    started_at__isnull=False)
            .exclude(pk=run.pk).order_by("-started_at").first())


def plan(run: ScoreRun) -> list[Within]:
    """The run's chunks (runs of streets, or on an incremental run the changed communities), after
    recording the snapshot the next incremental run compares with. Sets ``started_at`` (the
    snapshot's time), ``steps_total`` and ``recomputed``."""
    scheme = run.scheme
    depth = LEVEL_DEPTH[scheme.level]
    keys = sorted(set(scheme.indicators.filter(kind=IndicatorKind.COMPUTED).values_list("computation", flat=True)))
    sources = changes.sources_of(computation(key) for key in keys)
    at = timezone.now()  # before the snapshot: a row changed while it is taken is seen again next time
    snap = {"scheme": changes.scheme_fingerprint(scheme),
            "sources": changes.snapshot(sources) if sources is not None else {}}
    orgs = _level_paths(depth, scheme.organization.path)
    changed = None
    previous = _previous(run) if run.is_incremental and sources is not None else None
    if previous is not None and previous.snapshot.get("scheme") == snap["scheme"]:
        changed = changes.changed_paths(sources, before=previous.snapshot.get("sources", {}),
                                        since=previous.started_at, depth=depth, root=scheme.organization.path)
    if changed is None:
        chunks, recomputed = full_chunks(scheme), len(orgs)
    else:
        # An organisation new to the level (or never scored) has no figures to keep.
        # (Every scored organisation has a result row: a read of its 1,500 rows, not of the scores.)
        scored = set(Result.objects.filter(scheme=scheme, period=run.period, organization__depth=depth)
                     .order_by().values_list("organization__path", flat=True))
        changed = (changed | (set(orgs) - scored)) & set(orgs)
        per_street = defaultdict(list)
        for path in sorted(changed):
            per_street[prefix_at(path, STREET_DEPTH)].append(path)
        chunks = []
        for street, paths in sorted(per_street.items()):
            chunks.extend([street] if len(paths) >= STREET_CHUNK_FROM and depth > STREET_DEPTH else paths)
        recomputed = sum(1 for path in orgs if any(path.startswith(c) for c in chunks))  # paths only here
    snap["tree"] = tree_fingerprint(scheme)
    if changed is not None and previous.snapshot.get("tree") == snap["tree"]:
        # The final step re-rolls only these chunks' organisations and their ancestors.
        snap["partial"] = chunks
    ScoreRun.objects.filter(pk=run.pk).update(
        started_at=at, status=RunStatus.RUNNING, snapshot=snap, steps_total=len(chunks) + 1, recomputed=recomputed
    )
    return chunks


def _org_rows(scheme) -> list[tuple[int, str, int]]:
    """(id, path, depth) of the active organisations from the scheme's root down to the assessed level."""
    return list(
        Organization.objects.filter(depth__gte=DISTRICT_DEPTH, depth__lte=LEVEL_DEPTH[scheme.level],
                                    status=OrgStatus.ACTIVE, path__startswith=scheme.organization.path)
        .order_by("path").values_list("pk", "path", "depth")
    )


def tree_fingerprint(scheme) -> str:
    """A digest of the tree the roll-up follows: a community created, dissolved or moved to another
    street changes its ancestors' figures without any record changing, so the final step re-rolls
    everything."""
    return hashlib.sha256(repr(_org_rows(scheme)).encode()).hexdigest()[:16]


def chunk_step(*, run_id: int, within: Within) -> int:
    """Step 1 for one chunk: every computed indicator for the organisations of the assessed level
    under ``within``; returns the number of scores whose figure changed."""
    within = tuple(within) if isinstance(within, list) else within  # a pair arrives as a JSON list
    run = ScoreRun.objects.select_related("scheme__organization").get(pk=run_id)
    depth = LEVEL_DEPTH[run.scheme.level]
    indicators = list(run.scheme.indicators.filter(kind=IndicatorKind.COMPUTED))
    orgs = _level_paths(depth, within)
    locked = locked_org_ids(run)
    stored = {
        (org_id, ind_id): (value, pts) for org_id, ind_id, value, pts in Score.objects.filter(
            scheme=run.scheme_id, period=run.period, indicator__in=indicators, organization__in=orgs.values()
        ).values_list("organization_id", "indicator_id", "value", "points")
    }
    now = timezone.now()
    rows = []
    # Indicators bound to the same computation over the same months share its query (and
    # computations reading the same grouped query share that: ``registry.shared``).
    answers: dict[tuple[str, str], dict] = {}
    with shared_queries():
        for indicator in indicators:
            key = (indicator.computation, indicator.time_aggregation)
            if key not in answers:
                answers[key] = indicator_values(indicator, depth=depth, period_code=run.period, within=within)
    for indicator in indicators:
        key = (indicator.computation, indicator.time_aggregation)
        values = answers[key]
        rule = parse_rule(indicator.rule)
        for path, org_id in orgs.items():
            if org_id in locked:
                continue
            value = values.get(path)
            value = None if value is None else Decimal(value).quantize(FOUR)
            pts = points(rule, value, indicator.weight)
            if stored.get((org_id, indicator.pk)) == (value, pts):
                continue
            rows.append(Score(scheme_id=run.scheme_id, indicator=indicator, period=run.period,
                              organization_id=org_id, value=value, points=pts, computed_at=now))
    with transaction.atomic():
        # Every figure of the chunk was recomputed (its computed_at says so); only the changed ones
        # are written again: one UPDATE for the others instead of re-inserting a city's 43,000 rows.
        Score.objects.filter(scheme=run.scheme_id, period=run.period, indicator__in=indicators,
                             organization__in=[pk for pk in orgs.values() if pk not in locked]
                             ).update(computed_at=now)
        _upsert_scores(rows)
        _advance(run_id, changed=F("changed") + len(rows))
    return len(rows)


def _aggregate(kind: str, pairs: list[tuple[Decimal | None, int]]) -> Decimal | None:
    """``pairs`` of (figure, weight) of the children; None figures are left out."""
    pairs = [(v, w) for v, w in pairs if v is not None]
    if not pairs:
        return None
    if kind == OrgAggregation.SUM:
        return sum((v for v, _w in pairs), Decimal(0))
    if kind in (OrgAggregation.MEMBERS, OrgAggregation.HOUSEHOLDS):
        total = sum(w for _v, w in pairs)
        if total:
            return sum((v * w for v, w in pairs), Decimal(0)) / total
    return sum((v for v, _w in pairs), Decimal(0)) / len(pairs)


def rank(totals: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 1, 3): ties share a rank (并列)."""
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    ranks: dict[int, int] = {}
    previous, place = None, 0
    for position, (org_id, total) in enumerate(ordered, start=1):
        if total != previous:
            place, previous = position, total
        ranks[org_id] = place
    return ranks


def grade(scheme, *, total: Decimal, rank_: int, count: int) -> str:
    if scheme.grade_method == GradeMethod.SHARES:
        # The share of the ranking at or above this rank; ties share the grade of their rank.
        share = Decimal(100) * rank_ / count if count else Decimal(0)
        if share <= scheme.advanced_at:
            return Grade.ADVANCED
        return Grade.PASSING if share <= scheme.passing_at else Grade.LAGGING
    if total >= scheme.advanced_at:
        return Grade.ADVANCED
    return Grade.PASSING if total >= scheme.passing_at else Grade.LAGGING


def finish_step(*, run_id: int) -> None:
    """Step 2: parents, totals, the roll-up up the tree, ranks and grades."""
    run = ScoreRun.objects.select_related("scheme__organization").get(pk=run_id)
    scheme = run.scheme
    indicators = list(scheme.indicators.all())
    by_id = {i.pk: i for i in indicators}
    children = defaultdict(list)
    for ind in indicators:
        children[ind.parent_id].append(ind)
    level_depth = LEVEL_DEPTH[scheme.level]
    locked = locked_org_ids(run)
    manual_changed = manual_step(run, locked=locked)

    org_rows = _org_rows(scheme)
    level_ids = {pk for pk, _path, depth in org_rows if depth == level_depth}
    path_of = {pk: path for pk, path, _d in org_rows}
    # Members and households of the assessed level's organisations, for the weighted means: only
    # the weights some indicator uses (each is a grouped query over a large table).
    used = {i.org_aggregation for i in indicators}
    level_weights = {kind: count(level_depth) for kind, count in (
        (OrgAggregation.MEMBERS, computations.member_counts),
        (OrgAggregation.HOUSEHOLDS, computations.household_counts)) if kind in used}
    # Which organisations' figures may have moved: all of them, or on an incremental run with an
    # unchanged tree those its chunks recomputed (or whose reviewers' scores or weights changed)
    # and their ancestors. The others' figures are read back as stored; only the children of a
    # re-rolled organisation are needed for that.
    affected, needed = _affected(run, org_rows, level_depth, manual_changed, level_weights)

    # The stored figures of the period in one read: the leaf figures of the assessed level, as step 1
    # (or an approved result) left them, and what an incremental run compares its figures with.
    leaf: dict[int, dict[int, tuple]] = defaultdict(dict)  # org_id -> indicator_id -> (value, points)
    stored = {}
    stored_rows = Score.objects.filter(scheme=scheme, period=run.period)
    if needed is not None:
        stored_rows = stored_rows.filter(organization__in=needed)
    for org_id, ind_id, value, pts in stored_rows.values_list("organization_id", "indicator_id", "value", "points"):
        stored[(org_id, ind_id)] = (value, pts)
        if org_id in level_ids and ind_id in by_id and by_id[ind_id].kind != IndicatorKind.PARENT:
            leaf[org_id][ind_id] = (value, pts)
    # A street's weight is the sum of its communities'.
    weights = {}
    for kind, counts in level_weights.items():
        summed: dict[str, int] = defaultdict(int)
        for path, n in counts.items():
            for depth in range(DISTRICT_DEPTH, level_depth + 1):
                summed[prefix_at(path, depth)] += n
        weights[kind] = summed

    def complete(figures: dict[int, tuple]) -> dict[int, tuple]:
        """Parents as the sum of their sub-items' points (never a mean), deepest first."""
        out = dict(figures)

        def visit(ind):
            if ind.kind != IndicatorKind.PARENT:
                return out.get(ind.pk, (None, Decimal(0)))[1]
            total = sum((visit(c) for c in children[ind.pk]), Decimal(0))
            out[ind.pk] = (None, min(total, ind.weight))
            return out[ind.pk][1]

        for top in children[None]:
            visit(top)
        return out

    def as_stored(pk: int) -> dict[int, tuple]:
        return {ind.pk: stored[(pk, ind.pk)] for ind in indicators if (pk, ind.pk) in stored}

    figures: dict[int, dict[int, tuple]] = {}
    for pk, _path, depth in org_rows:
        if depth == level_depth:
            if affected is None or pk in affected:
                figures[pk] = complete(leaf.get(pk, {}))
            elif pk in needed:
                figures[pk] = as_stored(pk)
    leaves = [i for i in indicators if i.kind != IndicatorKind.PARENT]
    # Up the tree: each level's figures from the one below, with each indicator's aggregation.
    for depth in range(level_depth - 1, DISTRICT_DEPTH - 1, -1):
        below = defaultdict(list)
        for pk, path, d in org_rows:
            if d == depth + 1 and pk in figures:
                below[prefix_at(path, depth)].append(pk)
        for pk, path, d in org_rows:
            if d != depth or (needed is not None and pk not in needed):
                continue
            if affected is not None and pk not in affected:
                figures[pk] = as_stored(pk)
                continue
            kids = below.get(path, [])
            agg: dict[int, tuple] = {}
            for ind in leaves:
                w = weights.get(ind.org_aggregation)
                wt = [w.get(path_of[k], 0) for k in kids] if w is not None else [1] * len(kids)
                value = _aggregate(ind.org_aggregation, [(figures[k].get(ind.pk, (None, 0))[0], x)
                                                         for k, x in zip(kids, wt, strict=True)])
                if ind.org_aggregation == OrgAggregation.SUM and ind.kind == IndicatorKind.COMPUTED:
                    # A summed count is scored again (points do not add up beyond the weight).
                    pts = points(parse_rule(ind.rule), value, ind.weight)
                else:
                    mean_kind = ind.org_aggregation
                    if mean_kind == OrgAggregation.SUM:
                        mean_kind = OrgAggregation.MEAN
                    pts = _aggregate(mean_kind, [(figures[k].get(ind.pk, (None, Decimal(0)))[1], x)
                                                 for k, x in zip(kids, wt, strict=True)]) or Decimal(0)
                agg[ind.pk] = (None if value is None else Decimal(value).quantize(FOUR),
                               Decimal(pts).quantize(TWO, ROUND_HALF_UP))
            figures[pk] = complete(agg)

    now = timezone.now()
    score_rows, totals_by_depth = [], defaultdict(dict)
    # An incremental run ranks the re-rolled organisations among the others' stored totals, and
    # rewrites only the results whose total, rank or grade moved.
    stored_results = {} if not run.is_incremental else {
        org_id: (total, rank_, grade_) for org_id, total, rank_, grade_ in Result.objects.filter(
            scheme=scheme, period=run.period).values_list("organization_id", "total", "rank", "grade")
    }
    if affected is not None:
        for pk, _path, depth in org_rows:
            if pk not in affected and pk in stored_results:
                totals_by_depth[depth][pk] = stored_results[pk][0]
    for org_id, per_ind in figures.items():
        if affected is not None and org_id not in affected:
            continue
        total = sum((per_ind.get(t.pk, (None, Decimal(0)))[1] for t in children[None]), Decimal(0))
        totals_by_depth[depth_of(path_of[org_id])][org_id] = total
        if org_id in locked:
            continue
        for ind_id, (value, pts) in per_ind.items():
            is_leaf_row = depth_of(path_of[org_id]) == level_depth and by_id[ind_id].kind != IndicatorKind.PARENT
            if is_leaf_row or stored.get((org_id, ind_id)) == (value, pts):
                continue
            score_rows.append(Score(scheme=scheme, indicator_id=ind_id, period=run.period, organization_id=org_id,
                                    value=value, points=pts, computed_at=now))

    result_rows = []
    for totals in totals_by_depth.values():
        ranks = rank(totals)
        for org_id, total in totals.items():
            if org_id in locked:
                continue
            row = (total.quantize(TWO), ranks[org_id],
                   grade(scheme, total=total, rank_=ranks[org_id], count=len(totals)))
            if stored_results.get(org_id) == row:
                continue
            result_rows.append(Result(scheme=scheme, period=run.period, organization_id=org_id, total=row[0],
                                      rank=row[1], grade=row[2], computed_at=now))
    with transaction.atomic():
        if affected is None:
            # A whole re-roll refreshed every figure it derives (the parents and the levels above),
            # also those that came out the same, which are not written again.
            Score.objects.filter(scheme=scheme, period=run.period).exclude(organization__in=locked).filter(
                Q(organization__in=[pk for pk in figures if pk not in level_ids])
                | Q(indicator__in=[i.pk for i in indicators if i.kind == IndicatorKind.PARENT])
            ).update(computed_at=now)
        _upsert_scores(score_rows)
        Result.objects.bulk_create(
            result_rows, batch_size=2000, update_conflicts=True,
            unique_fields=["scheme", "period", "organization"],
            update_fields=["total", "rank", "grade", "computed_at"],
        )
        # The weights this run used: the next incremental run re-rolls whatever's weight moves.
        ScoreRun.objects.filter(pk=run_id).update(snapshot={**run.snapshot, "weights": level_weights})
        _advance(run_id, status=RunStatus.DONE, finished_at=timezone.now())


def _affected(run: ScoreRun, org_rows, level_depth: int, manual_changed: set[int],
              level_weights: dict[str, dict[str, int]]):
    """``(affected, needed)`` organisation ids of a partial final step, or ``(None, None)`` for a
    whole one: ``affected`` are re-rolled (the assessed level's organisations under the run's
    chunks, with changed reviewers' scores or changed weights, and their ancestors), ``needed`` adds
    their children, whose stored figures the re-roll reads."""
    chunks = run.snapshot.get("partial") if run.is_incremental else None
    previous = _previous(run) if chunks is not None else None
    if previous is None or previous.snapshot.get("weights", {}).keys() != level_weights.keys():
        return None, None
    before = previous.snapshot["weights"]
    moved = {path for kind, counts in level_weights.items()
             for path in counts.keys() | before[kind].keys() if counts.get(path) != before[kind].get(path)}
    id_of = {path: pk for pk, path, _d in org_rows}
    affected: set[int] = set()
    for pk, path, depth in org_rows:
        if depth == level_depth and (pk in manual_changed or path in moved
                                     or any(path.startswith(c) for c in chunks)):
            affected.update(id_of[prefix_at(path, d)] for d in range(DISTRICT_DEPTH, level_depth + 1)
                            if prefix_at(path, d) in id_of)
    needed = set(affected)
    for pk, path, depth in org_rows:
        if depth > DISTRICT_DEPTH and id_of.get(prefix_at(path, depth - 1)) in affected:
            needed.add(pk)
    return affected, needed


def manual_step(run: ScoreRun, *, locked: set[int]) -> set[int]:
    """The manual indicators' leaf rows from the reviewers' sheets (``reviews.py``), just before the
    final step reads the leaves: one set-based pass for all of them, inside the final step so the
    chord and ``run_inline`` both take it without a step of their own."""
    from .reviews import score_manual

    return score_manual(run, locked=locked)


def run_inline(run: ScoreRun) -> ScoreRun:
    """The whole run in this process, step by step (the tasks do the same through a chord)."""
    for within in plan(run):
        chunk_step(run_id=run.pk, within=within)
    finish_step(run_id=run.pk)
    run.refresh_from_db()
    return run
