"""A meeting's agenda and outcomes as a formatted workbook (``partybuild.workbooks``: the title names
the body, the meeting and its date; 序号, widths, frozen header, a signature block), for the file and
for signature. Every cell is formula-safe (items are free text typed by residents and staff)."""

from __future__ import annotations

from partybuild.workbooks import DATE, INTEGER, Column, Signature, Workbook

TITLE = "议题及结果"
COLUMNS = (
    Column("议题", 40), Column("来源", 12), Column("首次提出", 12, DATE), Column("结转次数", 10, INTEGER),
    Column("本次结果", 12), Column("说明", 40), Column("牵头单位", 20), Column("责任单位", 30),
    Column("完成期限", 12, DATE), Column("当前状态", 16),
)


def agenda_workbook(meeting, entries) -> Workbook:
    """``entries``: the meeting's agenda entries with ``item`` (and its ``first_meeting`` and
    prefetched ``tasks``) loaded."""

    def rows():
        for entry in entries:
            item = entry.item
            tasks = list(item.tasks.all())
            yield (
                item.title, item.get_source_display(), item.first_meeting.held_on, item.times_carried,
                entry.get_outcome_display(), entry.note or item.resolution, item.lead_unit,
                "、".join(t.department.name if t.department_id else t.unit_name for t in tasks if not t.is_lead),
                item.due_on, item.get_state_display(),
            )

    book = Workbook()
    book.add_sheet(name=TITLE, title=f"{meeting.body.name} {meeting.title} {meeting.held_on:%Y-%m-%d}",
                   columns=COLUMNS, rows=rows(), signature=Signature(unit=meeting.body.name, on=meeting.held_on))
    return book
