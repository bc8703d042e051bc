"""The registry of computations (计算口径) that computed indicators are bound to.

Each app registers its own, from its ``AppConfig.ready`` (or, for the apps that predate this one,
``assessments.computations``)::

    from assessments.registry import register

    @register("reports.closure_rate", label=_("Grid reports: closure rate (%)"), unit="%",
              records=closure_records, sources=[Source(GridReport, "grid__branch")])
    def closure_rate(*, depth, start, end, within=""):
        ...   # ONE set-based query for every organisation at ``depth`` under ``within``
        return {path: Decimal(...) or None, ...}

A computation answers ``{organisation path at depth: value}`` for all organisations of a level and
a period in one query (``organizations.paths.count_per_ancestor``, which takes ``within``): the
rollup calls it once per indicator and chunk (a run of streets, or one changed community on an
incremental run), never once per organisation. Only organisations ``within`` are answered: ``""``
(the whole tree), a path (its subtree) or a ``(first, last)`` pair of sibling paths (their
subtrees); pass it on to ``count_per_ancestor`` or filter with ``organizations.paths.within_q``.
An organisation missing from the answer has no value (no records), which scores nothing.
``records(org, start, end)`` optionally returns the queryset behind an organisation's value, for the
drill-down.

``sources`` name the tables the value is read from, each with the path to its organisation and the
timestamps that move when a row changes: an incremental rollup asks them which organisations have
rows added, changed or deleted since the last run (``assessments.changes``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

Values = dict[str, Decimal | None]
# Where a computation answers: "" (everywhere), a path (that organisation's subtree) or a
# (first, last) pair of sibling paths (a run of streets): ``organizations.paths.within_q``.
Within = str | tuple[str, str]


@dataclass(frozen=True)
class Source:
    """A table a computation reads. ``org_field`` reaches the row's organisation (``""`` for
    Organization itself; None for a district-wide table such as a frequency rule, any change to
    which changes every figure); ``stamps`` are the row's date-times set to *now* when it changes
    (``updated_at``; never a date that may lie ahead, such as a planned meeting's). Edits of the
    audited models are also read from their change history. Rows added are found by their id
    (above the last run's highest), rows deleted by the table's count."""

    model: type[Model]
    org_field: str | None
    stamps: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass(frozen=True)
class Computation:
    key: str
    label: str | Promise
    compute: Callable[..., Values]
    unit: str = ""
    records: Callable[..., QuerySet] | None = None
    # Whether the value is a count that adds up over time and space (orders done) or a rate
    # that does not (closure rate): only a hint for the default aggregations of a new indicator.
    is_count: bool = False
    sources: tuple[Source, ...] = ()

    def __call__(self, *, depth: int, start: date, end: date, within: Within = "") -> Values:
        return self.compute(depth=depth, start=start, end=end, within=tuple(within) if isinstance(within, list)
                            else within)


_REGISTRY: dict[str, Computation] = {}


def register(key: str, *, label, unit: str = "", records=None, is_count: bool = False, sources=()):
    """Decorator: register ``compute(*, depth, start, end, within) -> {path: value}`` under ``key``.
    A computation without ``sources`` cannot say what changed: incremental runs recompute it for
    every organisation."""

    def decorate(compute):
        _REGISTRY[key] = Computation(key, label, compute, unit, records, is_count, tuple(sources))
        return compute

    return decorate


def computation(key: str) -> Computation:
    return _REGISTRY[key]


def computation_or_none(key: str) -> Computation | None:
    return _REGISTRY.get(key)


def computations() -> list[Computation]:
    return sorted(_REGISTRY.values(), key=lambda c: c.key)


def computation_choices() -> list[tuple[str, str]]:
    return [(c.key, f"{c.key} · {c.label}") for c in computations()]


# Several computations read the same grouped query (pledge fulfilment and evaluated pledges: the
# pledge statistics of the year). Within one rollup step (``shared_queries``) they share its answer.
_shared: ContextVar[dict | None] = ContextVar("assessments_shared_queries", default=None)


@contextmanager
def shared_queries():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: tuple, compute: Callable[[], object]):
    """``compute()``, asked once per ``key`` inside :func:`shared_queries` (else every time)."""
    memo = _shared.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
