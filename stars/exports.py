"""The award ledger as an xlsx laid out like a 公示 list: 序号, street, community, stars, amount.

Every cell goes through ``partybuild.exports.safe_cell`` (community names are free text).
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from partybuild.exports import safe_cell


def ledger_workbook(*, rows: list[dict], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Star awards")[:31]
    headers = [_("No."), _("Street"), _("Community"), _("Stars"), _("Number of stars"), _("Amount (yuan)")]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    head = ws.cell(row=1, column=1, value=safe_cell(f"{title} {_('Five-star award list')}"))
    head.font, head.alignment = Font(bold=True, size=14), Alignment(horizontal="center")
    for col, header in enumerate(headers, start=1):
        ws.cell(row=2, column=col, value=safe_cell(header)).font = Font(bold=True)
    total = 0
    for number, row in enumerate(rows, start=1):
        values = [number, row["street"], row["community"], "、".join(row["stars"]), len(row["stars"]),
                  float(row["amount"])]
        total += row["amount"]
        for col, value in enumerate(values, start=1):
            ws.cell(row=number + 2, column=col, value=safe_cell(value))
    last = len(rows) + 3
    ws.cell(row=last, column=1, value=safe_cell(_("Total")))
    ws.cell(row=last, column=5, value=sum(len(r["stars"]) for r in rows))
    ws.cell(row=last, column=6, value=float(total))
    for letter, width in zip("ABCDEF", (6, 20, 24, 60, 10, 14), strict=True):
        ws.column_dimensions[letter].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
