"""A meeting's agenda and outcomes as an xlsx workbook, for the file and for signature. Every cell
goes through ``partybuild.exports.safe_cell`` (items are free text typed by residents and staff)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from partybuild.exports import safe_cell

HEADERS = (
    "序号", "议题", "来源", "首次提出", "结转次数", "本次结果", "说明", "牵头单位", "责任单位", "完成期限", "当前状态",
)
WIDTHS = (6, 40, 12, 12, 10, 12, 40, 20, 30, 12, 16)


def agenda_workbook(meeting, entries) -> bytes:
    """``entries``: the meeting's agenda entries with ``item`` (and its ``first_meeting`` and
    prefetched ``tasks``) loaded."""
    wb = Workbook()
    ws = wb.active
    ws.title = "议题及结果"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    heading = f"{meeting.body.name} {meeting.title} {meeting.held_on:%Y-%m-%d}"
    title = ws.cell(row=1, column=1, value=safe_cell(heading))
    title.font = Font(size=14, bold=True)
    title.alignment = Alignment(horizontal="center")
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        ws.cell(row=2, column=col, value=header).font = Font(bold=True)
        ws.column_dimensions[ws.cell(row=2, column=col).column_letter].width = width
    for number, entry in enumerate(entries, start=1):
        item = entry.item
        tasks = list(item.tasks.all())
        values = (
            number, item.title, item.get_source_display(), f"{item.first_meeting.held_on:%Y-%m-%d}",
            item.times_carried, entry.get_outcome_display(), entry.note or item.resolution, item.lead_unit,
            "、".join(t.department.name if t.department_id else t.unit_name for t in tasks if not t.is_lead),
            f"{item.due_on:%Y-%m-%d}" if item.due_on else "", item.get_state_display(),
        )
        for col, value in enumerate(values, start=1):
            ws.cell(row=number + 2, column=col, value=safe_cell(value)).alignment = Alignment(wrap_text=True)
    ws.freeze_panes = "A3"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
