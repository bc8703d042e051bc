"""xlsx exports laid out like the paper ledgers (台账), in the portal's one workbook layout
(``partybuild.workbooks``): a merged title row naming the organisation and the year ("西城壕社区党委
2026年 党员承诺内容台账"), the export date, a header row starting with 序号, bordered cells, set column
widths and a frozen header. Rows are the caller's scoped, filtered queryset; phones are masked unless the
export is a recorded reveal of its rows (``audit.exports``, which asks for the purpose first). Every
cell goes through ``partybuild.exports.safe_cell``: residents' names, demands and replies are free
text typed by anyone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils import timezone

from partybuild.personal import masked
from partybuild.workbooks import DECIMAL, Workbook
from partybuild.workbooks import Column as WorkbookColumn


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable
    number_format: str | None = None


@dataclass(frozen=True)
class Ledger:
    title: str  # the paper ledger's name, e.g. 党员承诺内容台账
    columns: tuple[Column, ...]
    # The records whose personal fields a row shows (exported in full only as a recorded reveal).
    personal: Callable[[Model], Model] | None = None
    personal_fields: tuple[str, ...] = ()


def _phone(record: Model, show: bool) -> str:
    return (record.phone or "") if show else masked(record, "phone")


def _d(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


VISITS = Ledger("网格员走访台账", (
    Column("走访日期", 12, lambda v, s: _d(v.visited_on)),
    Column("网格", 18, lambda v, s: v.grid.name),
    Column("网格员", 10, lambda v, s: v.worker.name),
    Column("走访住户", 22, lambda v, s: f"{v.household.building.name} {v.household.unit} {v.household.head_name}"),
    Column("走访内容", 30, lambda v, s: "、".join(v.kind_labels())),
    Column("发现隐患", 10, lambda v, s: "是" if v.hazard_found else ""),
    Column("事件编号", 18, lambda v, s: v.report.number if v.report_id else ""),
    Column("备注", 30, lambda v, s: v.notes),
))
PLEDGES = Ledger("党员承诺内容台账", (
    Column("姓名", 10, lambda i, s: i.pledge.member.name),
    Column("所在支部", 22, lambda i, s: i.pledge.organization.name),
    Column("年度", 8, lambda i, s: i.pledge.year),
    Column("承诺事项", 36, lambda i, s: i.content),
    Column("完成时限", 12, lambda i, s: _d(i.deadline)),
    Column("预期成效", 28, lambda i, s: i.target),
    Column("评诺结果", 12, lambda i, s: i.pledge.get_evaluation_display()),
))
FULFILMENTS = Ledger("党员履诺践诺台账", (
    Column("姓名", 10, lambda f, s: f.item.pledge.member.name),
    Column("所在支部", 22, lambda f, s: f.item.pledge.organization.name),
    Column("承诺事项", 30, lambda f, s: f.item.content),
    Column("践诺日期", 12, lambda f, s: _d(f.done_on)),
    Column("践诺内容", 36, lambda f, s: f.description),
    Column("佐证材料", 24, lambda f, s: f.evidence + (" (附件)" if f.evidence_file else "")),
))
NEEDY = Ledger("困难群众名单和帮扶情况台账", (
    Column("户主", 10, lambda n, s: n.household.head_name),
    Column("住址", 24, lambda n, s: f"{n.household.building.name} {n.household.unit}"),
    Column("联系电话", 14, lambda n, s: _phone(n.household, s)),
    Column("困难类别", 12, lambda n, s: n.get_category_display()),
    Column("困难情况", 28, lambda n, s: n.situation),
    Column("包抓层级", 12, lambda n, s: n.get_pairing_level_display()),
    Column("包抓责任人", 10, lambda n, s: n.responsible.name if n.responsible_id else ""),
    Column("帮扶次数", 10, lambda n, s: n.assistance_count),
    Column("帮扶金额(元)", 12, lambda n, s: float(n.assistance_amount or 0), DECIMAL),
), personal=lambda n: n.household, personal_fields=("phone",))
DEMANDS = Ledger("群众意见和诉求台账", (
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


def ledger_workbook(ledger: Ledger, rows: QuerySet | Iterable, *, org_name: str, year: int | str,
                    show_personal: bool = False) -> Workbook:
    """The ledger laid out by ``partybuild.workbooks`` (title naming the organisation and year, 序号,
    widths, frozen header; past a sheet's row limit the rows continue on a second sheet, never cut);
    ``show_personal`` only after ``audit.exports`` recorded the rows as revealed."""
    source = rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else rows
    book = Workbook()
    book.add_sheet(
        name=ledger.title, title=f"{org_name} {year}年 {ledger.title}",
        subtitle=f"导出日期：{timezone.localdate().isoformat()}",
        columns=[WorkbookColumn(c.header, c.width, c.number_format) for c in ledger.columns],
        rows=([c.value(obj, show_personal) for c in ledger.columns] for obj in source),
    )
    return book
