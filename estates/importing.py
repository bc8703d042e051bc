"""xlsx import of property companies and service units (物业企业、物业服务单元), through the
``imports`` app: registered there as the kind ``property`` (``imports.registry``), so the upload on
the import page, ``manage.py import_property FILE`` and the background job all take the imports
app's path (size and type checks, bounded reading, progress, all-or-nothing, the rejected-rows
workbook). This module is only what is the property file's own:

- the workbook has a sheet ``companies`` (统一社会信用代码, 名称, 党建状态, 党组织编码, 联系人, 电话,
  and for a company with a 党建指导员 the instructor's name and since when) and a sheet ``units``
  (编码, 名称, 社区编码, 管理模式, 物业企业信用代码, 户数); English titles are accepted too;
- companies are read first, so a unit may name a company of the same file; rows in any order;
- every row goes through ``estates.services`` (rights, GB 32100 check digit, one rule set), each in
  a savepoint so one bad row does not hide the others' errors; any rejected row rolls the whole
  file back. A credit code or unit code already registered in the importer's area updates that
  record (an export edited and imported again); one registered outside it is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.parsing import SourceRow, Table, build_table, date_value, limits, norm, text
from imports.report import ImportReport, Progress, error_text, field_labels, no_progress
from imports.xlsx_guard import inspect_xlsx, unreadable
from organizations.file_format import Column
from organizations.models import Level, Member, Organization
from partybuild.exports import safe_row
from partybuild.scoping import EDIT, VIEW, scope_queryset

from . import selectors, services
from .models import ManagementMode, PartyStatus, PropertyCompany, ServiceUnit
from .validators import credit_check_char

KIND = "property"
LABEL = gettext_lazy("Property companies and service units")
COMPANIES, UNITS = "companies", "units"
COMPANY_COLUMNS = (
    Column("credit_code", "统一社会信用代码", ("信用代码",), required=True),
    Column("name", "名称", ("企业名称",), required=True),
    Column("party_status", "党建状态", required=True),
    Column("branch_code", "党组织编码", ("党支部编码",)),
    Column("contact", "联系人"),
    Column("phone", "电话", ("联系电话", "服务电话")),
    Column("instructor_name", "党建指导员", ("指导员",)),
    Column("instructor_since", "指导员派驻日期", ("派驻日期",)),
)
UNIT_COLUMNS = (
    Column("code", "编码", ("单元编码",), required=True),
    Column("name", "名称", ("单元名称", "小区名称"), required=True),
    Column("community_code", "社区编码", required=True),
    Column("management_mode", "管理模式", required=True),
    Column("company_credit_code", "物业企业信用代码", ("物业企业统一社会信用代码",)),
    Column("households", "户数"),
)
COLUMNS = {COMPANIES: COMPANY_COLUMNS, UNITS: UNIT_COLUMNS}
SHEET_NAMES = {COMPANIES: ("companies", "物业企业", "企业"), UNITS: ("units", "物业服务单元", "服务单元", "单元")}
PARTY_STATUS = {
    **{norm(v): v for v in PartyStatus.values},
    "独立党支部": PartyStatus.OWN_BRANCH, "单独党支部": PartyStatus.OWN_BRANCH, "联合党支部": PartyStatus.JOINT_BRANCH,
    "党建指导员": PartyStatus.INSTRUCTOR, "指导员": PartyStatus.INSTRUCTOR, "无": PartyStatus.NONE,
}
MANAGEMENT_MODE = {
    **{norm(v): v for v in ManagementMode.values},
    "物业公司": ManagementMode.COMPANY, "物业企业": ManagementMode.COMPANY, "自管": ManagementMode.SELF_MANAGED,
    "业委会": ManagementMode.OWNERS_COMMITTEE, "业主委员会": ManagementMode.OWNERS_COMMITTEE,
    "物管会": ManagementMode.MANAGEMENT_COMMITTEE, "物业管理委员会": ManagementMode.MANAGEMENT_COMMITTEE,
}
# The values the template lists (Chinese first: what people type).
PARTY_STATUS_ALLOWED = ("独立党支部", "联合党支部", "党建指导员", "无", *PartyStatus.values)
MANAGEMENT_MODE_ALLOWED = ("物业公司", "自管", "业委会", "物管会", *ManagementMode.values)
PROGRESS_EVERY = 50


@dataclass
class PropertyTable(Table):
    """The two sheets; ``rows`` holds both (the job's row count and progress)."""

    sheets: dict[str, Table] = field(default_factory=dict)


# --- reading --------------------------------------------------------------------------------------


def _filled(cells) -> int:
    return sum(1 for c in cells if c is not None and str(c).strip())


def _sheet_records(sheet, bounds):
    """A worksheet's titles, then its rows no wider than them (as ``imports.parsing`` reads the first
    sheet). The portal's own export has a title row above the titles (``partybuild.workbooks``): it is
    passed on as it is, and ``build_table`` skips it."""
    top = list(sheet.iter_rows(max_row=2, max_col=bounds.columns, values_only=True))
    titled = len(top) == 2 and _filled(top[0]) == 1 and _filled(top[1]) > 1
    header = top[1] if titled else (top[0] if top else ())
    width = max((i + 1 for i, h in enumerate(header) if h is not None and str(h).strip()), default=0)
    if titled:
        yield (top[0][0],)
    yield header[:width]
    if width:
        yield from sheet.iter_rows(min_row=3 if titled else 2, max_col=width, values_only=True)


def _find_sheet(workbook, name: str):
    wanted = {norm(n) for n in SHEET_NAMES[name]}
    return next((ws for ws in workbook.worksheets if norm(ws.title) in wanted), None)


def read_property_file(fileobj, filename: str) -> PropertyTable:
    """The workbook's two sheets as tables; a missing sheet or column is a ValidationError naming it."""
    from openpyxl import load_workbook

    if not filename.lower().endswith(".xlsx"):
        raise ValidationError(_("Property data is imported from an .xlsx workbook with the sheets “companies” "
                                "and “units” (download the template)."))
    bounds = limits()
    data = fileobj.read()
    inspect_xlsx(data, bounds)
    table = PropertyTable(kind=KIND, headers=[])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        found = {name: _find_sheet(workbook, name) for name in COLUMNS}
        if not any(found.values()):
            raise ValidationError(_("The workbook has neither a sheet “companies” nor a sheet “units”."))
        remaining = bounds.rows
        for name, sheet in found.items():
            if sheet is None:
                table.sheets[name] = Table(kind=KIND, headers=[c.chinese for c in COLUMNS[name]], chinese=True)
                continue
            try:
                part = build_table(KIND, _sheet_records(sheet, bounds), max_rows=remaining, columns=COLUMNS[name])
            except ValidationError as exc:
                raise ValidationError(_("Sheet “%(sheet)s”: %(error)s") % {
                    "sheet": sheet.title, "error": " ".join(exc.messages)}) from exc
            table.sheets[name] = part
            remaining -= len(part.rows)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
        raise unreadable() from exc
    table.rows = [row for part in table.sheets.values() for row in part.rows]
    table.headers = table.sheets[COMPANIES].headers
    table.chinese = any(part.chinese for part in table.sheets.values())
    return table


# --- the report: row numbers per sheet, a rejected-rows workbook of two sheets ---------------------


@dataclass
class PropertyReport(ImportReport):
    updated: int = 0

    def reject_in(self, sheet: str, row: SourceRow, reasons: list[str]) -> None:
        found = self.errors.setdefault((sheet, row.number), [])
        found.extend(r for r in map(str, reasons) if r not in found)

    def error_list(self) -> list[dict]:
        order = list(COLUMNS)
        return [
            {"row": _("%(sheet)s row %(row)s") % {"sheet": sheet, "row": number}, "reason": "；".join(reasons)}
            for (sheet, number), reasons in sorted(self.errors.items(), key=lambda e: (order.index(e[0][0]), e[0][1]))
        ]

    def summary(self) -> str:
        text_ = super().summary()
        if not self.errors and not self.dry_run and self.updated:
            text_ += " " + _("%(n)d existing records updated.") % {"n": self.updated}
        return text_

    def rejected_workbook(self) -> bytes:
        """Each sheet's rejected rows as written, with the reason, to fix and import again."""
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, part in self.table.sheets.items():
            sheet = workbook.create_sheet(name)
            sheet.append(safe_row([*part.headers, part.reason_header]))
            for row in part.rows:
                if (name, row.number) in self.errors:
                    cells = list(row.raw) + [None] * (len(part.headers) - len(row.raw))
                    sheet.append(safe_row([*cells, "；".join(self.errors[(name, row.number)])]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


# --- importing ------------------------------------------------------------------------------------


@dataclass
class _Context:
    user: object
    registrar: Organization | None
    branches: dict[str, Organization]
    communities: dict[str, Organization]
    companies: dict[str, PropertyCompany]  # credit code -> company (the file's and those in reach)
    editable: set[int]  # companies the user may change (registered in their area)
    seen: dict[str, set[str]] = field(default_factory=lambda: {COMPANIES: set(), UNITS: set()})


def _choice(value, aliases: dict, label: str) -> str:
    found = aliases.get(norm(value))
    if found is None:
        raise ValidationError(_("“%(value)s” is not a valid %(label)s.") % {"value": text(value), "label": label})
    return found


def _instructor(ctx: _Context, name: str) -> Member:
    matches = list(scope_queryset(Member.objects.filter(name=name), ctx.user, VIEW)[:2])
    if not matches:
        raise ValidationError(_("No party member named “%(name)s” in your area.") % {"name": name})
    if len(matches) > 1:
        raise ValidationError(_("Several party members are named “%(name)s” in your area; record the instructor "
                                "on the company's page.") % {"name": name})
    return matches[0]


def _company_fields(ctx: _Context, data: dict, existing: PropertyCompany | None) -> dict:
    status = _choice(data.get("party_status"), PARTY_STATUS, _("party status"))
    fields = {
        "name": text(data.get("name")), "party_status": status, "contact_name": text(data.get("contact")),
        "phone": text(data.get("phone")), "party_branch": None, "instructor": None, "instructor_since": None,
    }
    branch_code = text(data.get("branch_code"))
    if status in (PartyStatus.OWN_BRANCH, PartyStatus.JOINT_BRANCH):
        if not branch_code:
            raise ValidationError(_("A company with its own or a joint branch gives the branch's organisation code."))
        fields["party_branch"] = ctx.branches.get(branch_code)
        if fields["party_branch"] is None:
            raise ValidationError(_("No party organisation with the code “%(code)s” in your area.") % {
                "code": branch_code})
    elif branch_code:
        raise ValidationError(_("Only a company with its own or a joint branch gives a branch code."))
    if status == PartyStatus.INSTRUCTOR:
        name = text(data.get("instructor_name"))
        if not name and existing is not None and existing.instructor_id:
            # The export names no instructor: an unchanged status keeps the one recorded.
            fields["instructor"], fields["instructor_since"] = existing.instructor, existing.instructor_since
            return fields
        if not name:
            raise ValidationError(_("A company with a party-building instructor names the instructor."))
        fields["instructor"] = _instructor(ctx, name)
        try:
            fields["instructor_since"] = date_value(data.get("instructor_since")) or timezone.localdate()
        except ValueError as exc:
            raise ValidationError(_("“%(value)s” is not a date.") % {"value": text(data.get("instructor_since"))}) \
                from exc
    return fields


def _import_company(ctx: _Context, row: SourceRow, report: PropertyReport) -> None:
    code = text(row.data.get("credit_code")).upper()
    if not code:
        raise ValidationError(_("The unified social credit code is missing."))
    if code in ctx.seen[COMPANIES]:
        raise ValidationError(_("The credit code %(code)s appears twice in the file.") % {"code": code})
    ctx.seen[COMPANIES].add(code)
    existing = PropertyCompany.objects.filter(credit_code=code).first()
    fields = _company_fields(ctx, row.data, existing)
    if existing is not None:
        if existing.pk not in ctx.editable:
            raise ValidationError(_("The credit code %(code)s is registered outside your area.") % {"code": code})
        changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        if changed:
            services.company_update(user=ctx.user, company=existing, **changed)
            report.updated += 1
        ctx.companies[code] = existing
        return
    if ctx.registrar is None:
        raise PermissionDenied(_("Property companies are registered by the district or a street; a community "
                                 "imports units of companies already registered."))
    company = services.company_create(user=ctx.user, registrar=ctx.registrar, credit_code=code, **fields)
    ctx.companies[company.credit_code] = company
    report.created.append(company)


def _import_unit(ctx: _Context, row: SourceRow, report: PropertyReport) -> None:
    data = row.data
    code = text(data.get("code"))
    if not code:
        raise ValidationError(_("The unit's code is missing."))
    if code in ctx.seen[UNITS]:
        raise ValidationError(_("The unit code %(code)s appears twice in the file.") % {"code": code})
    ctx.seen[UNITS].add(code)
    community = ctx.communities.get(text(data.get("community_code")))
    if community is None:
        raise ValidationError(_("No community with the code “%(code)s” in your area.") % {
            "code": text(data.get("community_code"))})
    mode = _choice(data.get("management_mode"), MANAGEMENT_MODE, _("management mode"))
    company_code = text(data.get("company_credit_code")).upper()
    company = None
    if company_code:
        company = ctx.companies.get(company_code)
        if company is None:
            raise ValidationError(_("No property company with the credit code %(code)s in the file or your "
                                    "area.") % {"code": company_code})
    try:
        households = int(float(text(data.get("households")) or 0))
    except ValueError as exc:
        raise ValidationError(_("“%(value)s” is not a number of households.") % {
            "value": text(data.get("households"))}) from exc
    name = text(data.get("name"))
    existing = ServiceUnit.objects.filter(code=code).select_related("community").first()
    if existing is None:
        report.created.append(services.unit_create(
            user=ctx.user, community=community, code=code, name=name, management_mode=mode, company=company,
            households=households,
        ))
        return
    if existing.community_id != community.pk or not scope_queryset(
        ServiceUnit.objects.filter(pk=existing.pk), ctx.user, EDIT
    ).exists():
        raise ValidationError(_("The unit code %(code)s is registered in another community.") % {"code": code})
    changed = {k: v for k, v in {"name": name, "households": households or existing.households}.items()
               if getattr(existing, k) != v}
    if changed:
        existing = services.unit_update(user=ctx.user, unit=existing, **changed)
    if (existing.management_mode, existing.company_id) != (mode, company.pk if company else None):
        services.unit_change_management(user=ctx.user, unit=existing, management_mode=mode, company=company,
                                        on=timezone.localdate(), note=_("Changed by an import"))
        changed = True
    report.updated += bool(changed)


def _context(user) -> _Context:
    """What rows are checked against, loaded once (not once per row)."""
    registrars = list(selectors.registrar_choices(user=user)[:1])
    companies = {c.credit_code: c for c in selectors.company_choices(user=user)}
    editable = set(scope_queryset(PropertyCompany.objects.all(), user, EDIT).values_list("pk", flat=True))
    branches = scope_queryset(Organization.objects.exclude(level=Level.DISTRICT), user, VIEW)
    return _Context(
        user=user, registrar=registrars[0] if registrars else None,
        branches={o.code: o for o in branches.only("pk", "code", "path", "status", "level", "name")},
        communities={o.code: o for o in selectors.community_choices(user=user)},
        companies=companies, editable=editable,
    )


IMPORTERS = ((COMPANIES, _import_company, PropertyCompany), (UNITS, _import_unit, ServiceUnit))


def property_import(*, user, table: PropertyTable, dry_run: bool = False,
                    progress: Progress = no_progress) -> PropertyReport:
    """Import both sheets, or nothing: every rejected row is reported with its reason."""
    report = PropertyReport(table=table, dry_run=dry_run)
    done = 0
    with transaction.atomic():
        ctx = _context(user)
        for sheet, importer, model in IMPORTERS:
            labels = field_labels(model) | {"credit_code": _("unified social credit code")}
            for row in table.sheets[sheet].rows:
                try:
                    with transaction.atomic():  # a savepoint: the next rows are still checked
                        importer(ctx, row, report)
                except ValidationError as exc:
                    report.reject_in(sheet, row, error_text(exc, labels))
                except PermissionDenied as exc:
                    report.reject_in(sheet, row, [str(exc)])
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created, report.updated = [], 0
    progress(done)
    return report


# --- the template ---------------------------------------------------------------------------------


def template_workbook(language: str) -> bytes:
    """Both sheets with their titles, an example row each, drop-down lists of the allowed values,
    and a sheet explaining every column."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    chinese = language.lower().startswith("zh")
    example_code = "91420106MA4K" + "00001"
    example_code += credit_check_char(example_code)
    examples = {
        COMPANIES: [example_code, "红枫物业服务有限公司", "联合党支部" if chinese else "joint_branch", "C0001",
                    "张经理", "027-88886666", "", ""],
        UNITS: ["PSU-0001", "西城壕小区", "C0001", "物业公司" if chinese else "company", example_code, 320],
    }
    lists = {(COMPANIES, "party_status"): PARTY_STATUS_ALLOWED, (UNITS, "management_mode"): MANAGEMENT_MODE_ALLOWED}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns in COLUMNS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(safe_row(c.chinese if chinese else c.field for c in columns))
        sheet.append(safe_row(examples[name]))
        for index, column in enumerate(columns):
            letter = chr(ord("A") + index)
            sheet.column_dimensions[letter].width = 22
            allowed = lists.get((name, column.field))
            if allowed:
                check = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=False)
                check.add(f"{letter}2:{letter}1000")
                sheet.add_data_validation(check)
    notes = workbook.create_sheet(_("Instructions") if not chinese else "填写说明")
    notes.append(safe_row([_("Delete the example rows before importing. Rows may come in any order; if any row is "
                             "wrong nothing is imported and you get the rejected rows with the reason.")]))
    notes.append(safe_row([_("Sheet"), _("Column"), _("Required"), _("Allowed values and notes")]))
    help_ = {
        "credit_code": _("18 characters with the GB 32100 check character; a code already registered in your "
                         "area updates that company."),
        "party_status": " / ".join(PARTY_STATUS_ALLOWED),
        "branch_code": _("The organisation code of its own or joint branch; only for those two statuses."),
        "instructor_name": _("For a party-building instructor: the party member's name (unique in your area)."),
        "instructor_since": _("YYYY-MM-DD; today when empty."),
        "code": _("Unique; a code already registered in your area updates that unit."),
        "community_code": _("The organisation code of a community in your area."),
        "management_mode": " / ".join(MANAGEMENT_MODE_ALLOWED),
        "company_credit_code": _("A company of the sheet “companies” or already registered; empty when self-managed."),
        "households": _("A whole number."),
    }
    for name, columns in COLUMNS.items():
        for column in columns:
            notes.append(safe_row([name, f"{column.chinese} / {column.field}", _("yes") if column.required else "",
                                   help_.get(column.field, "")]))
    notes.column_dimensions["B"].width = 30
    notes.column_dimensions["D"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register() -> None:
    from imports.registry import ImportType
    from imports.registry import register as add

    add(ImportType(kind=KIND, label=LABEL, read=read_property_file, run=property_import, template=template_workbook))

