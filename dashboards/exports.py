"""The comparison as a workbook: one row per organisation, every cell through ``safe_cell``."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from partybuild.exports import safe_cell


def comparison_workbook(*, title: str, columns: list[tuple[str, str]], rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Comparison")[:31]
    headers = [_("No."), _("Code"), _("Organisation"), *(label for _key, label in columns)]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    head = ws.cell(row=1, column=1, value=safe_cell(title))
    head.font, head.alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    for col, header in enumerate(headers, start=1):
        ws.cell(row=2, column=col, value=safe_cell(header)).font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        values = [number, row["code"], row["name"], *(row[key] for key, _label in columns)]
        for col, value in enumerate(values, start=1):
            ws.cell(row=number + 2, column=col, value=safe_cell(value))
    ws.freeze_panes = "D3"
    ws.column_dimensions["C"].width = 26
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
