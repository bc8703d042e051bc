"""Arithmetic on materialised tree paths (treebeard's ``path``): each level adds ``steplen`` characters,
so the ancestors of a node are the prefixes of its path, computed without a query."""

from __future__ import annotations

from collections.abc import Iterable

STEPLEN = 4  # Organization.steplen; a plain constant so this module imports no models


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """The paths of ``path``'s ancestors, root first (and ``path`` itself unless told otherwise)."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(STEPLEN, end, STEPLEN)]


def ancestor_paths_of_all(paths: Iterable[str], *, include_self: bool = True) -> set[str]:
    """Every path above (or at) any of ``paths``: the ``path__in`` of one query for all of them."""
    return {a for path in paths for a in ancestor_paths(path, include_self=include_self)}
