"""The cadre upload page (same import as ``manage.py import_cadres``), its template and the link from
the portal's imports page."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import CommunityCadre

pytestmark = pytest.mark.django_db

ROW = {"社区编码": "C1", "姓名": "刘洋", "职务": "专职社区工作者", "任职时间": "2022-03-01", "出生日期": "1993-04-05",
       "学历": "大学本科"}


def filled_template(client, *rows) -> SimpleUploadedFile:
    """The downloaded template, filled in under its own titles."""
    book = load_workbook(BytesIO(client.get(reverse("cadres:cadre-import-template")).content))
    titles = [c.value for c in book.active[1]]
    for row in rows:
        book.active.append([row.get(t.rstrip("*"), "") for t in titles])
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("cadres.xlsx", out.getvalue())


def test_the_filled_template_imports(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("cadres:cadre-import"), {"file": filled_template(client, ROW)})
    assert response.status_code == 302
    assert CommunityCadre.objects.get().name == "刘洋"


def test_a_dry_run_writes_nothing(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("cadres:cadre-import"), {"file": filled_template(client, ROW), "dry_run": "on"})
    assert response.status_code == 302 and not CommunityCadre.objects.exists()


def test_one_bad_row_refuses_the_file_and_is_named(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("cadres:cadre-import"),
                           {"file": filled_template(client, ROW, {**ROW, "姓名": "外街", "社区编码": "C3"})})
    assert response.status_code == 200 and not CommunityCadre.objects.exists()
    assert "C3" in response.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("cadres:cadre-import"),
                           {"file": SimpleUploadedFile("cadres.xlsx", b"<html>not a workbook</html>")})
    assert response.status_code == 200 and not CommunityCadre.objects.exists()
    assert "cadres.xlsx" in response.content.decode()


def test_grid_workers_may_not_import(client, gina, tree):
    client.force_login(gina)
    assert client.get(reverse("cadres:cadre-import")).status_code == 403


def test_the_imports_page_offers_the_cadre_import(client, carol, tree):
    client.force_login(carol)
    page = client.get(reverse("imports:upload")).content.decode()
    assert reverse("cadres:cadre-import") in page and reverse("cadres:cadre-import-template") in page


