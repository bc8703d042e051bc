"""Reading spreadsheets into rows: column headers in English or Chinese, cell values as typed
by people (Excel dates or YYYY-MM-DD, 男/女, 是/否, numbers that lost their leading text).

The column names here are a file format, not interface text: they stay as they are in
every language, so a file exported in Chinese imports again anywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ORGS = "orgs"
MEMBERS = "members"


@dataclass(frozen=True)
class Column:
    field: str
    chinese: str
    aliases: tuple[str, ...] = ()
    required: bool = False


ORG_COLUMNS = (
    Column("code", "编码", ("组织编码",), required=True),
    Column("name", "名称", ("组织名称",), required=True),
    Column("level", "层级", required=True),
    Column("org_type", "类型", ("type", "组织类型")),
    Column("parent_code", "上级编码", ("parent", "上级组织编码")),
    Column("phone", "电话", ("联系电话",)),
    Column("address", "地址"),
    Column("established_on", "成立日期"),
    Column("end_date", "结束日期"),
)
MEMBER_COLUMNS = (
    Column("name", "姓名", required=True),
    Column("gender", "性别", required=True),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期"),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码"), required=True),
    Column("phone", "手机", ("手机号", "电话", "联系电话")),
    Column("education", "学历"),
    Column("joined_on", "入党日期", required=True),
    Column("category", "类别", ("党员类别",)),
    Column("branch_code", "所在组织编码", ("branch",), required=True),
    Column("is_in_service", "在职党员"),
    Column("work_unit", "工作单位"),
    Column("registered_community_code", "报到社区编码"),
    Column("registered_on", "报到日期"),
)
COLUMNS = {ORGS: ORG_COLUMNS, MEMBERS: MEMBER_COLUMNS}
REASON_HEADERS = {"en": "reason", "zh": "错误原因"}


def _norm(text: Any) -> str:
    """Lower-case, no spaces or asterisks (templates mark required columns with *), half-width brackets."""
    text = str(text or "").strip().lower().replace("（", "(").replace("）", ")").replace("*", "")
    return re.sub(r"\s+", "", text)


def header_map(kind: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.field, col.chinese, *col.aliases):
            mapping[_norm(name)] = col.field
    return mapping


def headers_for(kind: str, language: str) -> list[str]:
    """Column titles for templates and exports: Chinese unless the interface is in another language."""
    chinese = language.lower().startswith("zh")
    return [col.chinese if chinese else col.field for col in COLUMNS[kind]]


@dataclass
class SourceRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    raw: tuple  # the cells as read, for the rejected-rows workbook
    data: dict[str, Any]


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    chinese: bool = False

    @property
    def reason_header(self) -> str:
        return REASON_HEADERS["zh" if self.chinese else "en"]


def build_table(kind: str, records, *, first_number: int = 1) -> Table:
    """``records``: the header row then the data rows, as sequences of cell values."""
    records = iter(records)
    try:
        header = next(records)
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    header = [("" if h is None else str(h).strip()) for h in header]
    mapping = header_map(kind)
    fields = [mapping.get(_norm(h)) for h in header]
    missing = [c for c in COLUMNS[kind] if c.required and c.field not in fields]
    if missing:
        raise ValidationError(
            _("The first row must hold the column titles. Missing columns: %(cols)s.")
            % {"cols": ", ".join(f"{c.field} / {c.chinese}" for c in missing)}
        )
    chinese = any(re.search(r"[\u4e00-\u9fff]", h) for h in header)
    table = Table(kind=kind, headers=header, chinese=chinese)
    for number, cells in enumerate(records, start=first_number + 1):
        cells = tuple(cells)[: len(header)]
        if all(c is None or str(c).strip() == "" for c in cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        data = {f: cells[i] for i, f in enumerate(fields) if f and i < len(cells)}
        table.rows.append(SourceRow(number=number, raw=cells, data=data))
    return table


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GBK; everything else is UTF-8 (maybe with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The CSV file is neither UTF-8 nor GBK text."))


def read_table(kind: str, fileobj: IO[bytes], filename: str) -> Table:
    """Parse an uploaded .xlsx or .csv into a Table; unreadable files raise ValidationError."""
    name = filename.lower()
    fileobj.seek(0)
    data = fileobj.read()
    if name.endswith(".csv"):
        return build_table(kind, csv.reader(io.StringIO(_decode(data))))
    if name.endswith(".xlsx"):
        return build_table(kind, _xlsx_records(data))
    raise ValidationError(_("Upload an .xlsx or .csv file."))


def _xlsx_records(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx). Save it again from Excel and retry.")
        ) from exc


def table_from_dataset(kind: str, dataset) -> Table:
    """A tablib Dataset, as the Django admin's import hands it over, as a Table."""
    return build_table(kind, [dataset.headers or [], *dataset])


# Cell values ------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a number cell comes back as 13800138000.0
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def date_value(value: Any) -> dt.date | None:
    """None when empty; ValueError when not a date. Accepts Excel dates and serials, YYYY-MM-DD."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    raw = str(value).strip()
    if re.fullmatch(r"\d{8}", raw):
        raw = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    match = _DATE_RE.match(raw.split(" ")[0])
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


_TRUE = {"1", "y", "yes", "true", "是", "在职", "√"}
_FALSE = {"", "0", "n", "no", "false", "否", "不在职", "×"}


def bool_value(value: Any) -> bool:
    key = _norm(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(value)


def choice_value(value: Any, aliases: dict[str, str]) -> str | None:
    """Map a typed value onto a choice through ``aliases`` (normalised keys); None when unknown."""
    return aliases.get(_norm(text(value)))


def norm(value: Any) -> str:
    return _norm(text(value))
