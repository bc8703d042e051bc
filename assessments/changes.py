"""What changed since the last rollup (增量计算): which organisations of the assessed level have records
added, edited or deleted since the last completed run of the same scheme and period.

Each computation declares its ``sources`` (``registry.Source``: a table, the path to its
organisation, the timestamps that move when a row changes). A run stores a snapshot of every source
it reads, taken before it reads anything: the highest id of each table (and its row count where
the change history does not record deletions). The next incremental run asks each table,
set-based (a few index-served queries per table, whatever the number of organisations):

- rows added: an id above the snapshot's highest;
- rows edited: an edit of the row in the change history (django-auditlog, which records every
  edit of the audited models, set-based updates included: ``partybuild.locking``) at or after the
  snapshot's time, or one of the row's own timestamps (``updated_at``) at or after it;
- rows deleted: a deletion in the change history (audited tables), or for the few tables whose
  deletions it does not record, fewer rows than the snapshot plus those added. A deleted row
  leaves nothing to say where it was, so a deletion makes the run recompute every organisation
  (deletions of these records are rare: most are closed or revoked, not deleted). That is the
  price of not keeping a per-organisation count for every table.

and maps the rows found to their organisation's ancestor at the assessed level: only those are
recomputed. Anything else that can change every figure (the scheme's indicators, a computation
that declares no sources, no earlier completed run) makes the run a full one.

A record moved from one organisation to another is found under both. Its new organisation reads
it as any edited row; its old one comes from the change history: an edit of an audited model
records the old and new value of each changed foreign key (``{"grid": ["12", "15"]}``, ids as
strings), so for the first hop of the source's ``org_field`` (``grid`` of ``grid__branch``, or the
organisation itself) the old ids are collected from the edits since the snapshot (one query) and
mapped to their organisation at the assessed level (one query on the table they point to). A move
further along the path (a grid given to another branch) is an edit of another table, found only
when that table is a source too. Tables outside the change history (and edits that bypassed it)
are still found under their new organisation only: the old one keeps its figure until the next
full run (a run from the scheme page without “incremental”).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, Sum

from organizations.paths import depth_of, prefix_expr, within_q

from .registry import Source

MOVED_CHUNK = 900


def sources_of(computations: Iterable) -> list[Source] | None:
    """The sources of ``computations`` (each table once), or None when one of them declares none."""
    found: dict[tuple, Source] = {}
    for comp in computations:
        if not comp.sources:
            return None
        for source in comp.sources:
            found.setdefault((source.label, source.org_field, source.stamps), source)
    return list(found.values())


def _counted(source: Source) -> bool:
    """Whether deletions are found by counting the table's rows: only for a table whose deletions
    the change history does not record (counting a large table reads all of it)."""
    return source.org_field is None or not auditlog.contains(source.model)


def _table(source: Source) -> list[int]:
    figures = {"top": Max("pk")}
    if _counted(source):
        figures["n"] = Count("pk")
    if source.org_field is None and any(f.name == "version" for f in source.model._meta.fields):
        figures["edits"] = Sum("version")  # a district-wide table's rows carry no timestamp: their versions
    row = source.model.objects.order_by().aggregate(**figures)
    return [row.get("n", -1), row["top"] or 0, row.get("edits") or 0]


def _history(source: Source, action: int, since: datetime):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(source.model), action=action, timestamp__gte=since
    )


def snapshot(sources: Iterable[Source]) -> dict[str, list[int]]:
    """``{table label: [rows (-1: not counted), highest id, sum of versions (district-wide tables)]}``:
    one query per table, an index lookup unless the rows are counted."""
    out = {}
    for source in sources:
        if source.label not in out:
            out[source.label] = _table(source)
    return out


def _changed_filters(source: Source, *, top: int, since: datetime) -> list[Q]:
    """The rows added or edited since the snapshot, as separate filters, each one an index serves
    (an OR of them would read the whole table): ids above the snapshot's highest; for the audited
    models (nearly all: ``partybuild.audit_registry``) the edits in the change history; rows whose
    own timestamp moved (an edit that bypassed the history)."""
    filters = [Q(pk__gt=top)]
    if auditlog.contains(source.model):
        filters.append(Q(pk__in=_history(source, LogEntry.Action.UPDATE, since).values("object_id")))
    filters.extend(Q(**{f"{stamp}__gte": since}) for stamp in source.stamps)
    return filters


def changed_paths(
    sources: Iterable[Source], *, before: dict[str, list[int]], since: datetime, depth: int, root: str
) -> set[str] | None:
    """Paths at ``depth`` (under ``root``) of the organisations whose source rows were added or
    edited since the snapshot ``before`` taken at ``since``; None when every organisation must be
    recomputed (a table unknown to the snapshot, or rows deleted from it)."""
    paths: set[str] = set()
    for source in sources:
        if source.label not in before:
            return None
        if source.org_field is None:
            if _table(source) != before[source.label]:
                return None  # the district's own rules changed: every figure may have
            continue
        count, top = before[source.label][:2]
        manager = source.model.objects.order_by()
        if not _counted(source):
            if _history(source, LogEntry.Action.DELETE, since).exists():
                return None  # rows deleted: nothing left says where they were
        else:
            now = manager.aggregate(n=Count("pk"), added=Count("pk", filter=Q(pk__gt=top)))
            if count < 0 or now["n"] != count + now["added"]:
                return None  # rows deleted (or an id reused), or a snapshot that did not count them
        for changed in _changed_filters(source, top=top, since=since):
            rows = (manager.filter(changed).filter(within_q(root, field=source.org_field))
                    .annotate(at=prefix_expr(field=source.org_field, depth=depth))
                    .values_list("at", flat=True).distinct())
            # A row attached above the assessed level (a street's own record) belongs to none of its organisations.
            paths.update(p for p in rows if p and depth_of(p) == depth)
        if auditlog.contains(source.model):
            paths |= _moved_from(source, since=since, depth=depth, root=root)
    return paths


def _moved_from(source: Source, *, since: datetime, depth: int, root: str) -> set[str]:
    """Paths at ``depth`` of the organisations rows of ``source`` were moved away from since
    ``since``: the old values of the first hop of ``org_field`` in the change history's edits (one
    query), mapped to their organisations on the table that hop points to (one query)."""
    hop, _sep, rest = source.org_field.partition("__")
    if not hop:
        return set()  # Organization itself: a move in the tree rewrites paths, not a foreign key
    field = source.model._meta.get_field(hop)
    if not field.concrete or not (field.many_to_one or field.one_to_one):
        return set()  # not a foreign key of this table: the history holds no old value for it
    # django-auditlog writes each changed foreign key under its name as [old id, new id] (strings;
    # "None" for an empty one): ``partybuild.locking.audited_update`` writes the same shape.
    olds = (_history(source, LogEntry.Action.UPDATE, since).filter(changes__has_key=hop)
            .values_list(f"changes__{hop}__0", flat=True).distinct())
    target = field.target_field
    ids = set()
    for old in olds:
        if old in (None, "", "None"):
            continue
        try:
            ids.add(target.to_python(old))
        except ValidationError:
            continue  # a value the history masked or a hand-made entry: nothing to map
    found: set[str] = set()
    ordered = sorted(ids)
    # One query, or one per MOVED_CHUNK ids after a mass move (SQLite caps the parameters of a query).
    for start in range(0, len(ordered), MOVED_CHUNK):
        rows = (field.related_model.objects.order_by()
                .filter(**{f"{target.attname}__in": ordered[start:start + MOVED_CHUNK]})
                .filter(within_q(root, field=rest)).annotate(at=prefix_expr(field=rest, depth=depth))
                .values_list("at", flat=True).distinct())
        found.update(p for p in rows if p and depth_of(p) == depth)
    return found


def scheme_fingerprint(scheme) -> str:
    """A digest of everything in the scheme a score depends on: a different one means a full run."""
    rows = list(scheme.indicators.order_by("pk").values_list(
        "pk", "parent_id", "weight", "kind", "computation", "rule", "time_aggregation", "org_aggregation"))
    head = [scheme.level, scheme.grade_method, scheme.advanced_at, scheme.passing_at]
    return hashlib.sha256(json.dumps([head, rows], default=str).encode()).hexdigest()[:16]
