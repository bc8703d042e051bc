"""Tree paths (treebeard's materialised path): the one place that does path arithmetic.

A node's ``path`` is ``depth`` steps of ``STEPLEN`` characters; the district root has depth 1.
Everything that needs a parent, the ancestors, "the street of this record" or "rows per
community" calls these helpers instead of slicing paths by hand.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Length, Substr

from .models import LEVEL_DEPTH, Level, Organization

STEPLEN = Organization.steplen
DISTRICT_DEPTH = LEVEL_DEPTH[Level.DISTRICT]
STREET_DEPTH = LEVEL_DEPTH[Level.STREET]
COMMUNITY_DEPTH = LEVEL_DEPTH[Level.COMMUNITY]
GRID_DEPTH = LEVEL_DEPTH[Level.GRID]


def depth_of(path: str) -> int:
    return len(path) // STEPLEN


def prefix_at(path: str, depth: int) -> str:
    """The path of the ancestor (or self) of ``path`` at ``depth``; ``path`` itself if shallower."""
    return path[: depth * STEPLEN]


def parent_path(path: str) -> str:
    """``""`` for the root."""
    return path[:-STEPLEN]


def ancestor_paths(path: str, *, include_self: bool = False) -> list[str]:
    """Paths of the ancestors of ``path``, root first."""
    last = depth_of(path) + (1 if include_self else 0)
    return [prefix_at(path, d) for d in range(1, last)]


def is_within(path: str, root: str) -> bool:
    """Whether ``path`` lies in the subtree of ``root`` (itself included)."""
    return path.startswith(root)


def subtree_q(root: str, *, field: str = "") -> Q:
    """Rows whose organisation (reached through ``field``, ``""`` for Organization) lies under ``root``."""
    return Q(**{f"{field}__path__startswith" if field else "path__startswith": root})


def within_q(within: str | tuple[str, str] | list[str], *, field: str = "") -> Q:
    """Rows whose organisation (through ``field``) lies under ``within``: ``""`` (anywhere), a path
    (its subtree, as :func:`subtree_q`) or a ``(first, last)`` pair of sibling paths (the subtrees
    of the siblings from ``first`` to ``last``: a run of streets).

    Written as a range of paths (every path under ``last`` sorts at or before ``last`` followed by
    the alphabet's last character), which an index on the path serves, where ``LIKE 'root%'``
    uses none on SQLite."""
    if not within:
        return Q()
    first, last = (within, within) if isinstance(within, str) else within
    column = f"{field}__path" if field else "path"
    top = last + Organization.alphabet[-1] * (Organization._meta.get_field("path").max_length - len(last))
    return Q(**{f"{column}__gte": first, f"{column}__lte": top})


def path_expr(field: str = ""):
    return F(f"{field}__path" if field else "path")


def prefix_expr(*, field: str = "", depth: int):
    """SQL: the first ``depth`` steps of the path reached through ``field``."""
    return Substr(f"{field}__path" if field else "path", 1, depth * STEPLEN)


def parent_path_expr(*, field: str = "", outer: bool = False):
    """SQL: the parent path of the row's organisation; ``outer`` reads it from ``OuterRef``."""
    from django.db.models import OuterRef

    source = OuterRef(f"{field}__path" if field else "path") if outer else (f"{field}__path" if field else "path")
    return Substr(source, 1, Length(source) - STEPLEN)


def count_per_ancestor(
    qs: QuerySet, *, field: str, depth: int, distinct: bool = False, within: str | tuple[str, str] = "",
    **aggregates,
) -> dict[str, dict[str, int]]:
    """Rows of ``qs`` grouped by the ancestor at ``depth`` of the organisation reached through
    ``field``: ``{ancestor_path: {"total": n, **aggregates}}`` in one GROUP BY query.

    ``within`` (a path, or a ``(first, last)`` pair of siblings: :func:`within_q`) keeps only the
    rows under those organisations: the same query for one chunk of a rollup instead of the whole
    district.

    ``aggregates`` are extra named aggregates (``closed=Count("pk", filter=Q(...))``). When one
    of them follows a many-valued relation (``Count("items", distinct=True)``), the join repeats
    each row: pass ``distinct=True`` so ``total`` still counts rows of ``qs``.
    """
    if within:
        qs = qs.filter(within_q(within, field=field))
    rows = (
        qs.order_by()
        .annotate(ancestor=prefix_expr(field=field, depth=depth))
        .values("ancestor")
        .annotate(total=Count("pk", distinct=distinct), **aggregates)
    )
    return {row.pop("ancestor"): row for row in rows}


def counts_by_ancestor(qs: QuerySet, *, field: str, depth: int) -> dict[str, int]:
    """Shorthand of :func:`count_per_ancestor` when only the row count is wanted."""
    return {path: row["total"] for path, row in count_per_ancestor(qs, field=field, depth=depth).items()}


def ancestors_by_path(paths) -> dict[str, Organization]:
    """The organisations at ``paths``, in one query."""
    return {o.path: o for o in Organization.objects.filter(path__in=set(paths))}
