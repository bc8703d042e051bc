"""The one layout of every workbook the portal hands out (issues 8 and 15): formatted like the paper
forms a street office passes upward.

Each sheet has a title row merged across its columns naming the organisation and the period
("中华路街道 2026年 党建工作统计表"), optional merged group headers above the column titles, a 序号
column, number formats and widths per column, the panes frozen below the header, print settings
(A4 landscape, fit to one page wide, header rows repeated on every page), an optional 合计 row
and a signature and date block (填报单位 / 负责人 / 填报人 / 日期).

Workbooks are written in openpyxl's write-only mode, rows streamed from an iterator: memory stays
flat whatever the number of rows (``make bench`` measures a 100k-row export). A sheet never holds
more than ``SHEET_ROW_LIMIT`` rows: the rows continue on a second sheet of the same name with
"（2）", and so on — an export is never cut silently. Every cell, titles included, goes through
``partybuild.exports.safe_cell``.

A background export (``audit.background_exports``) watches the rows being written through
:data:`progress_hook`, so its page shows a bar that moves.

Usage::

    book = Workbook()
    book.add_sheet(name="党员名册", title=f"{org} 党员名册", columns=[Column("姓名", 10), ...],
                   rows=(row_values(m) for m in qs.iterator(chunk_size=2000)), signature=Signature(org))
    return book.response(f"党员名册-{org}-{date}.xlsx")
"""

from __future__ import annotations

import contextvars
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from .exports import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows an xlsx sheet holds (Excel, WPS and LibreOffice alike); tests lower it to see the split.
SHEET_ROW_LIMIT = 1_048_576
SHEET_NAME_MAX = 31
_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# A finished workbook up to this size is answered from memory; a larger one streams from its file.
IN_MEMORY_MAX = 8 * 1024 * 1024
# How often a background export is told the rows written so far.
PROGRESS_EVERY = 1000

INTEGER = "0"
DECIMAL = "#,##0.00"
ONE_DECIMAL = "0.0"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"

# Set by the background export runner: called with the number of data rows written so far.
progress_hook: contextvars.ContextVar[Callable[[int], None] | None] = contextvars.ContextVar(
    "workbook_progress_hook", default=None
)

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TITLE_FONT = Font(size=16, bold=True)
_SUBTITLE_FONT = Font(size=10, color="555555")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_WRAP = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column: its title, width in characters (a Chinese character counts about 2), the number
    format of its cells, the merged group header above it (consecutive columns sharing one), and
    whether the 合计 row sums it. A rate names the headers of its numerator and denominator columns
    (both summed) in ``ratio_of``: its 合计 is the ratio of their sums, never a sum of rates."""

    header: str
    width: float = 12
    number_format: str | None = None
    group: str = ""
    total: bool = False
    ratio_of: tuple[str, str] | None = None


@dataclass(frozen=True)
class Signature:
    """The block under a report: who files it and when (填报单位/负责人/填报人/日期)."""

    unit: str = ""
    head: str = ""
    filled_by: str = ""
    on: date | None = None

    def cells(self) -> list[str]:
        on = self.on or timezone.localdate()
        return [f"填报单位：{self.unit}", f"负责人：{self.head}", f"填报人：{self.filled_by}",
                f"日期：{on.year}年{on.month}月{on.day}日"]


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A valid sheet name for ``text``: no ``[]:*?/\\``, at most 31 characters, not one of ``taken``
    (compared as Excel does, ignoring case)."""
    base = _FORBIDDEN_IN_SHEET_NAMES.sub("", str(text)).strip().strip("'") or "Sheet"
    taken_lower = {t.lower() for t in taken}
    name, n = base[:SHEET_NAME_MAX], 1
    while name.lower() in taken_lower:
        n += 1
        suffix = f"（{n}）"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    return name


def attachment_header(filename: str) -> str:
    """``Content-Disposition`` for a download named in Chinese: an ASCII fallback and
    ``filename*=UTF-8''…`` that every current browser uses."""
    return content_disposition_header(True, filename)


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


class Workbook:
    """A formatted workbook written row by row (openpyxl write-only)."""

    def __init__(self) -> None:
        self._book = _OpenpyxlWorkbook(write_only=True)
        self._names: list[str] = []
        self.rows_written = 0  # data rows of every sheet, for the export record
        self.sheets_written = 0

    # -- sheets --------------------------------------------------------------------------------------

    def add_sheet(
        self, *, name: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
        subtitle: str = "", numbered: bool = True, totals: bool = False, signature: Signature | None = None,
        bordered: bool = True, note: str = "",
    ) -> int:
        """Write one sheet (more when the rows pass ``SHEET_ROW_LIMIT``); the number of data rows.

        ``rows`` are sequences of values in the order of ``columns`` (without the 序号, which is
        added when ``numbered``); an iterator is consumed once and never held in memory.
        ``bordered`` draws cell borders (a few times slower: large plain exports leave it off)."""
        columns = list(columns)
        all_columns = ([Column("序号", 6, INTEGER)] if numbered else []) + columns
        width = len(all_columns)
        grouped = any(c.group for c in all_columns)
        header_rows = (1 if title else 0) + (1 if subtitle else 0) + (2 if grouped else 1)
        # Room on each sheet for the header, and under the last rows for the totals and signature.
        tail_rows = (1 if totals else 0) + (2 if signature else 0) + (2 if note else 0)
        per_sheet = max(1, SHEET_ROW_LIMIT - header_rows - tail_rows)
        body_styles = [self._body_style(c, bordered) for c in all_columns]
        sums = [0 if c.total else None for c in columns]
        index = {c.header: i for i, c in enumerate(columns)}
        ratios = {i: (index[c.ratio_of[0]], index[c.ratio_of[1]]) for i, c in enumerate(columns) if c.ratio_of}

        part, count, written = 0, 0, 0
        sheet = None
        report = progress_hook.get()
        for values in rows:
            if sheet is None or written == per_sheet:
                part += 1
                sheet = self._start_sheet(name if part == 1 else f"{name}（{part}）", title, subtitle,
                                          all_columns, grouped)
                written = 0
            count += 1
            written += 1
            values = [_number(v) for v in values]
            for i, value in enumerate(values):
                if sums[i] is not None and isinstance(value, int | float):
                    sums[i] += value
            cells = [count, *values] if numbered else values
            sheet.append([self._cell(sheet, v, s) for v, s in zip(cells, body_styles, strict=False)])
            if report is not None and count % PROGRESS_EVERY == 0:
                report(self.rows_written + count)
        if sheet is None:  # no rows: the sheet still shows its header (and says so)
            sheet = self._start_sheet(name, title, subtitle, all_columns, grouped)
        if totals:
            for i, (top, bottom) in ratios.items():
                sums[i] = sums[top] / sums[bottom] if sums[bottom] else None
            total_cells = (["合计"] if numbered else []) + [
                s if s is not None else ("合计" if i == 0 and not numbered else None) for i, s in enumerate(sums)
            ]
            sheet.append([self._cell(sheet, v, self._total_style(c, bordered))
                          for v, c in zip(total_cells, all_columns, strict=False)])
        if note:
            sheet.append([])
            sheet.append([self._cell(sheet, note, {"alignment": _LEFT})])
        if signature is not None:
            sheet.append([])
            cells: list[Any] = [None] * width
            # The four labels spread across the width, the last right-aligned under the table.
            for i, text in enumerate(signature.cells()):
                cells[min(width - 1, (i * width) // 4)] = text
            sheet.append([self._cell(sheet, v, {"alignment": _LEFT}) if v is not None else None for v in cells])
        self.rows_written += count
        if report is not None:
            report(self.rows_written)
        return count

    def _start_sheet(self, name: str, title: str, subtitle: str, columns: list[Column], grouped: bool):
        name = sheet_name(name, self._names)
        self._names.append(name)
        self.sheets_written += 1
        sheet = self._book.create_sheet(name)
        width = len(columns)
        last = get_column_letter(width)
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        # A write-only sheet writes its views and properties with the first row: set them first.
        header_end = (1 if title else 0) + (1 if subtitle else 0) + (2 if grouped else 1)
        sheet.freeze_panes = f"A{header_end + 1}"
        sheet.print_title_rows = f"1:{header_end}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        row = 0
        if title:
            row += 1
            sheet.append([self._cell(sheet, title, {"font": _TITLE_FONT, "alignment": _CENTER})])
            sheet.row_dimensions[row].height = 32
            if width > 1:
                sheet.merged_cells.add(CellRange(f"A{row}:{last}{row}"))
        if subtitle:
            row += 1
            sheet.append([self._cell(sheet, subtitle, {"font": _SUBTITLE_FONT, "alignment": _CENTER})])
            if width > 1:
                sheet.merged_cells.add(CellRange(f"A{row}:{last}{row}"))
        header_style = {"font": _HEADER_FONT, "fill": _HEADER_FILL, "border": _BORDER, "alignment": _CENTER}
        if grouped:
            # Group titles above their columns; an ungrouped column's title spans both header rows.
            row += 1
            top = [c.group or c.header for c in columns]
            sheet.append([self._cell(sheet, v, header_style) for v in top])
            i = 0
            while i < width:
                j = i
                if columns[i].group:
                    while j + 1 < width and columns[j + 1].group == columns[i].group:
                        j += 1
                    if j > i:
                        sheet.merged_cells.add(CellRange(min_col=i + 1, max_col=j + 1, min_row=row, max_row=row))
                else:
                    sheet.merged_cells.add(CellRange(min_col=i + 1, max_col=i + 1, min_row=row, max_row=row + 1))
                i = j + 1
        row += 1
        sheet.append([self._cell(sheet, c.header if (c.group or not grouped) else None, header_style)
                      for c in columns])
        return sheet

    # -- cells ---------------------------------------------------------------------------------------

    @staticmethod
    def _body_style(column: Column, bordered: bool) -> dict | None:
        style: dict = {}
        if bordered:
            style.update(border=_BORDER, alignment=_WRAP)
        if column.number_format:
            style["number_format"] = column.number_format
        return style or None

    @staticmethod
    def _total_style(column: Column, bordered: bool) -> dict:
        style: dict = {"font": _HEADER_FONT}
        if bordered:
            style["border"] = _BORDER
        if column.number_format:
            style["number_format"] = column.number_format
        return style

    @staticmethod
    def _cell(sheet, value: Any, style: dict | None):
        value = safe_cell(_number(value))
        if not style:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        for attr, val in style.items():
            setattr(cell, attr, val)
        return cell

    # -- output --------------------------------------------------------------------------------------

    def save(self, target) -> None:
        """Write the workbook to a path or a binary file object (once)."""
        if not self._names:
            self.add_sheet(name="Sheet", title="", columns=[], rows=[], numbered=False)
        self._book.save(target)

    def to_bytes(self) -> bytes:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
            self.save(out)
            out.seek(0)
            return out.read()

    def response(self, filename: str) -> HttpResponse | FileResponse:
        """The workbook as a download named ``filename`` (Chinese welcome). Written to a temporary
        file; a large one (past ``IN_MEMORY_MAX`` bytes) is streamed from it rather than read
        into memory. ``response.export_rows`` tells the export record the rows written."""
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response (or right below)
        self.save(out)
        size = out.tell()
        out.seek(0)
        if size <= IN_MEMORY_MAX:
            with out:
                response = HttpResponse(out.read(), content_type=XLSX)
        else:
            response = FileResponse(out, content_type=XLSX)
        response["Content-Disposition"] = attachment_header(filename)
        response.export_rows = self.rows_written
        return response


def dated_filename(*parts: str, ext: str = "xlsx", on: date | None = None) -> str:
    """``党员名册-中华路街道-2026-12-01.xlsx``: the parts, the date, no characters a file system refuses."""
    on = on or timezone.localdate()
    clean = [re.sub(r'[\\/:*?"<>|\r\n]+', "", str(p)).strip() for p in parts if p]
    return "-".join([*clean, on.isoformat()]) + f".{ext}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    """A CSV download streamed as its rows are read (``StreamingHttpResponse``): nothing is held,
    whatever the size. UTF-8 with a BOM so Excel opens Chinese text; every cell through
    ``safe_cell``. ``response.export_rows`` is not known before the stream ends, so it is not set."""
    import csv

    from django.http import StreamingHttpResponse

    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([safe_cell(h) for h in headers])
        report = progress_hook.get()
        for written, values in enumerate(rows, start=1):
            yield writer.writerow([safe_cell(_number(v)) for v in values])
            if report is not None and written % PROGRESS_EVERY == 0:
                report(written)

    response = StreamingHttpResponse((line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment_header(filename)
    return response
