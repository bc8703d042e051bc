"""xlsx exports of the property registers and the complaint statistics, in the portal's workbook
layout (``partybuild.workbooks``: a title naming the area and the date or period, 序号, widths,
frozen header, formula-safe cells).

The registers keep the columns the property import reads (issue 11: sheet 物业企业 with 统一社会信用代码,
名称, 党建状态, 党组织编码, 联系人, 电话; sheet 物业服务单元 with 编码, 名称, 社区编码, 管理模式,
物业企业信用代码), so an export can be edited and imported back: the importer skips the title row and
the 序号 column."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partybuild.workbooks import INTEGER, PERCENT, Column, Workbook

from .importing import COMPANIES, COMPANY_COLUMNS, SHEET_NAMES, UNIT_COLUMNS, UNITS

REGISTERS_TITLE = "物业企业和服务单元名册"
_COMPANY_FIELDS = ("credit_code", "name", "party_status", "branch_code", "contact", "phone")
_UNIT_FIELDS = ("code", "name", "community_code", "management_mode", "company_credit_code")
_WIDTHS = {"credit_code": 22, "name": 26, "branch_code": 16, "contact": 10, "phone": 14, "code": 16,
           "community_code": 14, "management_mode": 12, "company_credit_code": 22}


def _columns(columns, fields) -> list[Column]:
    chinese = {c.field: c.chinese for c in columns}
    return [Column(chinese[f], _WIDTHS.get(f, 12)) for f in fields]


def registers_workbook(*, companies: QuerySet, units: QuerySet, scope: str = "") -> Workbook:
    """One workbook with both sheets, from already scoped querysets (two queries)."""
    today = timezone.localdate().isoformat()
    book = Workbook()
    book.add_sheet(
        name=SHEET_NAMES[COMPANIES][1], title=f"{scope} 物业企业名册（{today}）".strip(),
        columns=_columns(COMPANY_COLUMNS, _COMPANY_FIELDS),
        rows=([v or "" for v in row] for row in companies.order_by("name", "id").values_list(
            "credit_code", "name", "party_status", "party_branch__code", "contact_name", "phone").iterator()),
    )
    book.add_sheet(
        name=SHEET_NAMES[UNITS][1], title=f"{scope} 物业服务单元名册（{today}）".strip(),
        columns=_columns(UNIT_COLUMNS, _UNIT_FIELDS),
        rows=([v or "" for v in row] for row in units.order_by("community__path", "code").values_list(
            "code", "name", "community__code", "management_mode", "company__credit_code").iterator()),
    )
    return book


def complaint_stats_workbook(*, scope: str, rows: list, total, since, until, per_street: bool) -> Workbook:
    """The complaint statistics page as one sheet: an area per row, then the total."""
    from .models import ComplaintStatus, Matter

    counts = [Column(str(label), 9, INTEGER, group=_("Status")) for _v, label in ComplaintStatus.choices]
    matters = [Column(str(label), 9, INTEGER, group=_("Matter")) for _v, label in Matter.choices]
    columns = [
        Column(_("Street") if per_street else _("Community"), 22), Column(_("Complaints"), 9, INTEGER), *counts,
        Column(_("Closure rate"), 9, PERCENT), Column(_("Answered on time"), 9, INTEGER),
        Column(_("On-time rate"), 9, PERCENT), Column(_("Repeat complaints"), 9, INTEGER), *matters,
    ]
    book = Workbook()
    book.add_sheet(
        name="物业投诉统计", title=f"{scope} 物业投诉统计", subtitle=f"统计期间：{since} 至 {until}", columns=columns,
        rows=([row.name or pgettext("sum", "Total"), row.total, *(row.by_status[s] for s in ComplaintStatus.values),
               row.closure_rate, row.answered_on_time, row.on_time_rate, row.repeats,
               *(row.by_matter[m] for m in Matter.values)] for row in [*rows, total]),
    )
    return book
