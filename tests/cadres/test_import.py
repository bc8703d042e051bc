"""xlsx import of cadres: all or nothing, each refused row named, only into one's own area."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from cadres.importing import cadres_import
from cadres.models import CommunityCadre

pytestmark = pytest.mark.django_db

TITLES = ("社区编码", "姓名", "职务", "任职时间", "出生日期", "学历", "社工证等级", "取证时间")


def workbook(*rows) -> bytes:
    book = Workbook()
    book.active.append(TITLES)
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = ("C1", "刘洋", "专职社区工作者", "2022-03-01", "1993-04-05", "大学本科", "助理社会工作师", "2023-06-01")


def test_a_valid_file_imports_with_chinese_labels(carol):
    result = cadres_import(user=carol, data=workbook(GOOD, ("C1", "陈静", "secretary", "2019-01-01", "1980-01-01",
                                                           "college", "", "")))
    assert (result.created, result.errors) == (2, [])
    cadre = CommunityCadre.objects.get(name="刘洋")
    assert (cadre.post, cadre.education, cadre.certificate_level) == ("worker", "bachelor", "assistant")
    assert CommunityCadre.objects.get(name="陈静").secretary_file is not None


def test_one_bad_row_imports_nothing_and_is_named(carol):
    result = cadres_import(user=carol, data=workbook(GOOD, ("C1", "王", "村长", "2022-01-01", "1990-01-01",
                                                           "大专", "", "")))
    assert result.created == 0 and CommunityCadre.objects.count() == 0
    assert result.errors == ["第 3 行：“村长”不是可识别的取值。"]


def test_a_community_outside_ones_area_is_unknown(carol):
    result = cadres_import(user=carol, data=workbook(("C3", *GOOD[1:])))
    assert result.errors == ["第 2 行：您辖区内没有编码为“C3”的社区。"]


def test_the_command_and_a_dry_run(carol, tmp_path):
    path = tmp_path / "cadres.xlsx"
    path.write_bytes(workbook(GOOD))
    call_command("import_cadres", str(path), user="carol", dry_run=True)
    assert CommunityCadre.objects.count() == 0
    call_command("import_cadres", str(path), user="carol")
    assert CommunityCadre.objects.count() == 1
    path.write_bytes(workbook(("C1", "x")))
    with pytest.raises(CommandError):
        call_command("import_cadres", str(path), user="carol")
