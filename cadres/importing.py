"""xlsx import of community cadres, all or nothing.

The workbook is measured by ``imports.xlsx_guard`` before openpyxl opens it (the same bounds as
every import: ``imports.parsing.limits``) and read no wider than its titles; cells are parsed by
``imports.parsing``'s helpers. Titles are the export's (``cadres.exports.HEADERS``, whose birth
dates come masked, so the import needs them typed in full). Each row goes through
``services.cadre_create`` (rights, validation); any refused row rolls the whole file back and the
errors name the row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.parsing import choice_value, date_value, limits, norm, text
from imports.xlsx_guard import inspect_xlsx
from organizations.models import Organization
from partybuild.exports import unescape_cell

from . import services
from .models import CertificateLevel, Education, ExamResult, Post

COLUMNS = {
    "社区编码": "community", "姓名": "name", "职务": "post", "任职时间": "since", "出生日期": "birth_date",
    "学历": "education", "社工证等级": "certificate_level", "取证时间": "certificate_on",
    "从业资格考试": "exam_result", "身份证号": "id_number", "联系电话": "phone",
}
REQUIRED = ("community", "name", "post", "since", "birth_date", "education")
DATES = ("since", "birth_date", "certificate_on")


def _aliases(choices) -> dict[str, str]:
    return {**{norm(v): v for v in choices.values}, **{norm(str(label)): v for v, label in choices.choices}}


CHOICES = {"post": Post, "education": Education, "certificate_level": CertificateLevel, "exam_result": ExamResult}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def _rows(data: bytes):
    from openpyxl import load_workbook

    bounds = limits()
    inspect_xlsx(data, bounds)
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    header = next(sheet.iter_rows(max_row=1, max_col=bounds.columns, values_only=True), ())
    fields = [COLUMNS.get(text(unescape_cell(h)).replace("*", "")) for h in header]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationError(_("The file lacks the columns: %(columns)s.") % {
            "columns": "、".join(k for k, v in COLUMNS.items() if v in missing)})
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=len(fields), values_only=True), start=2):
        if all(c is None or not str(c).strip() for c in cells):
            continue
        yield number, {f: unescape_cell(c) for f, c in zip(fields, cells, strict=False) if f}


def _parse(user, row: dict, communities: dict[str, Organization]) -> dict:
    data = {}
    for name, value in row.items():
        if name == "community":
            data[name] = communities.get(text(value))
            if data[name] is None:
                raise ValidationError(_("Unknown community code “%(code)s” in your area.") % {"code": text(value)})
        elif name in DATES:
            try:
                data[name] = date_value(value)
            except ValueError as exc:
                raise ValidationError(_("“%(value)s” is not a date.") % {"value": text(value)}) from exc
        elif name in CHOICES:
            raw = text(value)
            data[name] = choice_value(raw, _aliases(CHOICES[name])) if raw else ""
            if data[name] is None:
                raise ValidationError(_("“%(value)s” is not a known value.") % {"value": raw})
        else:
            data[name] = text(value)
    if not data.get("exam_result"):
        data["exam_result"] = ExamResult.NOT_TAKEN
    return data


def cadres_import(*, user, data: bytes, dry_run: bool = False) -> ImportResult:
    """Create the file's cadres, or none of them; ``dry_run`` checks without keeping anything."""
    from partybuild.scoping import EDIT, scope_queryset

    communities = {o.code: o for o in scope_queryset(Organization.objects.filter(level="community"), user, EDIT)}
    result = ImportResult()
    with transaction.atomic():
        for number, row in _rows(data):
            try:
                fields = _parse(user, row, communities)
                services.cadre_create(user=user, community=fields.pop("community"), **fields)
            except (ValidationError, PermissionDenied) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                result.errors.append(_("Row %(row)s: %(errors)s") % {"row": number, "errors": " ".join(messages)})
            else:
                result.created += 1
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.created = 0
    return result
