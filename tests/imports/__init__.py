"""Helpers shared by the import tests: spreadsheets built in memory."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from imports import parsing

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORG_HEADERS = ["code", "name", "level", "org_type", "parent_code"]
MEMBER_HEADERS = ["name", "gender", "birth_date", "id_number", "phone", "joined_on", "category", "branch_code"]


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def table(kind: str, rows: list[list]) -> parsing.Table:
    return parsing.read_table(kind, io.BytesIO(xlsx_bytes(rows)), "upload.xlsx")


def upload(rows: list[list], name: str = "upload.xlsx", content_type: str = XLSX) -> SimpleUploadedFile:
    data = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)
    return SimpleUploadedFile(name, data, content_type=content_type)


def read_xlsx(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
