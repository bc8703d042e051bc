"""xlsx exports laid out like the paper ledgers (``partybuild.workbooks``), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from services.services import demand_create, pledge_create

ITEM = {"content": "每月走访独居老人", "deadline": dt.date(2026, 5, 31), "target": "走访不少于10户"}


# Row 1 the title, row 2 the export date, row 3 the column titles, data from row 4.
FIRST = 4


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def _filename(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=utf-8''")[1])


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False)
def test_pledge_export_has_the_paper_ledger_layout(client, carol, member_c1, tree):
    pledge_create(user=carol, member=member_c1, year=2026, items=[ITEM, {**ITEM, "content": "帮扶困难户2户"}])
    client.force_login(carol)
    response = client.get(reverse("services:pledge-export") + "?year=2026")
    assert _filename(response) == "党员承诺内容台账-西城壕社区党委-2026年-2026-06-01.xlsx"
    ws = _sheet(response)
    assert ws.title == "党员承诺内容台账"
    assert ws["A1"].value == "西城壕社区党委 2026年 党员承诺内容台账"
    assert ws["A2"].value == "导出日期：2026-06-01"
    assert "A1:H1" in [str(r) for r in ws.merged_cells.ranges]
    headers = ["序号", "姓名", "所在支部", "年度", "承诺事项", "完成时限", "预期成效", "评诺结果"]
    assert [c.value for c in ws[3]] == headers
    assert [ws.cell(row=r, column=1).value for r in (FIRST, FIRST + 1)] == [1, 2]
    assert ws.cell(row=FIRST, column=2).value == "李红"
    assert ws.cell(row=FIRST, column=5).border.left.style == "thin"
    assert ws.column_dimensions["E"].width == 36
    assert ws.freeze_panes == "A4"
    assert ws.max_row == FIRST + 1


def test_export_follows_the_filters_and_names_the_filtered_organisation(client, alice, gina, tree):
    for org, content in ((tree.g1, "路灯不亮"), (tree.g1, "噪音扰民")):
        demand_create(user=gina, organization=org, received_on=dt.date(2026, 3, 1), source="letter",
                      resident_name="张", phone="13712345678", content=content)
    client.force_login(alice)
    ws = _sheet(client.get(reverse("services:demand-export") + "?year=2026&q=路灯&subtree=C1"))
    assert ws["A1"].value == "西城壕社区党委 2026年 群众意见和诉求台账"
    assert ws.max_row == FIRST and ws.cell(row=FIRST, column=6).value == "路灯不亮"
    # Masked for every role unless the export is a recorded reveal.
    assert ws.cell(row=FIRST, column=5).value == "137****5678"


def test_district_admin_export_shows_whole_phones_only_as_a_recorded_reveal(client, dana, gina, tree):
    demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="letter",
                  resident_name="张", phone="13712345678", content="x")
    client.force_login(dana)
    ws = _sheet(client.get(reverse("services:demand-export")))
    assert ws["A1"].value == "武昌区委 2026年 群众意见和诉求台账"
    assert ws.cell(row=FIRST, column=5).value == "137****5678"
    purpose = {"purpose": "contact", "purpose_detail": "回访群众"}
    ws = _sheet(client.post(reverse("services:demand-export") + "?reveal=1", purpose))
    assert ws.cell(row=FIRST, column=5).value == "13712345678"


@pytest.mark.parametrize(("name", "title"), [
    ("visit-export", "网格员走访台账"), ("fulfilment-export", "党员履诺践诺台账"),
    ("needy-export", "困难群众名单和帮扶情况台账"),
])
def test_every_ledger_exports_with_its_paper_title(client, carol, name, title):
    client.force_login(carol)
    response = client.get(reverse(f"services:{name}"))
    ws = _sheet(response)
    assert ws.title == title
    assert ws["A1"].value == f"西城壕社区党委 2026年 {title}"
    assert ws["A3"].value == "序号"
    assert _filename(response).startswith(f"{title}-西城壕社区党委-2026年-")


def test_outsider_export_contains_none_of_the_rows(client, charlie, gina, tree):
    demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="letter",
                  resident_name="张", content="路灯不亮")
    client.force_login(charlie)
    ws = _sheet(client.get(reverse("services:demand-export")))
    assert ws.max_row == 3


def test_export_past_a_sheets_row_limit_continues_on_a_second_sheet(client, gina, tree, monkeypatch):
    # Three header rows and one data row per sheet: never cut, as the old 20,000-row cap did.
    monkeypatch.setattr("partybuild.workbooks.SHEET_ROW_LIMIT", 4)
    for content in ("路灯不亮", "噪音扰民"):
        demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="letter",
                      resident_name="张", content=content)
    client.force_login(gina)
    response = client.get(reverse("services:demand-export"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["群众意见和诉求台账", "群众意见和诉求台账（2）"]
    assert [ws.cell(row=FIRST, column=1).value for ws in book.worksheets] == [1, 2]
    assert sorted(ws.cell(row=FIRST, column=6).value for ws in book.worksheets) == ["噪音扰民", "路灯不亮"]


def test_each_ledger_export_is_recorded(client, carol):
    from audit.models import ExportJob

    client.force_login(carol)
    client.get(reverse("services:visit-export") + "?year=2026")
    job = ExportJob.objects.get()
    assert (job.user, job.view_name, job.query) == (carol, "services:visit-export", "year=2026")
    assert job.filename.startswith("网格员走访台账-西城壕社区党委-2026年-")
