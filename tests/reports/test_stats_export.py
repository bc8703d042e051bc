"""The statistics page's 导出 Excel: the same figures as the page for the same organisation and
period, a sheet per table, scoped, recorded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from reports import services
from reports.models import GridReport
from tests import export_readback

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(gina, category, tree, alice, station, dave):
    filed = [services.report_file(user=gina, grid=tree.grid1, category=category, description=f"路灯损坏 {i}")
             for i in range(3)]
    services.report_dispatch(user=alice, report=filed[0], department=station)
    GridReport.objects.filter(pk=filed[1].pk).update(is_overdue=True)
    return filed


def _table(sheet) -> dict[str, tuple]:
    """Area → (reported, closed, closure rate, on-time rate, mean hours, overdue), from the data rows."""
    return {row[1]: row[2:] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=True)
def test_export_holds_the_figures_of_the_page(client, alice, tree, reports):
    client.force_login(alice)
    query = {"org": tree.s1.pk, "start": "2026-01-01"}
    page = client.get(reverse("reports:stats"), query)
    assert reverse("reports:stats-export") in page.content.decode()
    response = client.get(reverse("reports:stats-export"), query)
    sheet = export_readback.assert_formatted(
        response, sheet="按组织", title=f"{tree.s1.name} 网格吹哨事件统计（按组织）",
        file_start=f"网格吹哨事件统计-{tree.s1.name}-2026-06-01", header_row=3)
    assert sheet["A2"].value == "统计期间：2026-01-01 至 2026-06-01"
    book = export_readback.read(response)
    assert book.sheetnames == ["按组织", "按类别", "按部门"]
    for name, key in (("按组织", "by_child"), ("按类别", "by_category"), ("按部门", "by_department")):
        expected = {row["name"]: (row["reported"], row["closed"], row["overdue"]) for row in page.context[key]}
        expected["合计"] = tuple(page.context["stats"][k] for k in ("reported", "closed", "overdue"))
        table = _table(book[name])
        assert {k: (v[0], v[1], v[5]) for k, v in table.items()} == expected, name
    assert _table(book["按组织"])["合计"][:2] == (3, 0) and _table(book["按组织"])["合计"][5] == 1
    record = export_readback.last_record(alice, "reports:stats-export")
    assert record.query == f"org={tree.s1.pk}&start=2026-01-01"


def test_outsider_cannot_export_another_streets_figures(client, charlie, tree, reports):
    client.force_login(charlie)
    response = client.get(reverse("reports:stats-export"), {"org": tree.s1.pk})
    book = export_readback.read(response)
    # The organisation is not in charlie's area: his own street's figures, which hold none of S1's reports.
    assert tree.s1.name not in book["按组织"]["A1"].value
    assert _table(book["按组织"])["合计"][0] == 0
