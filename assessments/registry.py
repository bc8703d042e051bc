"""The registry of computations (计算口径) that computed indicators are bound to.

Each app registers its own, from its ``AppConfig.ready`` (or, for the apps that predate this one,
``assessments.computations``)::

    from assessments.registry import register

    @register("reports.closure_rate", label=_("Grid reports: closure rate (%)"), unit="%",
              records=closure_records)
    def closure_rate(*, depth, start, end):
        ...   # ONE set-based query for every organisation at ``depth``
        return {path: Decimal(...) or None, ...}

A computation answers ``{organisation path at depth: value}`` for all organisations of a level and
a period in one query (``organizations.paths.count_per_ancestor``): the rollup calls it once per
indicator, never once per organisation. An organisation missing from the answer has no value (no
records), which scores nothing. ``records(org, start, end)`` optionally returns the queryset behind
an organisation's value, for the drill-down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import Promise

Values = dict[str, Decimal | None]


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

    def __call__(self, *, depth: int, start: date, end: date) -> Values:
        return self.compute(depth=depth, start=start, end=end)


_REGISTRY: dict[str, Computation] = {}


def register(key: str, *, label, unit: str = "", records=None, is_count: bool = False):
    """Decorator: register ``compute(*, depth, start, end) -> {path: value}`` under ``key``."""

    def decorate(compute):
        _REGISTRY[key] = Computation(key, label, compute, unit, records, is_count)
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
