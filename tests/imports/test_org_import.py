"""Importing organisations: any row order, all-or-nothing, reasons per row, scope, valid MP tree."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts.models import Role, RoleAssignment
from imports.org_import import organizations_import
from imports.running import run_import
from organizations.models import Level, Organization, OrgType
from organizations.services import organization_create
from tests.conftest import make_user
from tests.imports import ORG_HEADERS, read_xlsx, table


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield

NO_PROBLEMS = ([], [], [], [], [])


def _import(user, rows, **kwargs):
    return organizations_import(user=user, table=table("orgs", rows), **kwargs)


def _parent_code(code):
    return Organization.objects.get_parent(Organization.objects.get(code=code)).code


def test_rows_in_any_order_build_the_right_tree(tree, alice):
    report = _import(alice, [
        ORG_HEADERS,
        ["H9", "张三党员中心户", "household", "", "B9"],
        ["B9", "9号楼党小组", "building", "", "G9"],
        ["X9", "阳光小区党支部", "special", "compound_branch", "C9"],
        ["G9", "第九网格党支部", "grid", "", "C9"],
        ["C9", "新河社区党总支", "community", "general_branch", "S1"],
        ["G8", "西城壕第二网格党支部", "grid", "", "C1"],
    ])
    assert report.ok, report.errors
    assert len(report.created) == 6
    assert {c: _parent_code(c) for c in ("H9", "B9", "X9", "G9", "C9", "G8")} == {
        "H9": "B9", "B9": "G9", "X9": "C9", "G9": "C9", "C9": "S1", "G8": "C1",
    }
    assert Organization.objects.get(code="H9").depth == 6
    assert Organization.objects.get(code="X9").level == Level.SPECIAL
    assert Organization.objects.find_problems() == NO_PROBLEMS
    tree.c1.refresh_from_db()
    assert tree.c1.numchild == 2
    assert Organization.objects.get(code="C9").numchild == 2
    # The tree stays usable by the ordinary services after a bulk import.
    organization_create(user=alice, parent=Organization.objects.get(code="C9"), code="G7", name="网格七",
                        level=Level.GRID)
    assert Organization.objects.find_problems() == NO_PROBLEMS


def test_two_bad_rows_write_nothing_and_are_reported_with_row_numbers(tree, alice):
    before = Organization.objects.count()
    report = _import(alice, [
        ORG_HEADERS,
        ["C9", "新河社区党总支", "community", "general_branch", "S1"],
        ["V1", "某村", "village", "", "S1"],  # row 3: unknown level
        ["G9", "第九网格党支部", "grid", "", "C9"],
        ["G5", "错挂网格", "grid", "", "S1"],  # row 5: a grid cannot sit under a street
        ["B9", "9号楼党小组", "building", "", "G9"],
    ])
    assert Organization.objects.count() == before
    assert sorted(report.errors) == [3, 5]
    assert "Unknown level" in report.errors[3][0]
    assert "sits directly under" in report.errors[5][0]
    assert not report.created
    rows = read_xlsx(report.rejected_workbook())
    assert rows[0] == (*ORG_HEADERS, "reason")
    assert [r[0] for r in rows[1:]] == ["V1", "G5"]
    assert rows[1][-1] == report.errors[3][0]


def test_chinese_headers_level_names_and_dates(tree, dana):
    report = _import(dana, [
        ["编码", "名称", "层级", "类型", "上级编码", "电话", "成立日期", "结束日期"],
        ["C8", "长江社区党委", "社区党组织(社区)", "党委", "S2", "027-88886666", dt.datetime(2020, 5, 1), None],
        ["G8", "长江第一网格党支部", "网格党支部", "", "C8", "", "2021-03-01", ""],
        ["T8", "防汛临时党支部", "临时党支部", "", "C8", "", "2024-07-01", "2024-09-30"],
        ["K8", "长江大厦楼宇综合党委", "楼宇综合党委", "", "S2", "13900001111", None, None],
        ["B8", "1栋党小组", "楼栋党小组", "", "G8", None, None, None],
    ])
    assert report.ok, report.errors
    c8 = Organization.objects.get(code="C8")
    assert (c8.level, c8.org_type, c8.established_on) == (Level.COMMUNITY, OrgType.COMMITTEE, dt.date(2020, 5, 1))
    t8 = Organization.objects.get(code="T8")
    assert (t8.level, t8.org_type, t8.end_date) == (Level.SPECIAL, OrgType.TEMPORARY_BRANCH, dt.date(2024, 9, 30))
    assert Organization.objects.get(code="K8").org_type == OrgType.BUILDING_COMMITTEE
    assert Organization.objects.get(code="G8").established_on == dt.date(2021, 3, 1)
    assert Organization.objects.find_problems() == NO_PROBLEMS


def test_chinese_file_gets_a_chinese_reason_column(tree, alice):
    report = _import(alice, [["编码", "名称", "层级", "类型", "上级编码"], ["G5", "网格", "网格党支部", "", "S1"]])
    assert read_xlsx(report.rejected_workbook())[0][-1] == "错误原因"


def test_dry_run_writes_nothing(tree, alice):
    before = Organization.objects.count()
    report = _import(alice, [ORG_HEADERS, ["C9", "新河社区党总支", "community", "branch", "S1"]], dry_run=True)
    assert report.ok and len(report.planned) == 1
    assert Organization.objects.count() == before


def test_outsider_cannot_import_under_someone_elses_street(tree, charlie):
    report = _import(charlie, [
        ORG_HEADERS,
        ["C9", "新河社区党总支", "community", "branch", "S1"],
        ["G9", "网格", "grid", "", "C1"],
        ["C7", "杨园新社区", "community", "branch", "S2"],
    ])
    assert sorted(report.errors) == [2, 3]
    assert "Unknown parent code" in report.errors[2][0]
    assert not Organization.objects.filter(code__in=["C9", "G9", "C7"]).exists()


def test_parent_seen_but_not_managed_is_refused(tree):
    # A grid worker at G1 who is also secretary of C2 sees G1 but may only manage C2.
    user = make_user("mixed", Role.GRID_WORKER, tree.g1)
    RoleAssignment.objects.create(user=user, role=Role.COMMUNITY_SECRETARY, organization=tree.c2)
    report = _import(user, [ORG_HEADERS, ["B7", "7号楼", "building", "", "G1"], ["G7", "网格", "grid", "", "C2"]])
    assert list(report.errors) == [2]
    assert "outside the area you manage" in report.errors[2][0]


def test_duplicates_cycles_phones_and_missing_parents_are_each_reported(tree, alice):
    report = _import(alice, [
        [*ORG_HEADERS, "phone"],
        ["C1", "重复的社区", "community", "branch", "S1", ""],  # 2: code already in the portal
        ["C9", "社区甲", "community", "branch", "S1", ""],  # 3: code twice in the file
        ["C9", "社区乙", "community", "branch", "S1", ""],  # 4
        ["G5", "网格甲", "grid", "", "G6", ""],  # 5: cycle
        ["G6", "网格乙", "grid", "", "G5", ""],  # 6: cycle
        ["G4", "网格丙", "grid", "", "C1", "12345"],  # 7: invalid phone
        ["G3x", "网格丁", "grid", "", "NOPE", ""],  # 8: unknown parent
        ["G2x", "网格戊", "grid", "", "", ""],  # 9: no parent
        ["T1", "临时党支部", "special", "temporary_branch", "C1", ""],  # 10: no end date
        ["OK1", "好网格", "grid", "", "C1", ""],  # 11: fine
    ])
    assert sorted(report.errors) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert "already exists" in report.errors[2][0]
    assert "more than once" in report.errors[3][0] and "rows 3, 4" in report.errors[3][0]
    assert "cycle" in report.errors[5][0]
    assert "phone" in report.errors[7][0]
    assert "Unknown parent" in report.errors[8][0]
    assert "parent code is empty" in report.errors[9][0]
    assert "end date" in report.errors[10][0]
    assert not Organization.objects.filter(code="OK1").exists()


def test_child_of_a_rejected_row_is_not_blamed(tree, alice):
    rows = [ORG_HEADERS, ["C9", "社区", "community", "nonsense", "S1"], ["G9", "网格", "grid", "", "C9"]]
    report = _import(alice, rows)
    assert list(report.errors) == [2]


def test_superuser_imports_a_whole_district_root_last(db):
    admin = make_user("root", is_superuser=True, is_staff=True)
    report = _import(admin, [
        ORG_HEADERS,
        ["S1", "街道", "街道党工委", "", "D"],
        ["C1", "社区", "社区", "党支部", "S1"],
        ["D", "区委", "区委", "", ""],
    ])
    assert report.ok, report.errors
    assert Organization.objects.get(code="D").depth == 1
    assert Organization.objects.find_problems() == NO_PROBLEMS


def test_only_a_superuser_creates_a_district(tree, dana):
    report = _import(dana, [ORG_HEADERS, ["D2", "另一个区委", "district", "", ""]])
    assert "system administrator" in report.errors[2][0]


@pytest.mark.parametrize("actor", ["audrey", "gina", "dave"])
def test_roles_without_manage_cannot_import_organisations(tree, actor, request):
    user = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied, match="You may not import into any organisation"):
        rows = [ORG_HEADERS, ["C9", "社区", "community", "branch", "S1"]]
        run_import(kind="orgs", user=user, table=table("orgs", rows))
