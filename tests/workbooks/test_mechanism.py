"""partybuild/workbooks: the one layout of every formatted workbook, read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from partybuild import workbooks
from partybuild.workbooks import INTEGER, PERCENT, Column, Signature, Workbook, sheet_name

COLUMNS = [
    Column("街道", 20),
    Column("党员", 8, INTEGER, group="党员", total=True),
    Column("预备党员", 9, INTEGER, group="党员", total=True),
    Column("办结率", 8, PERCENT),
]
ROWS = [["中华路街道", 12, 3, 0.5], ["=HYPERLINK(\"http://evil.example\",\"x\")", 7, 1, 0.25]]


def _read(book: Workbook):
    return load_workbook(io.BytesIO(book.to_bytes()))


def _book(**kwargs) -> Workbook:
    book = Workbook()
    book.add_sheet(name="汇总:[2026]/表", title="武昌区委 2026年度党建工作统计表", subtitle="统计期间：2026年",
                   columns=COLUMNS, rows=iter(ROWS), totals=True,
                   signature=Signature(unit="武昌区委", head="张三", filled_by="李四", on=date(2026, 12, 1)), **kwargs)
    return book


def test_title_group_headers_numbering_totals_and_signature():
    sheet = _read(_book()).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # Title and subtitle span the 序号 column and the four data columns.
    assert rows[0][0] == "武昌区委 2026年度党建工作统计表" and "A1:E1" in merged and "A2:E2" in merged
    # 党员 is a group over two columns; the others span both header rows.
    assert rows[2] == ("序号", "街道", "党员", None, "办结率") and rows[3][2:4] == ("党员", "预备党员")
    assert {"C3:D3", "A3:A4", "B3:B4", "E3:E4"} <= merged
    assert [r[0] for r in rows[4:6]] == [1, 2]
    totals = rows[6]
    assert totals[0] == "合计" and totals[2:4] == (sum(r[1] for r in ROWS), sum(r[2] for r in ROWS))
    assert totals[4] is None  # a rate is not summed
    signature = [v for v in rows[-1] if v]
    assert signature == ["填报单位：武昌区委", "负责人：张三", "填报人：李四", "日期：2026年12月1日"]


def test_formats_widths_frozen_header_and_print_settings():
    sheet = _read(_book()).worksheets[0]
    assert sheet["C5"].number_format == INTEGER and sheet["E5"].number_format == PERCENT
    assert sheet.column_dimensions["A"].width == 6 and sheet.column_dimensions["B"].width == 20
    assert sheet.freeze_panes == "A5"  # below the two header rows
    assert sheet.print_title_rows == "$1:$4"
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", "9", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


def test_every_cell_is_formula_safe_and_the_sheet_name_valid():
    book = _read(_book())
    sheet = book.worksheets[0]
    assert sheet.title == "汇总2026表"  # no []:*?/\
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["B6"].value.startswith("'=HYPERLINK")


def test_sheet_names_are_short_and_unique():
    long = "中华路街道党工委" * 5
    first = sheet_name(long)
    assert len(first) == 31
    second = sheet_name(long, taken=[first])
    assert len(second) <= 31 and second != first and second.endswith("（2）")


def test_rows_past_the_sheet_limit_continue_on_more_sheets(monkeypatch):
    monkeypatch.setattr(workbooks, "SHEET_ROW_LIMIT", 10)  # 3 header rows, 1 totals row: 6 data rows a sheet
    book = Workbook()
    n = 15
    written = book.add_sheet(name="党员名册", title="名册", columns=[Column("姓名"), Column("数", total=True)],
                             rows=([f"党员{i}", i] for i in range(n)), totals=True)
    read = _read(book)
    assert written == n and book.rows_written == n
    assert read.sheetnames == ["党员名册", "党员名册（2）", "党员名册（3）"]
    numbers, names = [], []
    for sheet in read.worksheets:
        assert sheet.max_row <= 10 and sheet["A2"].value == "序号" and sheet.freeze_panes == "A3"
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if isinstance(row[0], int):
                numbers.append(row[0])
                names.append(row[1])
    assert numbers == list(range(1, n + 1)) and names == [f"党员{i}" for i in range(n)]  # nothing lost
    last = list(read.worksheets[-1].iter_rows(values_only=True))[-1]
    assert last[0] == "合计" and last[2] == sum(range(n))


def test_progress_is_reported_while_rows_are_written(monkeypatch):
    monkeypatch.setattr(workbooks, "PROGRESS_EVERY", 3)
    seen: list[int] = []
    token = workbooks.progress_hook.set(seen.append)
    try:
        book = Workbook()
        book.add_sheet(name="x", title="x", columns=[Column("a")], rows=([i] for i in range(10)))
        book.to_bytes()
    finally:
        workbooks.progress_hook.reset(token)
    assert seen == [3, 6, 9, 10]


def test_download_has_a_chinese_file_name_and_counts_its_rows():
    response = _book().response(workbooks.dated_filename("党建工作统计表", "武昌区委", on=date(2026, 12, 1)))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=utf-8''" in disposition.lower()
    assert "%E5%85%9A%E5%BB%BA" in disposition  # 党建, percent-encoded UTF-8
    assert response.export_rows == len(ROWS)


def test_csv_streams_safe_cells():
    response = workbooks.csv_response("名册.csv", ["姓名", "电话"], iter([["=1+1", 1], ["张三", -2]]))
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == ["姓名,电话", "'=1+1,1", "张三,-2"]
