"""xlsx exports laid out like the paper ledgers (台账): a merged title row naming the organisation and
the year ("西城壕社区党委 2026年 党员承诺内容台账"), a header row starting with 序号, bordered cells and
set column widths. Rows are the caller's scoped, filtered queryset; phones are masked unless the
export is a recorded reveal of its rows (``audit.exports``, which asks for the purpose first). Every
cell goes through ``partybuild.exports.safe_cell``: residents' names, demands and replies are free
text typed by anyone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Model, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from partybuild.exports import safe_cell
from partybuild.personal import masked

# A spreadsheet built in memory: beyond this many rows the filters should be narrowed instead.
MAX_ROWS = 20_000
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable


@dataclass(frozen=True)
class Ledger:
    title: str  # the paper ledger's name, e.g. 党员承诺内容台账
    filename: str
    columns: tuple[Column, ...]
    # The records whose personal fields a row shows (exported in full only as a recorded reveal).
    personal: Callable[[Model], Model] | None = None
    personal_fields: tuple[str, ...] = ()


def _phone(record: Model, show: bool) -> str:
    return (record.phone or "") if show else masked(record, "phone")


def _d(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


VISITS = Ledger("网格员走访台账", "grid-visits", (
    Column("走访日期", 12, lambda v, s: _d(v.visited_on)),
    Column("网格", 18, lambda v, s: v.grid.name),
    Column("网格员", 10, lambda v, s: v.worker.name),
    Column("走访住户", 22, lambda v, s: f"{v.household.building.name} {v.household.unit} {v.household.head_name}"),
    Column("走访内容", 30, lambda v, s: "、".join(v.kind_labels())),
    Column("发现隐患", 10, lambda v, s: "是" if v.hazard_found else ""),
    Column("事件编号", 18, lambda v, s: v.report.number if v.report_id else ""),
    Column("备注", 30, lambda v, s: v.notes),
))
PLEDGES = Ledger("党员承诺内容台账", "member-pledges", (
    Column("姓名", 10, lambda i, s: i.pledge.member.name),
    Column("所在支部", 22, lambda i, s: i.pledge.organization.name),
    Column("年度", 8, lambda i, s: i.pledge.year),
    Column("承诺事项", 36, lambda i, s: i.content),
    Column("完成时限", 12, lambda i, s: _d(i.deadline)),
    Column("预期成效", 28, lambda i, s: i.target),
    Column("评诺结果", 12, lambda i, s: i.pledge.get_evaluation_display()),
))
FULFILMENTS = Ledger("党员履诺践诺台账", "pledge-fulfilment", (
    Column("姓名", 10, lambda f, s: f.item.pledge.member.name),
    Column("所在支部", 22, lambda f, s: f.item.pledge.organization.name),
    Column("承诺事项", 30, lambda f, s: f.item.content),
    Column("践诺日期", 12, lambda f, s: _d(f.done_on)),
    Column("践诺内容", 36, lambda f, s: f.description),
    Column("佐证材料", 24, lambda f, s: f.evidence + (" (附件)" if f.evidence_file else "")),
))
NEEDY = Ledger("困难群众名单和帮扶情况台账", "needy-residents", (
    Column("户主", 10, lambda n, s: n.household.head_name),
    Column("住址", 24, lambda n, s: f"{n.household.building.name} {n.household.unit}"),
    Column("联系电话", 14, lambda n, s: _phone(n.household, s)),
    Column("困难类别", 12, lambda n, s: n.get_category_display()),
    Column("困难情况", 28, lambda n, s: n.situation),
    Column("包抓层级", 12, lambda n, s: n.get_pairing_level_display()),
    Column("包抓责任人", 10, lambda n, s: n.responsible.name if n.responsible_id else ""),
    Column("帮扶次数", 10, lambda n, s: n.assistance_count),
    Column("帮扶金额(元)", 12, lambda n, s: float(n.assistance_amount or 0)),
), personal=lambda n: n.household, personal_fields=("phone",))
DEMANDS = Ledger("群众意见和诉求台账", "resident-demands", (
    Column("受理日期", 12, lambda d, s: _d(d.received_on)),
    Column("来源", 8, lambda d, s: d.get_source_display()),
    Column("群众姓名", 10, lambda d, s: d.resident_name),
    Column("联系电话", 14, lambda d, s: _phone(d, s)),
    Column("意见诉求内容", 36, lambda d, s: d.content),
    Column("办理人", 10, lambda d, s: str(d.handler) if d.handler_id else ""),
    Column("办理状态", 12, lambda d, s: d.get_status_display()),
    Column("答复情况", 30, lambda d, s: d.reply),
    Column("满意度", 10, lambda d, s: d.get_satisfaction_display()),
), personal=lambda d: d, personal_fields=("phone",))


def ledger_workbook(ledger: Ledger, rows: QuerySet | list, *, org_name: str, year: int | str,
                    show_personal: bool = False) -> bytes:
    """The workbook; ``show_personal`` only after ``audit.exports`` recorded the rows as revealed."""
    show = show_personal
    wb = Workbook()
    # One named style for every body cell: half the time of setting border and alignment per cell.
    wb.add_named_style(NamedStyle(name="ledger", border=_BORDER, alignment=_WRAP))
    ws = wb.active
    ws.title = ledger.title[:31]
    width = len(ledger.columns) + 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = ws.cell(row=1, column=1, value=safe_cell(f"{org_name} {year}年 {ledger.title}"))
    title.font = Font(size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    headers = ["序号", *(c.header for c in ledger.columns)]
    fill = PatternFill("solid", fgColor="F2DCDB")
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=col, value=safe_cell(header))
        cell.font, cell.border, cell.fill = Font(bold=True), _BORDER, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.column_dimensions["A"].width = 6
    for col, column in enumerate(ledger.columns, start=2):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    # One row past the cap tells whether the list was cut, without reading the rest of it.
    rows = list(rows[: MAX_ROWS + 1])
    for number, obj in enumerate(rows[:MAX_ROWS], start=1):
        values = [number, *(c.value(obj, show) for c in ledger.columns)]
        for col, value in enumerate(values, start=1):
            ws.cell(row=number + 2, column=col, value=safe_cell(value)).style = "ledger"
    if len(rows) > MAX_ROWS:
        ws.cell(row=MAX_ROWS + 3, column=1, value=f"仅导出前{MAX_ROWS}条,请缩小筛选范围后再导出。")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

