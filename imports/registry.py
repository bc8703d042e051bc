"""Import kinds other apps add to the import page (批量导入), registered from their
``AppConfig.ready`` (as star vetoes and assessment computations are): ``register(ImportType(...))``.

A registered kind goes through everything the built-in ones do: the upload's type and size check,
the row count deciding between the request and a background job, the job with its progress and
status page, the all-or-nothing run with the rejected-rows workbook, the ``who may import``
policy and the management command base (``_import_base.ImportCommand``). The app supplies only
what is its own: how to read its file into a ``parsing.Table``, how to import that table
(returning an ``report.ImportReport``) and its template workbook.

Registered kinds are not among ``ImportJob.kind``'s declared choices (no migration of this app
for another app's kind): ``label`` answers for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from partybuild import scoping

from .models import ImportKind


@dataclass(frozen=True)
class ImportType:
    kind: str  # at most 16 characters (``ImportJob.kind``)
    label: Any  # a lazy translation
    read: Callable[[IO[bytes], str], Any]  # (file, stored name) -> parsing.Table; ValidationError if unreadable
    run: Callable[..., Any]  # (*, user, table, dry_run, progress) -> report.ImportReport
    template: Callable[[str], bytes]  # language -> the template workbook (.xlsx)
    action: str = scoping.MANAGE  # the area the importer needs (``policy.can_import``)


_TYPES: dict[str, ImportType] = {}


def register(import_type: ImportType) -> None:
    if len(import_type.kind) > 16 or import_type.kind in ImportKind.values:
        raise ValueError(f"import kind {import_type.kind!r} is too long or taken")
    _TYPES[import_type.kind] = import_type


def registered(kind: str) -> ImportType | None:
    return _TYPES.get(kind)


def choices() -> list[tuple[str, Any]]:
    """Every kind the page offers: the built-in ones, then the registered ones."""
    return [*ImportKind.choices, *((t.kind, t.label) for t in _TYPES.values())]


def values() -> list[str]:
    return [kind for kind, _label in choices()]


def label(kind: str) -> Any:
    return dict(choices()).get(kind, kind)
