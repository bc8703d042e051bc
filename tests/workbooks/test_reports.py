"""The formatted reports (/workbooks/): contents computed from hand-made data, layout read back with
openpyxl, scope held, each download recorded, query count independent of the tree's size."""

from __future__ import annotations

import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from audit.models import ExportJob
from organizations.models import Level
from reports.models import GridReport, ReportCategory, Status
from tests.conftest import make_user
from tests.organizations.factories import MemberFactory, make_org
from tests.services.factories import VisitFactory

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _report(grid, user, *, status=Status.REPORTED, overdue=False):
    now = timezone.now()
    category, _ = ReportCategory.objects.get_or_create(code="wb-cat", defaults={"name": "其他"})
    closed = {"outcome": "fixed", "closed_at": now} if status == Status.CLOSED else {}
    return GridReport.objects.create(number=f"WB{next(_numbers)}", grid=grid, category=category, description="隐患",
                                     reported_by=user, reported_at=now, due_at=now, status=status, is_overdue=overdue,
                                     **closed)


@pytest.fixture
def data(tree, dana):
    """Members, grid reports (today's included) and visits of this year in both streets."""
    today = timezone.localdate()
    made = {
        "c1_members": [MemberFactory(branch=tree.g1) for _ in range(3)],
        "c2_members": [MemberFactory(branch=tree.c2, category="probationary")],
        "c3_members": [MemberFactory(branch=tree.g3) for _ in range(2)],
        "s1_reports": [_report(tree.grid1, dana, status=Status.CLOSED), _report(tree.grid1, dana, overdue=True)],
        "s2_reports": [_report(tree.grid3, dana)],
        "s1_visits": [VisitFactory(grid=tree.grid1, household=tree.household1, visited_on=today)],
    }
    return made


def _download(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content)), response


def _table(sheet) -> dict[str, dict[str, object]]:
    """Rows under the two header rows, by their name column, keyed by the lower header (or the upper)."""
    rows = list(sheet.iter_rows(values_only=True))
    top, low = rows[2], rows[3]
    headers = [low[i] or top[i] for i in range(len(top))]
    out = {}
    for row in rows[4:]:
        if row[0] is None:
            break
        out[row[0] if row[0] == "合计" else row[1]] = dict(zip(headers, row, strict=False))
    return out


def test_annual_statistics_of_the_district(client, dana, tree, data):
    client.force_login(dana)
    year = timezone.localdate().year
    book, response = _download(client, "workbooks:annual", year=year)
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert book.sheetnames == ["汇总", tree.s1.name, tree.s2.name]
    summary = book["汇总"]
    assert summary["A1"].value == f"{tree.district.name} {year}年度党建工作统计表"
    merged = {str(r) for r in summary.merged_cells.ranges}
    width = summary.max_column
    assert f"A1:{get_column_letter(width)}1" in merged
    assert summary.freeze_panes == "A5" and summary.page_setup.orientation == "landscape"
    table = _table(summary)
    s1, s2, total = table[tree.s1.name], table[tree.s2.name], table["合计"]
    assert s1["党员"] == len(data["c1_members"]) + len(data["c2_members"])
    assert s1["预备党员"] == len(data["c2_members"])
    assert s2["党员"] == len(data["c3_members"])
    assert s1["上报"] == len(data["s1_reports"]) and s1["办结"] == 1 and s1["超期"] == 1
    assert s1["办结率"] == pytest.approx(1 / len(data["s1_reports"]))
    assert s1["走访"] == len(data["s1_visits"])  # today's visit is in
    assert s1["社区党组织"] == 2 and s2["社区党组织"] == 1
    assert total["党员"] == s1["党员"] + s2["党员"] and total["上报"] == s1["上报"] + s2["上报"]
    # 合计's rate is the ratio of the summed counts (1 closed of 3), not the sum of the streets' rates (½ + 0).
    assert s2["办结率"] == 0 and total["办结率"] == pytest.approx(total["办结"] / total["上报"]) == pytest.approx(1 / 3)
    # The street's sheet: its communities.
    street = _table(book[tree.s1.name])
    assert street[tree.c1.name]["党员"] == len(data["c1_members"])
    assert street[tree.c2.name]["党员"] == len(data["c2_members"])
    assert street["合计"]["办结率"] == pytest.approx(1 / len(data["s1_reports"]))
    assert tree.c3.name not in street
    # The download is recorded.
    record = ExportJob.objects.get()
    assert (record.user, record.view_name, record.in_background) == (dana, "workbooks:annual", False)
    assert f"year={year}" in record.query and record.filename.startswith("党建工作统计表-")


def test_a_street_official_reports_on_their_street_only(client, alice, tree, data):
    client.force_login(alice)
    book, _ = _download(client, "workbooks:annual")
    assert book.sheetnames == ["汇总", tree.s1.name]
    body = " ".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)
    assert tree.s2.name not in body and tree.c3.name not in body
    # Naming a street outside the scope is not found.
    assert client.get(reverse("workbooks:annual"), {"root": tree.s2.code}).status_code == 404


def test_annual_statistics_query_count_does_not_grow_with_the_tree(client, dana, tree, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(dana)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("workbooks:annual"))
    for i in range(3):
        street = make_org(tree.district, Level.STREET, f"SX{i}", f"新街道{i}")
        community = make_org(street, Level.COMMUNITY, f"CX{i}", f"新社区{i}")
        MemberFactory(branch=community)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("workbooks:annual"))
    assert len(second) == len(first)


def test_ledgers_of_a_community(client, dana, tree, data):
    client.force_login(dana)
    year = timezone.localdate().year
    book, _ = _download(client, "workbooks:ledgers", community=tree.c1.code, year=year)
    assert "网格员走访台账" in book.sheetnames and len(book.sheetnames) == 5
    sheet = book["网格员走访台账"]
    assert sheet["A1"].value == f"{tree.c1.name} {year}年 网格员走访台账"
    assert sheet["A2"].value == "序号" and sheet.freeze_panes == "A3"
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert len(rows) == len(data["s1_visits"])
    assert any(str(v).startswith("填报单位：") for r in sheet.iter_rows(values_only=True) for v in r if v)


def test_rankings_download(client, dana, tree):
    client.force_login(dana)
    book, _ = _download(client, "workbooks:property-ranking", year=2026, quarter=2)
    assert book.worksheets[0]["A1"].value.endswith("2026年第2季度物业服务企业排名")
    assert {str(r) for r in book.worksheets[0].merged_cells.ranges} >= {"A1:K1"}
    assert client.get(reverse("workbooks:assessment-ranking"), {"scheme": "999999"}).status_code == 404


def test_only_reporting_roles_reach_the_reports(client, tree):
    worker = make_user("wb-worker", "grid_worker", tree.g1)
    client.force_login(worker)
    for name in ("workbooks:index", "workbooks:annual", "workbooks:ledgers"):
        assert client.get(reverse(name)).status_code == 403
    assert not ExportJob.objects.exists()


def test_index_page_lists_the_reports(client, audrey, tree):
    client.force_login(audrey)
    page = client.get(reverse("workbooks:index")).content.decode()
    assert reverse("workbooks:annual") in page and tree.s1.name in page


def test_grid_report_export_is_formatted_filtered_and_includes_today(client, alice, tree, data):
    client.force_login(alice)
    today = timezone.localdate().isoformat()
    page = client.get(reverse("reports:list")).content.decode()
    assert reverse("workbooks:grid-reports") in page
    book, response = _download(client, "workbooks:grid-reports", end=today)  # until today: today's are in
    sheet = book.worksheets[0]
    assert sheet.title == "网格吹哨事件" and sheet["A1"].value.startswith(tree.s1.name)
    assert sheet["A2"].value == "序号" and sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["F"].width == 40  # 问题描述
    numbers = {r[1] for r in sheet.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)}
    assert numbers == {r.number for r in data["s1_reports"]}  # scoped: S2's report is not in
    assert "%E7%BD%91%E6%A0%BC" in response["Content-Disposition"]  # 网格 in the file name
    book, _ = _download(client, "workbooks:grid-reports", status=Status.CLOSED)
    rows = [r for r in book.worksheets[0].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert len(rows) == 1


def test_a_large_grid_report_export_goes_to_the_background(client, alice, tree, data, settings, eager_celery,
                                                          django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_ROW_LIMIT = 1
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("workbooks:grid-reports"))
    job = ExportJob.objects.get(in_background=True)
    assert response.status_code == 302 and job.status == "done" and job.processed_rows == len(data["s1_reports"])


@pytest.fixture
def ranked(tree):
    """A community scheme of the district (majors A 组织建设 and B 超期) ranked for 2026S1: C2 first,
    C1 second, C3 third, with C1's total of 2025S2 as its previous period."""
    from decimal import Decimal

    from assessments.models import Result, Score
    from tests.assessments.factories import make_scheme

    scheme = make_scheme(tree.district)
    majors = {i.code: i for i in scheme.indicators.filter(parent__isnull=True)}
    now = timezone.now()
    for org, a, b, rank, grade in ((tree.c2, "55.5", "38", 1, "advanced"), (tree.c1, "50", "30.25", 2, "passing"),
                                   (tree.c3, "20", "10", 3, "lagging")):
        for code, points in (("A", a), ("B", b)):
            Score.objects.create(scheme=scheme, indicator=majors[code], period="2026S1", organization=org,
                                 points=Decimal(points), computed_at=now)
        Result.objects.create(scheme=scheme, period="2026S1", organization=org, total=Decimal(a) + Decimal(b),
                              rank=rank, grade=grade, computed_at=now)
    Result.objects.create(scheme=scheme, period="2025S2", organization=tree.c1, total=Decimal("70"), rank=1,
                          computed_at=now)
    return scheme


def test_assessment_ranking_workbook(client, dana, tree, ranked):
    client.force_login(dana)
    book, response = _download(client, "workbooks:assessment-ranking", scheme=ranked.pk, period="2026S1")
    assert "%E8%80%83%E6%A0%B8" in response["Content-Disposition"]  # 考核 in the file name
    assert book.sheetnames == ["2026年上半年"]
    sheet = book.worksheets[0]
    # Title naming the organisation, the period and the scheme; the period spelt out below it.
    assert sheet["A1"].value == f"{tree.district.name} 2026年上半年 社区党建考核排名"
    assert sheet["A2"].value.startswith("考核期间：2026年上半年（2026S1）")
    rows = list(sheet.iter_rows(values_only=True))
    groups, low = rows[2], rows[3]
    headers = tuple(b or a for a, b in zip(groups, low, strict=True))
    assert headers == ("序号", "单位", "A 组织建设", "B 超期", "总分", "上期总分", "名次", "等次")
    # The two major items under one merged group header, the other titles merged over both header
    # rows, the title across the whole width.
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:H1", "C3:D3", "A3:A4", "E3:E4"} <= merged and groups[2] == "分项得分"
    assert sheet.freeze_panes == "A5" and sheet.print_title_rows == "$1:$4"
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize), setup.fitToWidth) == ("landscape", "9", 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    body = [r for r in rows[4:] if isinstance(r[0], int)]
    assert [r[:2] for r in body] == [(1, tree.c2.name), (2, tree.c1.name), (3, tree.c3.name)]  # 序号 in rank order
    c2, c1, c3 = body
    assert c2[2:7] == (55.5, 38, 93.5, None, 1) and "先进" in c2[7]
    assert c1[2:7] == (50, 30.25, 80.25, 70, 2)  # the totals are the major items' sum; 上期总分 from 2025S2
    assert c3[2:7] == (20, 10, 30, None, 3)
    assert sheet.cell(row=5, column=3).number_format == "#,##0.00"  # points with two decimals
    assert any(str(v).startswith("填报单位：" + tree.district.name) for r in rows for v in r if v)


def test_assessment_ranking_holds_the_scope(client, alice, tree, ranked):
    client.force_login(alice)
    book, _ = _download(client, "workbooks:assessment-ranking", scheme=ranked.pk, period="2026S1")
    names = [r[1] for r in book.worksheets[0].iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert names == [tree.c2.name, tree.c1.name]  # S1's official: not C3 of the other street
