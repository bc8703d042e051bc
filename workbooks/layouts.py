"""The formatted reports an admin hands upward, laid out with ``partybuild.workbooks``: the annual
party-building statistics (a summary sheet and a sheet per street), a community's ledgers for a
year (a sheet per ledger), the property-company ranking and the assessment ranking. Each function
takes already scoped reads and returns the finished :class:`partybuild.workbooks.Workbook`."""

from __future__ import annotations

from partybuild.workbooks import DECIMAL, INTEGER, ONE_DECIMAL, Column, Signature, Workbook

from . import selectors
from .selectors import FIGURES


def _signature(user, unit) -> Signature:
    return Signature(unit=unit.name if unit else "", filled_by=getattr(user, "get_full_name", lambda: "")()
                     or getattr(user, "username", ""))


def _figure_columns() -> list[Column]:
    headers = {f.key: f.header for f in FIGURES}
    return [Column(f.header, f.width, f.number_format, group=f.group, total=f.summed,
                   ratio_of=(headers[f.ratio_of[0]], headers[f.ratio_of[1]]) if f.ratio_of else None)
            for f in FIGURES]


def _figure_values(values: dict) -> list:
    return [values.get(f.key, 0 if f.summed else None) for f in FIGURES]


def annual_statistics(*, user, root, year: int) -> Workbook:
    blocks = selectors.annual_report(user=user, root=root, year=year)
    book = Workbook()
    period = f"{year}年1月1日至{year}年12月31日"
    signature = _signature(user, root)
    book.add_sheet(
        name="汇总", title=f"{root.name} {year}年度党建工作统计表", subtitle=f"统计期间：{period}",
        columns=[Column("街道", 20), *_figure_columns()],
        rows=([b.street.name, *_figure_values(b.total)] for b in blocks), totals=True, signature=signature,
        note="说明：办结率为办结数占上报数的比例；考核得分和排名为当年最近一期的结果，不合计。",
    )
    for block in blocks:
        book.add_sheet(
            name=block.street.name, title=f"{block.street.name} {year}年度党建工作统计表",
            subtitle=f"统计期间：{period}",
            columns=[Column("社区", 22), *_figure_columns()],
            rows=([name, *_figure_values(values)] for _org, name, values in block.communities),
            totals=True, signature=_signature(user, block.street),
        )
    return book


def community_ledgers(*, user, community, year: int) -> Workbook:
    """Every ledger of the community for the year, a sheet each, masked (personal data leaves only
    as a recorded reveal, from the ledger's own export)."""
    from organizations.paths import subtree_q
    from services import selectors as ledgers
    from services.exports import DEMANDS, FULFILMENTS, NEEDY, PLEDGES, VISITS

    def under(qs):
        return qs.filter(subtree_q(community.path, field=qs.model.scope_field))

    sources = (
        (VISITS, under(ledgers.visit_list(user=user)).filter(visited_on__year=year).order_by("visited_on", "pk")),
        (PLEDGES, under(ledgers.pledge_item_list(user=user)).filter(pledge__year=year)),
        (FULFILMENTS, under(ledgers.fulfilment_list(user=user)).filter(done_on__year=year).order_by("done_on", "pk")),
        (NEEDY, under(ledgers.needy_list(user=user))),
        (DEMANDS, under(ledgers.demand_list(user=user)).filter(received_on__year=year).order_by("received_on", "pk")),
    )
    book = Workbook()
    for ledger, qs in sources:
        columns = [Column(c.header, c.width, DECIMAL if "金额" in c.header else None) for c in ledger.columns]
        book.add_sheet(
            name=ledger.title, title=f"{community.name} {year}年 {ledger.title}", columns=columns,
            rows=([c.value(obj, False) for c in ledger.columns] for obj in qs.iterator(chunk_size=500)),
            signature=_signature(user, community),
        )
    return book


def property_ranking(*, user, root, year: int, quarter: int) -> Workbook:
    from estates.selectors import visible_ranking

    rows, _means, _weights = visible_ranking(user=user, year=year, quarter=quarter)
    book = Workbook()
    columns = [
        Column("物业企业", 28), Column("在管户数", 10, INTEGER, group="基础"),
        Column("投诉件数", 9, INTEGER, group="投诉处理"), Column("按时答复", 9, INTEGER, group="投诉处理"),
        Column("重复投诉", 9, INTEGER, group="投诉处理"),
        Column("调查样本", 9, INTEGER, group="满意度调查"), Column("满意人数", 9, INTEGER, group="满意度调查"),
        Column("检查次数", 9, INTEGER, group="日常检查"), Column("综合得分", 10, ONE_DECIMAL, group="排名"),
        Column("名次", 7, INTEGER, group="排名"),
    ]
    book.add_sheet(
        name=f"{year}年第{quarter}季度", title=f"{root.name} {year}年第{quarter}季度物业服务企业排名",
        columns=columns,
        rows=([r.counts.name, r.counts.households, r.counts.complaints, r.counts.on_time, r.counts.repeats,
               r.counts.asked, r.counts.satisfied, r.counts.inspections, r.score, r.rank] for r in rows),
        signature=_signature(user, root),
    )
    return book


# The forms are Chinese whatever the language of the page that asked for them.
LEVEL_NAMES = {"district": "区", "street": "街道", "community": "社区", "grid": "网格", "building": "楼栋"}


def period_label(code: str) -> str:
    """An assessment period as a paper form writes it: 2026年3月, 2026年第1季度, 2026年上半年, 2026年度."""
    from assessments.periods import PeriodKind, parse_period

    p = parse_period(code)
    return {
        PeriodKind.MONTH: f"{p.year}年{p.index}月", PeriodKind.QUARTER: f"{p.year}年第{p.index}季度",
        PeriodKind.HALF_YEAR: f"{p.year}年{'上' if p.index == 1 else '下'}半年",
    }.get(p.kind, f"{p.year}年度")


def assessment_ranking(*, user, scheme, period: str, level: str) -> Workbook:
    from assessments import selectors as assessments

    results = list(assessments.ranking(user=user, scheme=scheme, period=period, level=level))
    majors = list(scheme.indicators.filter(parent__isnull=True).order_by("position", "code"))
    points = assessments.major_item_points(scheme=scheme, period=period, org_ids=[r.organization_id for r in results])
    columns = [
        Column("单位", 24), *[Column(f"{m.code} {m.name}", 12, DECIMAL, group="分项得分") for m in majors],
        Column("总分", 9, DECIMAL), Column("上期总分", 9, DECIMAL), Column("名次", 7, INTEGER),
        Column("等次", 10),
    ]

    def rows():
        for r in results:
            per = points.get(r.organization_id, {})
            yield [r.organization.name, *[per.get(m.pk) for m in majors], r.total, r.previous_total, r.rank,
                   r.get_grade_display()]

    book = Workbook()
    owner = scheme.organization
    label = period_label(period)
    book.add_sheet(name=label, title=f"{owner.name} {label} {scheme.name}排名",
                   subtitle=f"考核期间：{label}（{period}）　排名层级：{LEVEL_NAMES.get(level, level)}",
                   columns=columns, rows=rows(), signature=_signature(user, owner))
    return book



def grid_reports(*, rows, scope: str) -> Workbook:
    """The grid reports a list page shows (already scoped and filtered), one row each, as they come."""
    from django.utils import timezone

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    columns = [Column("事件编号", 18), Column("上报时间", 17), Column("网格", 18), Column("类别", 12),
               Column("问题描述", 40), Column("位置", 22), Column("状态", 12), Column("处置部门", 18),
               Column("是否超期", 9), Column("办结时间", 17)]
    book = Workbook()
    book.add_sheet(
        name="网格吹哨事件", title=f"{scope} 网格吹哨事件清单（{timezone.localdate().isoformat()}）", columns=columns,
        rows=([r.number, when(r.reported_at), r.grid.name, r.category.name if r.category_id else "", r.description,
               r.location, r.get_status_display(), r.department.name if r.department_id else "",
               "是" if r.is_overdue else "否", when(r.closed_at)] for r in rows),
        bordered=False,
    )
    return book
