"""The quarterly (or monthly) 三会一课 compliance table of a scope as an xlsx workbook.

Organisation names are free text typed by people: every cell goes through ``safe_cell``."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from partybuild.exports import safe_cell

from .models import MeetingType
from .selectors import ComplianceRow, Window

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def compliance_workbook(*, window: Window, columns: list[str], rows: list[ComplianceRow]) -> HttpResponse:
    labels = dict(MeetingType.choices)
    book = Workbook()
    sheet = book.active
    sheet.title = window.label.replace(" ", "")
    title = _("Organisational life compliance %(period)s (required / held)") % {"period": window.label}
    sheet.append([safe_cell(title)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(3, 3 + len(columns)))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([_("No."), _("Organisation"), _("Code"), *[str(labels[c]) for c in columns], _("Falls short")])
    for number, row in enumerate(rows, start=1):
        cells = []
        for c in columns:
            cell = row.cells.get(c)
            cells.append("" if cell is None else f"{cell.required}/{cell.held}")
        sheet.append([number, safe_cell(row.name), safe_cell(row.code), *cells,
                      _("yes") if row.is_short else _("no")])
    for letter, width in zip("ABC", (6, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="orglife-compliance-{window.label.replace(" ", "")}.xlsx"'
    return response
