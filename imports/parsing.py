"""Reading spreadsheets into rows: column headers in English or Chinese, cell values as typed
by people (Excel dates or YYYY-MM-DD, 男/女, 是/否, numbers that lost their leading text).

The format itself (column titles, Chinese names) is ``organizations.file_format``. Reading is
bounded: an .xlsx is measured by ``xlsx_guard`` before openpyxl opens it, then streamed
(read-only, no wider than the titles); a CSV is read line by line with the same limits on
columns and rows (``IMPORT_MAX_COLUMNS``, ``IMPORT_MAX_ROWS``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.file_format import COLUMNS
from partybuild.exports import unescape_cell

from .xlsx_guard import Limits, inspect_xlsx, too_many_columns, too_many_rows, unreadable

REASON_HEADERS = {"en": "reason", "zh": "错误原因"}
# Far longer than any row of the templates; a longer CSV line is not an import file.
CSV_MAX_LINE_CHARS = 100_000


def limits() -> Limits:
    return Limits(rows=settings.IMPORT_MAX_ROWS, columns=settings.IMPORT_MAX_COLUMNS,
                  unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES)


def _norm(text: Any) -> str:
    """Lower-case, no spaces or asterisks (templates mark required columns with *), half-width brackets."""
    text = str(text or "").strip().lower().replace("（", "(").replace("）", ")").replace("*", "")
    return re.sub(r"\s+", "", text)


def header_map(kind: str, columns=None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for col in columns or COLUMNS[kind]:
        for name in (col.field, col.chinese, *col.aliases):
            mapping[_norm(name)] = col.field
    return mapping


@dataclass
class SourceRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    raw: tuple  # the cells as read, for the rejected-rows workbook
    data: dict[str, Any]


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    chinese: bool = False

    @property
    def reason_header(self) -> str:
        return REASON_HEADERS["zh" if self.chinese else "en"]


def _is_blank(cells: Iterable) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _header(kind: str, cells, columns=None) -> tuple[list[str], list[str | None]]:
    """The titles (trailing empty ones dropped) and the field each column feeds."""
    header = [("" if h is None else str(h).strip()) for h in cells]
    while header and not header[-1]:
        header.pop()
    mapping = header_map(kind, columns)
    fields = [mapping.get(_norm(h)) for h in header]
    missing = [c for c in columns or COLUMNS[kind] if c.required and c.field not in fields]
    if missing:
        raise ValidationError(
            _("The first row must hold the column titles. Missing columns: %(cols)s.")
            % {"cols": ", ".join(f"{c.field} / {c.chinese}" for c in missing)}
        )
    return header, fields


def _is_title_row(kind: str, cells, columns=None) -> bool:
    """A title above the column titles (``partybuild.workbooks``): one text in the first cell that
    names no column."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    return (len(filled) == 1 and bool(cells) and cells[0] is not None
            and _norm(cells[0]) not in header_map(kind, columns))


def _data_rows(records: Iterator, width: int, max_rows: int | None, *, start: int = 2) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) of the non-blank rows after the titles; past ``max_rows`` a ValidationError."""
    count = 0
    for number, cells in enumerate(records, start=start):
        cells = tuple(unescape_cell(c) for c in tuple(cells)[:width])
        if _is_blank(cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        count += 1
        if max_rows is not None and count > max_rows:
            raise too_many_rows(max_rows)
        yield number, cells


def build_table(kind: str, records: Iterable, *, max_rows: int | None = None, columns=None) -> Table:
    """``records``: the header row then the data rows, as sequences of cell values; ``columns``
    (``organizations.file_format.Column``s) for a format other than ``kind``'s own."""
    records = iter(records)
    try:
        first = next(records)
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    start = 2
    if _is_title_row(kind, first, columns):  # the portal's own exports carry a merged title row above the titles
        first, start = next(records, ()), 3
    header, fields = _header(kind, first, columns)
    chinese = any(re.search(r"[\u4e00-\u9fff]", h) for h in header)
    table = Table(kind=kind, headers=header, chinese=chinese)
    for number, cells in _data_rows(records, len(header), max_rows, start=start):
        data = {f: cells[i] for i, f in enumerate(fields) if f and i < len(cells)}
        table.rows.append(SourceRow(number=number, raw=cells, data=data))
    return table


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GBK; everything else is UTF-8 (maybe with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The CSV file is neither UTF-8 nor GBK text."))


def _csv_records(data: bytes, bounds: Limits) -> Iterator[list[str]]:
    """CSV rows, refusing lines and rows wider than an import file can be before csv builds them."""

    def lines():
        for number, line in enumerate(io.StringIO(_decode(data), newline=""), start=1):
            if len(line) > CSV_MAX_LINE_CHARS:
                raise ValidationError(
                    _("Line %(line)s of the CSV file is longer than %(max)s characters; it is not an import file.")
                    % {"line": number, "max": f"{CSV_MAX_LINE_CHARS:,}"}, code="line",
                )
            yield line

    try:
        for number, row in enumerate(csv.reader(lines()), start=1):
            if len(row) > bounds.columns and not _is_blank(row[bounds.columns:]):
                raise too_many_columns(bounds.columns, _("Row %(row)s") % {"row": number})
            yield row[: bounds.columns]
    except csv.Error as exc:
        raise ValidationError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def _xlsx_records(data: bytes, bounds: Limits) -> Iterator[tuple]:
    """The first worksheet's rows, streamed and no wider than its titles."""
    from openpyxl import load_workbook

    inspect_xlsx(data, bounds)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The titles fix the width: cells right of the last title are never materialised.
        first = next(sheet.iter_rows(max_row=1, max_col=bounds.columns, values_only=True), ())
        header_row = 1
        if len([c for c in first if c is not None and str(c).strip()]) == 1:
            # Perhaps a title row (the portal's exports have one): build_table decides; the width
            # then comes from the row below it.
            yield first[:1]
            header_row = 2
            first = next(sheet.iter_rows(min_row=2, max_row=2, max_col=bounds.columns, values_only=True), ())
        header = first
        width = max((i + 1 for i, h in enumerate(header) if h is not None and str(h).strip()), default=0)
        yield header[:width]
        if width:
            # Past the allowed rows (plus blank ones, which the scan bounded) nothing is read.
            yield from sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
        raise unreadable() from exc


def _records(fileobj: IO[bytes], filename: str, bounds: Limits) -> Iterator:
    name = filename.lower()
    fileobj.seek(0)
    data = fileobj.read()
    if name.endswith(".csv"):
        return _csv_records(data, bounds)
    if name.endswith(".xlsx"):
        return _xlsx_records(data, bounds)
    raise ValidationError(_("Upload an .xlsx or .csv file."))


def read_table(kind: str, fileobj: IO[bytes], filename: str) -> Table:
    """Parse an uploaded .xlsx or .csv into a Table; unreadable or oversized files raise ValidationError.
    A kind another app registered (``registry``) is read by that app's reader."""
    from .registry import registered

    if (other := registered(kind)) is not None:
        fileobj.seek(0)
        return other.read(fileobj, filename)
    bounds = limits()
    return build_table(kind, _records(fileobj, filename, bounds), max_rows=bounds.rows)


def count_rows(fileobj: IO[bytes], filename: str) -> int:
    """How many data rows a file has (at most ``IMPORT_MAX_ROWS``, else a ValidationError),
    without keeping them; for an .xlsx without reading a single value. It decides whether an
    upload is imported in the request or by a background job; titles are checked by whoever
    reads the file for real."""
    bounds = limits()
    if filename.lower().endswith(".xlsx"):
        fileobj.seek(0)
        # The fullest worksheet, less its title row: an upper bound for the first one.
        return max(inspect_xlsx(fileobj.read(), bounds).value_rows - 1, 0)
    records = _records(fileobj, filename, bounds)
    first = next(records, None)
    if first is None:
        return 0
    return sum(1 for _row in _data_rows(records, len(first), bounds.rows))


# Cell values ------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a number cell comes back as 13800138000.0
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def date_value(value: Any) -> dt.date | None:
    """None when empty; ValueError when not a date. Accepts Excel dates and serials, YYYY-MM-DD."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    raw = str(value).strip()
    if re.fullmatch(r"\d{8}", raw):
        raw = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    match = _DATE_RE.match(raw.split(" ")[0])
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


_TRUE = {"1", "y", "yes", "true", "是", "在职", "√"}
_FALSE = {"", "0", "n", "no", "false", "否", "不在职", "×"}


def bool_value(value: Any) -> bool:
    key = _norm(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(value)


def choice_value(value: Any, aliases: dict[str, str]) -> str | None:
    """Map a typed value onto a choice through ``aliases`` (normalised keys); None when unknown."""
    return aliases.get(_norm(text(value)))


def norm(value: Any) -> str:
    return _norm(text(value))
