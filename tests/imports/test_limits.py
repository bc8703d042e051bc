"""Bounded reading: hostile or oversized files are refused before their data is read, quickly and
in little memory; large files always go to a background job; beyond IMPORT_MAX_ROWS nothing runs."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from imports import parsing, services
from imports.models import ImportJob, JobStatus
from organizations.models import Organization
from tests.imports import ORG_HEADERS, XLSX, csv_bytes, upload, xlsx_bytes

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _titles() -> str:
    return '<row r="1">' + "".join(_cell(f"{c}1", h) for c, h in zip("ABCDE", ORG_HEADERS, strict=True)) + "</row>"


def _data_rows(n: int) -> str:
    return "".join(f'<row r="{i}">{_cell(f"A{i}", f"X{i}")}{_cell(f"B{i}", "n")}</row>' for i in range(2, n + 2))


def raw_xlsx(sheet_data: str, *, dimension: str | None = None, prolog: str = "", strings: str = "") -> bytes:
    """A minimal workbook written by hand, the way an attacker would: openpyxl would not write these."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData></worksheet>')
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main">{strings}</sst>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", sst)):
            archive.writestr(name, text)
    return buffer.getvalue()


def _read(data: bytes, name: str = "upload.xlsx"):
    return parsing.read_table("orgs", io.BytesIO(data), name)


def _measured(data: bytes, name: str = "upload.xlsx"):
    """(the ValidationError, seconds, peak MB) of reading ``data``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as refused:
            _read(data, name)
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return refused.value, time.perf_counter() - started, peak


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Before the fix the first file took about 56 s and 264 MB (tracemalloc peak), the third 1.3 GB of RSS.
@pytest.mark.parametrize(("sheet", "dimension", "where"), [
    (_titles() + _data_rows(2000), "A1:XFD1048576", "declared range A1:XFD1048576"),
    (_titles()[:-6] + _cell("XFD1", "x") + "</row>" + _data_rows(2000), None, "Cell XFD1"),
    (_titles() + '<row r="2">' + '<c r="A2"/>' * 200_000 + "</row>", "A1:E2", "Row 2"),
], ids=["declared-16384-columns", "cell-at-XFD1", "one-row-of-200000-cells"])
def test_absurd_widths_are_refused_fast_in_little_memory(tree, sheet, dimension, where):
    data = raw_xlsx(sheet, dimension=dimension)
    assert len(data) < 40_000  # a few KB
    error, seconds, peak_mb = _measured(data)
    assert where in error.messages[0] and "at most 100 columns" in error.messages[0]
    assert peak_mb < 5 and seconds < 5, (peak_mb, seconds)


def test_the_refusal_is_in_chinese_for_the_chinese_interface(tree):
    data = raw_xlsx(_titles(), dimension="A1:XFD1048576")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _read(data)
    assert "最多" in refused.value.messages[0] and "100" in refused.value.messages[0]


def test_cells_right_of_the_titles_are_never_materialised(tree):
    """A stray value in column 90 (within the limit) does not widen every row to 90 cells."""
    data = raw_xlsx(_titles() + f'<row r="2">{_cell("A2", "C9")}{_cell("CL2", "stray")}</row>')
    table = _read(data)
    assert len(table.headers) == 5 and len(table.rows[0].raw) == 5


@pytest.mark.parametrize(("strings", "message"), [
    ("<si><t>x</t></si>" * 300, "different texts"),  # with IMPORT_MAX_ROWS = 10: at most 220 strings
    ("<si>" + "<r><t>x</t></r>" * 300 + "</si>", "formatting"),
    ("<si><t>" + "x" * 40_000 + "</t></si>", "more than 32767 characters"),
], ids=["too-many-shared-strings", "too-many-runs", "too-long-text"])
def test_shared_string_bombs_are_refused(tree, settings, strings, message):
    settings.IMPORT_MAX_ROWS = 10
    error, _seconds, _peak = _measured(raw_xlsx(_titles(), strings=strings))
    assert message in error.messages[0]


def test_a_document_type_declaration_is_refused(tree):
    prolog = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    error, _seconds, _peak = _measured(raw_xlsx(_titles(), prolog=prolog))
    assert "could not be read" in error.messages[0]


def test_a_workbook_that_unpacks_too_large_is_refused(tree, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 50_000
    data = raw_xlsx(_titles() + _data_rows(2000))
    error, _seconds, _peak = _measured(data)
    assert "unpacks to more than" in error.messages[0]


@pytest.mark.parametrize("name", ["upload.xlsx", "upload.csv"])
def test_more_rows_than_allowed_are_refused(tree, settings, name):
    settings.IMPORT_MAX_ROWS = 3
    rows = [ORG_HEADERS] + [[f"C{i}", "社区", "community", "branch", "S1"] for i in range(4)]
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)
    with pytest.raises(ValidationError, match="more than 3 rows"):
        parsing.count_rows(io.BytesIO(data), name)
    with pytest.raises(ValidationError, match="more than 3 rows"):
        _read(data, name)
    assert len(_read(csv_bytes(rows[:4]), "ok.csv").rows) == 3


def test_blank_formatted_rows_do_not_count(tree, settings):
    settings.IMPORT_MAX_ROWS = 3
    blank = "".join(f'<row r="{i}"><c r="A{i}" s="1"/><c r="B{i}" s="1"/></row>' for i in range(4, 7))
    data = raw_xlsx(_titles() + _data_rows(2) + blank)
    assert parsing.count_rows(io.BytesIO(data), "upload.xlsx") == 2
    assert len(_read(data).rows) == 2


def test_csv_lines_and_rows_wider_than_allowed_are_refused(tree):
    with pytest.raises(ValidationError, match="longer than"):
        _read(("code,name,level\n" + "x" * 100_001 + "\n").encode(), "upload.csv")
    with pytest.raises(ValidationError, match="Row 2 goes beyond column 100"):
        _read(("code,name,level\n" + "x," * 120 + "\n").encode(), "upload.csv")


def test_upload_beyond_the_row_limit_is_refused_with_a_message(client, tree, alice, settings):
    settings.IMPORT_MAX_ROWS = 3
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(alice)
    rows = [ORG_HEADERS] + [[f"C{i}", "社区", "community", "branch", "S1"] for i in range(4)]
    response = client.post(reverse("imports:upload"), {"kind": "orgs", "file": upload(rows)})
    assert response.status_code == 200 and "more than 3 rows" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_import_command_has_the_same_limit(tree, alice, settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes([ORG_HEADERS] + [[f"C{i}", "社区", "community", "branch", "S1"] for i in range(4)]))
    with pytest.raises(CommandError, match="more than 3 rows"):
        call_command("import_orgs", str(path), user="alice")


def test_a_large_upload_is_not_read_in_the_request(tree, alice, settings, monkeypatch, eager_celery,
                                                    django_capture_on_commit_callbacks):
    """Above IMPORT_SYNC_ROW_LIMIT the request only measures the file; the worker reads it."""
    settings.IMPORT_SYNC_ROW_LIMIT = 1
    real_read = parsing.read_table

    def not_in_the_request(*args, **kwargs):
        raise AssertionError("the request read the file's data")

    monkeypatch.setattr(parsing, "read_table", not_in_the_request)
    rows = [ORG_HEADERS, ["C9", "新社区", "community", "branch", "S1"], ["G9", "网格", "grid", "", "C9"]]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.import_job_create(user=alice, kind="orgs", upload=upload(rows))
    assert (job.status, job.total_rows, len(callbacks)) == (JobStatus.QUEUED, 2, 1)
    monkeypatch.setattr(parsing, "read_table", real_read)
    callbacks[0]()  # committed: the task runs (eagerly here)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error_summary
    assert Organization.objects.filter(code__in=["C9", "G9"]).count() == 2


def test_an_upload_of_only_titles_is_refused(tree, alice):
    with pytest.raises(ValidationError, match="no rows"):
        services.import_job_create(user=alice, kind="orgs", upload=upload([ORG_HEADERS]))


def test_a_csv_upload_is_counted_without_a_table(tree):
    data = csv_bytes([ORG_HEADERS, ["C9", "x", "community", "", "S1"], [], ["C8", "y", "community", "", "S1"]])
    assert parsing.count_rows(io.BytesIO(data), "orgs.csv") == 2


def test_an_ordinary_workbook_passes(tree):
    assert XLSX  # the helpers write real workbooks, as Excel would
    data = xlsx_bytes([ORG_HEADERS, ["C9", "新社区", "community", "branch", "S1"]])
    assert parsing.count_rows(io.BytesIO(data), "orgs.xlsx") == 1
    assert _read(data).rows[0].data["code"] == "C9"
