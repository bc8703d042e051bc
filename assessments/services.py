"""Writes of the assessment app: schemes and their indicators (district administrators only),
the xlsx table of a scheme, copying a scheme into a new year.

A scheme is checked as a whole (:func:`scheme_problems`): each parent's weight is the sum of its
children's, the major items sum to 100. Editing one indicator at a time necessarily passes through
unbalanced states, so single edits are accepted and the scheme page lists what is still off; a
rollup refuses to run a scheme with problems, and an import is all-or-nothing and must balance.
Once a period scored with a scheme is approved the scheme is frozen: nothing in it changes again.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Level, Organization
from partybuild import rights
from partybuild.exports import unescape_cell
from partybuild.files import XLSX, check_upload
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT
from partybuild.workbooks import Column as WorkbookColumn
from partybuild.workbooks import Workbook

from .models import (
    Combination,
    Indicator,
    IndicatorKind,
    LockException,
    OrgAggregation,
    Result,
    ResultStatus,
    Scheme,
    ScoreRun,
    SpreadMeasure,
    TimeAggregation,
)
from .periods import parse_period, period_of
from .rollup import full_chunks

logger = logging.getLogger(__name__)

TOTAL = Decimal(100)
SCHEME_FIELDS = ("name", "period_kind", "grade_method", "advanced_at", "passing_at")
INDICATOR_FIELDS = (
    "code", "name", "parent", "weight", "kind", "computation", "rule", "time_aggregation", "org_aggregation",
    "position", "combination", "trim_share", "quorum", "spread_measure", "spread_limit",
)
MAX_INDICATORS = 500
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _require_admin(user) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only a district administrator may change assessment schemes."))


def require_unfrozen(scheme: Scheme) -> None:
    # Read from the database: an approval elsewhere may have frozen it since this copy was loaded.
    scheme.frozen_at = Scheme.objects.filter(pk=scheme.pk).values_list("frozen_at", flat=True).first()
    if scheme.is_frozen:
        raise ValidationError(
            _("The scheme “%(name)s” is frozen since %(date)s: a period scored with it was approved. "
              "Copy it into a new year to change the indicators.")
            % {"name": scheme.name, "date": scheme.frozen_at.date().isoformat()}
        )


# --- schemes ---------------------------------------------------------------------------------

@transaction.atomic
def scheme_create(*, user, year: int, level: str, name: str, **fields) -> Scheme:
    _require_admin(user)
    district = Organization.objects.filter(level=Level.DISTRICT, depth=1).first()
    scheme = Scheme(organization=district, year=year, level=level, name=name, **fields)
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(*, user, scheme: Scheme, version: int | None = None, **changes) -> Scheme:
    _require_admin(user)
    require_unfrozen(scheme)
    unknown = set(changes) - set(SCHEME_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for key, value in changes.items():
        setattr(scheme, key, value)
    scheme.full_clean()
    return versioned_save(scheme, fields=changes, version=version)


@transaction.atomic
def scheme_copy(*, user, scheme: Scheme, year: int) -> Scheme:
    """A new year's scheme with the same indicators (parents first, so each finds its parent)."""
    _require_admin(user)
    if Scheme.objects.filter(organization=scheme.organization, year=year, level=scheme.level).exists():
        raise ValidationError(_("There is already a %(level)s scheme for %(year)s.") % {
            "level": scheme.get_level_display(), "year": year})
    copy = Scheme(
        organization=scheme.organization, year=year, level=scheme.level, name=scheme.name, copied_from=scheme,
        **{f: getattr(scheme, f) for f in SCHEME_FIELDS if f != "name"},
    )
    copy.full_clean()
    copy.save()
    new_of: dict[int, Indicator] = {}
    for ind in _parents_first(list(scheme.indicators.all())):
        clone = Indicator(
            scheme=copy, parent=new_of.get(ind.parent_id),
            **{f: getattr(ind, f) for f in INDICATOR_FIELDS if f != "parent"},
        )
        clone.save()
        new_of[ind.pk] = clone
    return copy


def _parents_first(indicators: list[Indicator]) -> list[Indicator]:
    by_parent: dict[int | None, list[Indicator]] = {}
    for ind in indicators:
        by_parent.setdefault(ind.parent_id, []).append(ind)
    ordered: list[Indicator] = []
    stack = list(reversed(by_parent.get(None, [])))
    while stack:
        ind = stack.pop()
        ordered.append(ind)
        stack.extend(reversed(by_parent.get(ind.pk, [])))
    return ordered


def scheme_problems(scheme: Scheme, indicators: list[Indicator] | None = None) -> list[str]:
    """What keeps the scheme from being used, in words (empty when it balances)."""
    if indicators is None:
        indicators = list(scheme.indicators.select_related("parent"))
    return weight_problems([(i.code, i.parent.code if i.parent_id else "", i.weight, i.kind) for i in indicators])


def weight_problems(rows: list[tuple[str, str, Decimal, str]]) -> list[str]:
    """Weights of (code, parent code, weight, kind) rows: children sum to their parent, the major
    items to 100, a parent item has children and a leaf is not a parent item."""
    problems: list[str] = []
    if not rows:
        return [_("The scheme has no indicators yet.")]
    children: dict[str, list[tuple[str, Decimal]]] = {}
    for code, parent, weight, _kind in rows:
        children.setdefault(parent, []).append((code, weight))
    top = sum((w for _c, w in children.get("", [])), Decimal(0))
    if top != TOTAL:
        problems.append(_("The major items sum to %(sum)s, not 100.") % {"sum": _fmt(top)})
    for code, _parent, weight, kind in rows:
        below = children.get(code, [])
        if below:
            total = sum((w for _c, w in below), Decimal(0))
            if total != weight:
                problems.append(
                    _("The sub-items of %(code)s sum to %(sum)s, not its weight %(weight)s (%(items)s).") % {
                        "code": code, "sum": _fmt(total), "weight": _fmt(weight),
                        "items": ", ".join(f"{c} {_fmt(w)}" for c, w in below)}
                )
            if kind != IndicatorKind.PARENT:
                problems.append(
                    _("%(code)s has sub-items, so its kind must be “sum of its sub-items”.") % {"code": code}
                )
        elif kind == IndicatorKind.PARENT:
            problems.append(_("%(code)s is a sum of its sub-items but has none.") % {"code": code})
    return problems


def _fmt(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def require_balanced(scheme: Scheme) -> None:
    problems = scheme_problems(scheme)
    if problems:
        raise ValidationError(problems)


# --- indicators ------------------------------------------------------------------------------

@transaction.atomic
def indicator_create(*, user, scheme: Scheme, **fields) -> Indicator:
    _require_admin(user)
    require_unfrozen(scheme)
    if scheme.indicators.count() >= MAX_INDICATORS:
        raise ValidationError(_("A scheme holds at most %(n)s indicators.") % {"n": MAX_INDICATORS})
    indicator = Indicator(scheme=scheme, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, user, indicator: Indicator, **changes) -> Indicator:
    _require_admin(user)
    require_unfrozen(indicator.scheme)
    for key, value in changes.items():
        if key not in INDICATOR_FIELDS:
            raise ValueError(f"not editable: {key}")
        setattr(indicator, key, value)
    if indicator.parent_id and _is_below(indicator.parent, indicator):
        raise ValidationError({"parent": _("An item cannot be placed under its own sub-item.")})
    indicator.full_clean()
    indicator.save()
    return indicator


def _is_below(node: Indicator, ancestor: Indicator) -> bool:
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = node.parent
    return False


@transaction.atomic
def indicator_delete(*, user, indicator: Indicator) -> None:
    _require_admin(user)
    require_unfrozen(indicator.scheme)
    if indicator.scores.exists():
        raise ValidationError(_("%(code)s already has scores; it can no longer be removed.") % {"code": indicator.code})
    indicator.delete()


# --- the xlsx table --------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    field: str
    chinese: str


COLUMNS = (
    Column("code", "编号"), Column("name", "名称"), Column("parent", "上级编号"), Column("weight", "分值"),
    Column("kind", "类型"), Column("computation", "计算口径"), Column("rule", "计分规则"),
    Column("aggregation", "汇总方式"),
    # A manual indicator's review settings (``reviews.tally``): empty cells take the defaults, and
    # a table without these columns (written before they existed) imports with the defaults.
    Column("combination", "评议合成方式"), Column("trim_share", "两端去除比例"), Column("quorum", "法定评议人数"),
    Column("spread_measure", "分歧度量"), Column("spread_limit", "分歧阈值"),
)
REVIEW_COLUMNS = ("combination", "trim_share", "quorum", "spread_measure", "spread_limit")
OPTIONAL_COLUMNS = ("aggregation", *REVIEW_COLUMNS)
# The aggregation column holds "over time/over the hierarchy", e.g. "sum/mean".
_HEADERS = {**{c.field: c.field for c in COLUMNS}, **{c.chinese: c.field for c in COLUMNS},
            "parent code": "parent", "trim share": "trim_share", "spread measure": "spread_measure",
            "disagreement threshold": "spread_limit", "spread limit": "spread_limit"}


def scheme_table(scheme: Scheme) -> Workbook:
    """The scheme as an xlsx table in the portal's workbook layout (title, 序号, widths, frozen
    header), parents before their children, with the review settings of the manual indicators;
    importable as it is (the reader skips the title row and the 序号 column, and reads only the first
    sheet: the second, 填写说明, explains each column, so an empty scheme's export is the template)."""
    indicators = list(scheme.indicators.select_related("parent"))
    widths = {"code": 10, "name": 28, "parent": 12, "weight": 8, "kind": 10, "computation": 24, "rule": 24,
              "aggregation": 14, "combination": 16, "trim_share": 14, "quorum": 14, "spread_measure": 14,
              "spread_limit": 12}
    book = Workbook()
    book.add_sheet(
        name=str(scheme.year), title=f"{scheme.name} 考核指标（{scheme.year}年）",
        columns=[WorkbookColumn(f"{c.chinese} {c.field}", widths[c.field]) for c in COLUMNS],
        rows=([ind.code, ind.name, ind.parent.code if ind.parent_id else "", float(ind.weight), ind.kind,
               ind.computation, ind.rule, f"{ind.time_aggregation}/{ind.org_aggregation}", *_review_cells(ind)]
              for ind in _parents_first(indicators)),
    )
    # The second sheet says how to fill the first (the importer reads only the first); the export
    # record counts the indicators, not its lines.
    indicator_rows = book.rows_written
    book.add_sheet(name="填写说明", title="考核指标表填写说明（只导入第一张表）",
                   columns=[WorkbookColumn("列", 22), WorkbookColumn("说明", 70), WorkbookColumn("可填写的值", 48)],
                   rows=_HELP_ROWS, numbered=False)
    book.rows_written = indicator_rows
    return book


def _review_cells(ind: Indicator) -> list:
    """The review settings of a manual indicator; empty for the others, where they mean nothing."""
    if ind.kind != IndicatorKind.MANUAL:
        return ["", "", "", "", ""]
    return [ind.combination, float(ind.trim_share), ind.quorum, ind.spread_measure,
            "" if ind.spread_limit is None else float(ind.spread_limit)]


# The file format is Chinese, like its column titles: the help sheet is written as it is, not translated.
_HELP_ROWS = (
    ("编号 code", "指标编号，表内唯一，必填。", ""),
    ("名称 name", "指标名称。", ""),
    ("上级编号 parent", "上级指标的编号；大项留空。", "表内已有的编号"),
    ("分值 weight", "指标分值；子项之和等于上级分值，大项合计 100。", "不小于 0 的数"),
    ("类型 kind", "计算指标由台账数据算出，评议指标由评议人打分，汇总指标为其子项之和。",
     "computed（计算）、manual（评议）、parent（汇总）"),
    ("计算口径 computation", "计算指标的口径编码；其他类型留空。", "见考核方案页的计算口径列表"),
    ("计分规则 rule", "计算指标的计分规则；评议、汇总指标留空。",
     "target:95、band:60-95、steps:60=50,80=100，或 inverse_target / inverse_band / inverse_steps"),
    ("汇总方式 aggregation", "“时间/层级”：跨月份、跨下级组织的汇总方式；留空为 sum/mean。",
     "时间：sum、mean、last；层级：sum、mean、members、households"),
    ("评议合成方式 combination", "仅评议指标：各评议表得分合成为指标值的方式；留空为 median（中位数）。",
     "mean（平均）、median（中位数）、trimmed（截尾平均：去掉最高、最低分后的平均）"),
    ("两端去除比例 trim_share", "仅评议指标、截尾平均：两端各去掉的评议表比例（向下取整，3 张以上至少各去 1 张）；"
     "留空为 0.2。", "0 到 0.45 之间的数，如 0.2 或 20%"),
    ("法定评议人数 quorum", "仅评议指标：提交的评议表少于此数时指标无值（未达法定人数，得 0 分）；留空为 3。",
     "1 到 99 的整数"),
    ("分歧度量 spread_measure", "仅评议指标：评分分歧的度量方式；留空为 range（极差）。",
     "range（最高分减最低分）、stddev（标准差）"),
    ("分歧阈值 spread_limit", "仅评议指标：分歧超过此分数时标记“评议分歧”；留空则从不标记。", "不小于 0 的数"),
    ("", "计算、汇总指标的评议设置各列须留空。导入替换方案的全部指标：任何一行有误或分值不平衡，均不作任何修改，"
     "并逐行列出问题。", ""),
)


def _read_table(upload) -> list[dict]:
    from openpyxl import load_workbook

    from imports.parsing import limits
    from imports.xlsx_guard import inspect_xlsx

    check_upload(upload, kinds=(XLSX,), max_bytes=MAX_UPLOAD_BYTES, field="file")
    data = upload.read()
    inspect_xlsx(data, limits())
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    # One more column than the table for the 序号 of the portal's own export.
    rows = sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 3)
    titles = next(rows, None) or ()
    first_row = 2
    if sum(1 for t in titles if t not in (None, "")) == 1:  # a title above the column titles (our export)
        titles, first_row = next(rows, None) or (), 3
    fields = []
    for title in titles:
        words = str(title or "").strip().lower().split()
        fields.append(next((_HEADERS[w] for w in [" ".join(words), *words] if w in _HEADERS), None))
    missing = [c.chinese for c in COLUMNS if c.field not in fields and c.field not in OPTIONAL_COLUMNS]
    if missing:
        raise ValidationError(_("The table lacks the columns %(cols)s.") % {"cols": "、".join(missing)})
    table = []
    for number, cells in enumerate(rows, start=first_row):
        values = {f: unescape_cell(v) for f, v in zip(fields, cells, strict=False) if f}
        if all(v in (None, "") for v in values.values()):
            continue
        table.append({"row": number, **{k: "" if v is None else str(v).strip() for k, v in values.items()}})
        if len(table) > MAX_INDICATORS:
            raise ValidationError(_("A scheme holds at most %(n)s indicators.") % {"n": MAX_INDICATORS})
    return table


_KIND_WORDS = {"计算": IndicatorKind.COMPUTED, "评议": IndicatorKind.MANUAL, "汇总": IndicatorKind.PARENT}
_COMBINATION_WORDS = {
    "平均": Combination.MEAN, "平均分": Combination.MEAN, "平均值": Combination.MEAN,
    "中位数": Combination.MEDIAN, "截尾平均": Combination.TRIMMED, "截尾平均分": Combination.TRIMMED,
}
_SPREAD_WORDS = {"极差": SpreadMeasure.RANGE, "标准差": SpreadMeasure.STDDEV}


def _review_settings(row: dict, err) -> dict | None:
    """The review settings of a table row (defaults for empty cells), or None after reporting each bad
    value with ``err``. Settings on a row that is not a manual indicator are refused: they would
    mean nothing, and a kind typed wrong is likelier than settings meant to be dropped."""
    given = {f: row.get(f, "") for f in REVIEW_COLUMNS if row.get(f, "") != ""}
    defaults = {f: Indicator._meta.get_field(f).get_default() for f in REVIEW_COLUMNS}
    if row["kind"] != IndicatorKind.MANUAL:
        if given:
            err(_("%(code)s is not a manual indicator: leave its review settings (%(columns)s) empty.") % {
                "code": row["code"], "columns": "、".join(c.chinese for c in COLUMNS if c.field in given)})
            return None
        return defaults
    settings, ok = dict(defaults), True
    if "combination" in given:
        value = given["combination"]
        settings["combination"] = _COMBINATION_WORDS.get(value, value.lower())
        if settings["combination"] not in Combination.values:
            err(_("the combination “%(value)s” is unknown: use mean, median or trimmed.") % {"value": value})
            ok = False
    if "spread_measure" in given:
        value = given["spread_measure"]
        settings["spread_measure"] = _SPREAD_WORDS.get(value, value.lower())
        if settings["spread_measure"] not in SpreadMeasure.values:
            err(_("the disagreement measure “%(value)s” is unknown: use range or stddev.") % {"value": value})
            ok = False
    if "trim_share" in given:
        value = given["trim_share"]
        number = _decimal(value.removesuffix("%"))
        if number is not None and value.endswith("%"):
            number /= 100
        if number is None or not (0 <= number <= Decimal("0.45")):
            err(_("the share trimmed at each end “%(value)s” is not a number from 0 to 0.45.") % {"value": value})
            ok = False
        else:
            settings["trim_share"] = number
    if "quorum" in given:
        number = _decimal(given["quorum"])
        if number is None or number != number.to_integral_value() or number < 1:
            err(_("the quorum “%(value)s” is not a whole number of at least 1.") % {"value": given["quorum"]})
            ok = False
        else:
            settings["quorum"] = int(number)
    if "spread_limit" in given:
        number = _decimal(given["spread_limit"])
        if number is None or number < 0:
            err(_("the disagreement threshold “%(value)s” is not a number of 0 or more (leave it empty never to "
                  "flag a disagreement).") % {"value": given["spread_limit"]})
            ok = False
        else:
            settings["spread_limit"] = number
    else:
        settings["spread_limit"] = None
    return settings if ok else None


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@transaction.atomic
def scheme_import(*, user, scheme: Scheme, upload) -> int:
    """Replace the scheme's indicators with the xlsx table: all rows valid and balanced, or nothing
    changes and every problem is listed with its row."""
    _require_admin(user)
    require_unfrozen(scheme)
    if scheme.scores.exists():
        raise ValidationError(_("This scheme already has scores; import into a scheme that has none."))
    table = _read_table(upload)
    errors: list[str] = []
    seen: dict[str, dict] = {}
    rows = []
    for row in table:
        def err(message, row=row):
            errors.append(_("Row %(row)s: %(message)s") % {"row": row["row"], "message": message})

        code = row.get("code", "")
        if not code:
            err(_("the code is empty."))
            continue
        if code in seen:
            err(_("the code %(code)s appears twice.") % {"code": code})
            continue
        try:
            weight = Decimal(row.get("weight") or "x")
        except InvalidOperation:
            err(_("the weight “%(value)s” is not a number.") % {"value": row.get("weight", "")})
            continue
        kind = _KIND_WORDS.get(row.get("kind", ""), row.get("kind", "").lower())
        time_agg, _slash, org_agg = (row.get("aggregation") or "sum/mean").partition("/")
        row.update(code=code, weight=weight, kind=kind, time_aggregation=time_agg.strip() or TimeAggregation.SUM,
                   org_aggregation=org_agg.strip() or OrgAggregation.MEAN)
        seen[code] = row
        review = _review_settings(row, err)
        if review is None:
            continue
        row["review"] = review
        rows.append(row)
    for row in rows:
        if row.get("parent") and row["parent"] not in seen:
            errors.append(_("Row %(row)s: the parent code %(code)s is not in the table.") % {
                "row": row["row"], "code": row["parent"]})
    if not errors:
        errors += weight_problems([(r["code"], r.get("parent", ""), r["weight"], r["kind"]) for r in rows])
    if errors:
        raise ValidationError(errors)
    # Every row is checked on its own before anything is written (the parents come next).
    built = []
    for position, row in enumerate(rows, start=1):
        indicator = Indicator(
            scheme=scheme, code=row["code"], name=row.get("name", ""), weight=row["weight"], kind=row["kind"],
            computation=row.get("computation", ""), rule=row.get("rule", ""),
            time_aggregation=row["time_aggregation"], org_aggregation=row["org_aggregation"], position=position,
            **row["review"],
        )
        try:
            indicator.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors += [_("Row %(row)s: %(message)s") % {"row": row["row"], "message": m} for m in exc.messages]
        built.append((row, indicator))
    if errors:
        raise ValidationError(errors)
    scheme.indicators.all().delete()
    created: dict[str, Indicator] = {}
    # Parents before children: rows whose parent exists are saved, until none are left. The
    # weight check above already refused a table whose parent codes form a loop (a loop has no
    # major item to start from, so it cannot balance), but the guard stays for safety.
    while built:
        ready = [(r, i) for r, i in built if not r.get("parent") or r["parent"] in created]
        if not ready:
            raise ValidationError(_("The parent codes form a loop: %(codes)s.") % {
                "codes": ", ".join(r["code"] for r, _i in built)})
        for row, indicator in ready:
            indicator.parent = created.get(row.get("parent"))
            indicator.save()
            created[row["code"]] = indicator
        built = [(r, i) for r, i in built if r["code"] not in created]
    return len(created)


# --- the rollup ------------------------------------------------------------------------------

def _enqueue_run(run_id: int) -> None:
    from .tasks import run_rollup

    try:
        run_rollup.apply_async(kwargs={"run_id": run_id}, retry=False)
    except Exception:  # the broker is down: the run stays queued; the next request or night sends it
        logger.warning("broker unavailable: assessment run %s stays queued", run_id, exc_info=True)


@transaction.atomic
def rollup_start(*, user, scheme: Scheme, period: str, incremental: bool = False) -> ScoreRun:
    """Queue a rollup of ``scheme`` for ``period`` (district administrators, or the nightly beat
    with ``user=None``). A balanced scheme only, and a period of the scheme's year and kind."""
    if user is not None:
        _require_admin(user)
    require_balanced(scheme)
    code = parse_period(period)
    if code.year != scheme.year or code.kind != scheme.period_kind:
        raise ValidationError(
            _("%(period)s is not a %(kind)s of %(year)s, the periods this scheme assesses.")
            % {"period": period, "kind": scheme.get_period_kind_display(), "year": scheme.year}
        )
    # A full run's steps (a chunk per street, then the final step); the plan corrects it.
    steps = len(full_chunks(scheme)) + 1
    run = ScoreRun.objects.create(
        scheme=scheme, period=code.code, requested_by=user, is_incremental=incremental, steps_total=steps
    )
    transaction.on_commit(partial(_enqueue_run, run.pk))
    return run


def rollups_for_today() -> list[ScoreRun]:
    """The nightly runs: each balanced scheme of this year, for the period containing today."""
    today = timezone.localdate()
    runs = []
    for scheme in Scheme.objects.filter(year=today.year):
        if scheme_problems(scheme):
            continue
        runs.append(rollup_start(user=None, scheme=scheme, period=period_of(scheme.period_kind, today).code,
                                 incremental=True))
    return runs


# --- approval and locks ----------------------------------------------------------------------

MAX_EXCEPTION_DAYS = 30


@transaction.atomic
def result_approve(*, user, result: Result, version: int | None = None) -> Result:
    """Approve ``result`` (the level above): only once every result below it is approved. The
    scheme is frozen with its first approval."""
    from .flow import RESULT_FLOW

    RESULT_FLOW.check(user, result, "approve")
    pending = list(
        Result.objects.filter(
            scheme=result.scheme_id, period=result.period, organization__path__startswith=result.organization.path,
            organization__depth=result.organization.depth + 1,
        ).exclude(status=ResultStatus.APPROVED).select_related("organization").order_by("organization__path")
        .values_list("organization__name", flat=True)[:10]
    )
    if pending:
        raise ValidationError(_("%(org)s can be approved only when every result below it is: %(names)s are not yet.")
                              % {"org": result.organization.name, "names": "、".join(pending)})
    now = timezone.now()
    result = RESULT_FLOW.advance(result, "approve", actor=user, version=version, decided_by=user, decided_at=now,
                                 reason="")
    Scheme.objects.filter(pk=result.scheme_id, frozen_at__isnull=True).update(frozen_at=now)
    return result


@transaction.atomic
def result_send_back(*, user, result: Result, reason: str, version: int | None = None) -> Result:
    """Send ``result`` back to the level below with the reason it will read; not while the result
    above it is approved (the district sends that back first)."""
    from .flow import RESULT_FLOW

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the result is sent back: the level below reads it.")})
    RESULT_FLOW.check(user, result, "send_back")
    parent = Result.objects.filter(
        scheme=result.scheme_id, period=result.period, status=ResultStatus.APPROVED,
        organization__path=result.organization.path[: -Organization.steplen],
    ).select_related("organization").first()
    if parent is not None:
        raise ValidationError(_("The result of %(org)s above it is approved; it must be sent back first.")
                              % {"org": parent.organization.name})
    return RESULT_FLOW.advance(result, "send_back", actor=user, version=version, decided_by=user,
                               decided_at=timezone.now(), reason=reason)


@transaction.atomic
def lock_exception_grant(*, user, organization: Organization, until, reason: str) -> LockException:
    """A district administrator reopens one organisation's locked records until ``until`` (at most
    30 days ahead); the exception expires by itself."""
    _require_admin_for(user, _("Only a district administrator may grant an exception to a lock."))
    now = timezone.now()
    if until <= now:
        raise ValidationError({"until": _("An exception must end in the future.")})
    if until > now + timedelta(days=MAX_EXCEPTION_DAYS):
        raise ValidationError({"until": _("An exception lasts at most %(days)s days.") % {"days": MAX_EXCEPTION_DAYS}})
    exception = LockException(organization=organization, until=until, reason=(reason or "").strip(), granted_by=user)
    exception.full_clean()
    exception.save()
    return exception


def _require_admin_for(user, message) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(message)


NOT_PAIRER = _("Pairings (包联) are recorded by the street of the community or by the district.")


def _require_pairer(user, community: Organization) -> None:
    from organizations.selectors import organization_parent

    street = organization_parent(org=community)
    if street is None or not rights.may(user, EDIT, street):
        raise PermissionDenied(str(NOT_PAIRER))


@transaction.atomic
def pairing_create(*, user, community: Organization, year: int, kind: str, name: str, position: str = ""):
    """Pair a leader or a unit with a community for a year (包联): they take its annual score."""
    from .models import Pairing

    _require_pairer(user, community)
    pairing = Pairing(community=community, year=year, kind=kind, name=name.strip(), position=position.strip(),
                      created_by=user)
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_delete(*, user, pairing) -> None:
    _require_pairer(user, pairing.community)
    pairing.delete()
