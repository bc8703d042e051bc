"""The quarterly (or monthly) 三会一课 compliance table of a scope as a formatted workbook
(``partybuild.workbooks``: a title naming the area and the period, 序号, widths, frozen header;
organisation names are free text typed by people, so every cell is formula-safe)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.workbooks import Column, Workbook

from .models import MeetingType
from .selectors import ComplianceRow, Window

SHEET = "三会一课落实情况"


def period_label(window: Window) -> str:
    """``2026年第2季度`` or ``2026年5月``: the period as the title and the file name say it."""
    return f"{window.year}年{window.month}月" if window.month else f"{window.year}年第{window.quarter}季度"


def compliance_workbook(*, scope: str, window: Window, columns: list[str], rows: list[ComplianceRow]) -> Workbook:
    labels = dict(MeetingType.choices)

    def values():
        for row in rows:
            cells = []
            for c in columns:
                cell = row.cells.get(c)
                cells.append("" if cell is None else f"{cell.required}/{cell.held}")
            yield [row.name, row.code, *cells, _("yes") if row.is_short else _("no")]

    book = Workbook()
    title = _("Organisational life compliance %(period)s (required / held)") % {"period": period_label(window)}
    book.add_sheet(
        name=SHEET, title=f"{scope} {title}", subtitle=f"导出日期：{timezone.localdate().isoformat()}",
        columns=[Column(_("Organisation"), 30), Column(_("Code"), 16),
                 *[Column(str(labels[c]), 12) for c in columns], Column(_("Falls short"), 8)],
        rows=values(),
    )
    return book
