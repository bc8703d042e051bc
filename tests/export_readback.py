"""Reading a portal export back (``partybuild.workbooks``): the workbook, its file name, and the
checks every formatted export must pass (sheet named for its content, title, 序号, frozen header,
Chinese file name)."""

from __future__ import annotations

import io
from urllib.parse import unquote

from openpyxl import load_workbook

from audit.models import ExportJob


def filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition
    return unquote(disposition.split("filename*=utf-8''")[1])


def read(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(body))


def assert_formatted(response, *, sheet: str, title: str, file_start: str, header_row: int = 2,
                     numbered: bool = True):
    """The first sheet of the export answered by ``response``; ``title`` is a prefix of the title
    row, ``file_start`` of the file name (which ends with the date and ``.xlsx``)."""
    name = filename(response)
    assert name.startswith(file_start) and name.endswith(".xlsx"), name
    book = read(response)
    ws = book.worksheets[0]
    assert ws.title == sheet
    assert str(ws["A1"].value).startswith(title), ws["A1"].value
    if numbered:  # above the last header row when group headers merge it across two rows
        assert "序号" in [ws.cell(row=r, column=1).value for r in range(2, header_row + 1)]
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert all((ws.column_dimensions[c].width or 0) >= 6 for c in "AB")
    return ws


def last_record(user, view_name: str) -> ExportJob:
    """The export record the request left (who, which export, filters, rows)."""
    return ExportJob.objects.filter(user=user, view_name=view_name).latest("pk")
