"""Checks an uploaded .xlsx before openpyxl reads it, so a small hostile file cannot make the
importer allocate hundreds of megabytes or spin for minutes.

An .xlsx is a zip of XML parts, and openpyxl trusts them: a sheet that declares
``<dimension ref="A1:XFD1048576"/>`` (16,384 columns) makes every row it reads 16,384 cells
wide; a single ``<row>`` holding a million ``<c/>`` elements (23 KB zipped) is parsed into a
million dictionaries; a shared-strings part with a million entries costs a minute of CPU. So
before openpyxl opens the file, one streaming pass (expat, constant memory, stopping at the first
excess) measures every part:

* the whole package unpacks to at most ``IMPORT_MAX_UNPACKED_BYTES``;
* every worksheet declares and uses at most ``IMPORT_MAX_COLUMNS`` columns, holds values in at
  most ``IMPORT_MAX_ROWS`` + 1 rows (the titles) and has no row with more cells than columns;
* the shared strings are at most 20 per allowed row (the templates have 9 and 14 columns);
* a cell or shared string holds at most 200 elements (rich-text runs) and 32,767 characters
  (Excel's own limit);
* anything else (styles, relationships, merged cells…) is at most ``_OTHER_PART_ELEMENTS``
  elements per part, and no part declares a DTD (Excel never writes one; refusing it also
  rules out entity tricks).

Every worksheet is measured, not only the first one the importer reads: openpyxl opens all of
them to learn their size. The result also tells, without reading a single value, how many rows
the file has, which decides between the request and a background job.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Styles, workbook, relationships…: a few thousand elements in real workbooks.
_OTHER_PART_ELEMENTS = 200_000
_MAX_PARTS = 2_000
# Inside one cell or shared string: rich-text runs and their formatting, and the text itself
# (32,767 characters is Excel's own limit for a cell).
_ITEM_ELEMENTS = 200
_ITEM_CHARS = 32_767
_DIGITS = "0123456789"
# Excel's own limits; a row number beyond them is not a worksheet Excel wrote.
_EXCEL_MAX_ROW = 1_048_576
STRINGS_PER_ROW = 20


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows, the title row excluded
    columns: int
    unpacked_bytes: int

    @property
    def shared_strings(self) -> int:
        return (self.rows + 1) * STRINGS_PER_ROW


@dataclass(frozen=True)
class Shape:
    """What the pass found: ``value_rows`` counts the title row, in the fullest worksheet."""

    value_rows: int
    columns: int


def unreadable() -> ValidationError:
    return ValidationError(
        _("The file could not be read as an Excel workbook (.xlsx). Save it again from Excel and retry."),
        code="unreadable",
    )


def too_elaborate() -> ValidationError:
    return ValidationError(
        _("The workbook holds far more formatting or objects than an import file needs. Copy the data into a new "
          "workbook (paste as values only) and import that."), code="elaborate",
    )


def too_many_rows(limit: int) -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)s rows. Split it into files of at most %(max)s rows each.")
        % {"max": f"{limit:,}"}, code="rows",
    )


def too_many_columns(limit: int, where: str) -> ValidationError:
    return ValidationError(
        _("%(where)s goes beyond column %(max)s; an import file may use at most %(max)s columns. Delete the "
          "columns after the template's columns (and any formatting there), save the file and import it again.")
        % {"where": where, "max": limit}, code="columns",
    )


@lru_cache(maxsize=4096)
def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            return 0
        index = index * 26 + ord(char) - 64
    return index


@lru_cache(maxsize=8)
def _column_letters(limit: int) -> dict[str, int]:
    """"A" → 1 … up to column ``limit``: a dictionary look-up per cell instead of arithmetic."""
    from openpyxl.utils import get_column_letter

    return {get_column_letter(i): i for i in range(1, limit + 1)}


def _split_ref(ref: str) -> tuple[int, int]:
    """``"XFD1048576"`` → (16384, 1048576); (0, 0) for what is not a cell reference."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    return _column_index(letters), int(digits) if digits.isdigit() else 0


def _local(name: str) -> str:
    return name.rpartition(":")[2] if ":" in name else name


class _PartScan:
    """Streaming measurement of one XML part; raises ValidationError at the first excess.

    An *item* is a cell (``<c>``) of a worksheet or an entry (``<si>``) of the shared strings:
    openpyxl turns each into Python objects, so the elements and text inside one are bounded too.
    The first element names the part's kind; the handlers for that kind then take over (this
    pass runs in the request for every upload, so it is kept lean).
    """

    def __init__(self, limits: Limits, totals: dict):
        self.limits, self.totals = limits, totals
        self.root: str | None = None
        self.parser = expat.ParserCreate()
        self.in_item = False
        self.item_elements = self.item_chars = 0
        self.elements = 0  # elements outside items (rows excepted)
        self.row_cells = self.row_number = self.row_elements = self.column = 0
        self.row_has_value = False
        self.value_rows = self.max_column = 0
        self.letters = _column_letters(limits.columns)

    def run(self, stream) -> None:
        parser = self.parser
        parser.buffer_text = True
        parser.StartElementHandler = self.first
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        # Not XML (an image, a printer settings blob), or broken XML that openpyxl refuses in
        # turn: either way, everything parsed up to the error has been measured.
        with contextlib.suppress(expat.ExpatError):
            parser.ParseFile(stream)
        self._end_row()

    def doctype(self, *args) -> None:
        raise unreadable()

    def first(self, name: str, attrs: dict) -> None:
        self.root = _local(name)
        parser = self.parser
        if self.root == "worksheet":
            parser.StartElementHandler = self.sheet_start
            parser.EndElementHandler = self.item_end
            parser.CharacterDataHandler = self.item_text
        elif self.root == "sst":
            parser.StartElementHandler = self.strings_start
            parser.EndElementHandler = self.item_end
            parser.CharacterDataHandler = self.item_text
        else:
            parser.StartElementHandler = self.other_start

    def other_start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > _OTHER_PART_ELEMENTS:
            raise too_elaborate()

    def _item_child(self, local: str) -> None:
        self.item_elements += 1
        if self.item_elements > _ITEM_ELEMENTS:
            raise too_elaborate()
        if local == "v" or local == "is":
            self.row_has_value = True

    def item_end(self, name: str) -> None:
        # Items do not nest: the end of any <c> or <si> closes the open one.
        if self.in_item and name.endswith(("c", "si")) and _local(name) in ("c", "si"):
            self.in_item = False

    def item_text(self, data: str) -> None:
        if self.in_item:
            self.item_chars += len(data)
            if self.item_chars > _ITEM_CHARS:
                raise ValidationError(
                    _("A cell holds more than %(max)s characters, more than Excel allows.") % {"max": _ITEM_CHARS},
                    code="cell_text",
                )

    def _open_item(self) -> None:
        self.in_item = True
        self.item_elements = self.item_chars = 0

    def strings_start(self, name: str, attrs: dict) -> None:
        local = _local(name)
        if local != "si":
            if self.in_item:
                self._item_child(local)
            else:
                self.other_start(name, attrs)
            return
        self._open_item()
        self.totals["strings"] += 1
        if self.totals["strings"] > self.limits.shared_strings:
            raise ValidationError(
                _("The workbook holds more than %(max)s different texts, too many for an import file.")
                % {"max": f"{self.limits.shared_strings:,}"}, code="strings",
            )

    def sheet_start(self, name: str, attrs: dict) -> None:
        local = _local(name)
        if local == "c":
            self._cell(attrs.get("r"))
        elif self.in_item:
            self._item_child(local)
        elif local == "row":
            self._row(attrs.get("r", ""))
        elif local == "dimension":
            ref = attrs.get("ref", "")
            if _split_ref(ref.rpartition(":")[2])[0] > self.limits.columns:
                raise too_many_columns(self.limits.columns, _("The sheet's declared range %(ref)s") % {"ref": ref})
        else:
            self.other_start(name, attrs)

    def _cell(self, ref: str | None) -> None:
        self.in_item = True
        self.item_elements = self.item_chars = 0
        limit = self.limits.columns
        self.row_cells += 1
        if ref:
            # Unknown letters are a column beyond the limit (or no column at all).
            self.column = self.letters.get(ref.rstrip(_DIGITS)) or max(_split_ref(ref)[0], limit + 1)
            if self.column > limit:
                raise too_many_columns(limit, _("Cell %(cell)s") % {"cell": ref})
        else:
            self.column += 1
        if self.column > limit or self.row_cells > limit:
            raise too_many_columns(limit, _("Row %(row)s") % {"row": self.row_number})
        if self.column > self.max_column:
            self.max_column = self.column

    def _row(self, ref: str) -> None:
        self._end_row()
        self.row_number = int(ref) if ref.isdigit() else self.row_number + 1
        self.row_elements += 1
        # Formatted but empty rows are common below a template's data; twice the allowed rows is plenty.
        if self.row_number > _EXCEL_MAX_ROW or self.row_elements > 2 * (self.limits.rows + 1):
            raise too_many_rows(self.limits.rows)

    def _end_row(self) -> None:
        if self.row_has_value:
            self.value_rows += 1
            if self.value_rows > self.limits.rows + 1:
                raise too_many_rows(self.limits.rows)
        self.row_has_value = False
        self.row_cells = 0
        self.column = 0


def inspect_xlsx(data: bytes, limits: Limits) -> Shape:
    """Measure an .xlsx package; a ValidationError with a message for the user if it is unfit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable() from exc
    if len(parts) > _MAX_PARTS:
        raise unreadable()
    # Declared sizes can lie, but zipfile stops at the declared size and checks the CRC.
    if sum(part.file_size for part in parts) > limits.unpacked_bytes:
        raise ValidationError(
            _("The workbook unpacks to more than %(mb)s MB, too large for an import file. Delete unneeded sheets, "
              "pictures and formatting, or split the file.") % {"mb": limits.unpacked_bytes // (1024 * 1024)},
            code="unpacked",
        )
    totals = {"strings": 0}
    value_rows = columns = 0
    for part in parts:
        if part.is_dir():
            continue
        scan = _PartScan(limits, totals)
        try:
            with archive.open(part) as stream:
                scan.run(stream)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
            raise unreadable() from exc
        if scan.root == "worksheet":
            value_rows = max(value_rows, scan.value_rows)
            columns = max(columns, scan.max_column)
    return Shape(value_rows=value_rows, columns=columns)
