"""Importing members: model validators (GB 11643), duplicates, EDIT scope, membership periods."""

import datetime as dt

import pytest
from django.utils import translation

from imports.member_import import members_import
from organizations.models import Member, MemberCategory, MembershipPeriod
from tests.imports import MEMBER_HEADERS, read_xlsx, table
from tests.organizations.factories import MemberFactory, valid_id_number


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield

ID_A = valid_id_number(dt.date(1985, 3, 9), seq=101)
ID_B = valid_id_number(dt.date(1990, 1, 2), seq=102)
ID_C = valid_id_number(dt.date(1978, 11, 30), seq=103)


def _bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def _import(user, rows, **kwargs):
    return members_import(user=user, table=table("members", rows), **kwargs)


def test_valid_members_are_created_with_an_open_period(tree, alice):
    report = _import(alice, [
        MEMBER_HEADERS,
        ["王芳", "女", dt.date(1985, 3, 9), ID_A, "13800138001", "2010-07-01", "正式党员", "G1"],
        ["刘军", "M", None, ID_B.lower() if ID_B.endswith("X") else ID_B, 13800138002, dt.date(2022, 6, 1), "预备党员",
         "C2"],
    ])
    assert report.ok, report.errors
    wang = Member.objects.get(id_number=ID_A)
    assert (wang.gender, wang.branch, wang.ethnicity) == ("F", tree.g1, "汉族")
    liu = Member.objects.get(id_number=ID_B)
    assert liu.birth_date == dt.date(1990, 1, 2)  # taken from the ID number
    assert liu.phone == "13800138002" and liu.category == MemberCategory.PROBATIONARY
    periods = MembershipPeriod.objects.filter(member__in=[wang, liu], ended_on__isnull=True)
    assert {(p.organization_id, p.started_on, p.reason) for p in periods} == {
        (tree.g1.pk, dt.date(2010, 7, 1), "import"), (tree.c2.pk, dt.date(2022, 6, 1), "import"),
    }


def test_chinese_headers_are_accepted(tree, carol):
    report = _import(carol, [
        ["姓名", "性别", "民族", "出生日期", "身份证号", "手机", "学历", "入党日期", "类别", "所在组织编码", "在职党员",
         "工作单位", "报到社区编码", "报到日期"],
        ["陈静", "女", "回族", "1985-03-09", ID_A, "", "本科", "2009-07-01", "正式党员", "C1", "是", "市一医院", "C1",
         "2023-03-01"],
    ])
    assert report.ok, report.errors
    member = Member.objects.get(id_number=ID_A)
    assert (member.ethnicity, member.education, member.is_in_service) == ("回族", "bachelor", True)
    assert member.registered_community == tree.c1


def test_bad_check_digit_and_duplicates_reject_the_file(tree, alice):
    existing = MemberFactory(branch=tree.g1, id_number=ID_C)
    report = _import(alice, [
        MEMBER_HEADERS,
        ["甲", "男", "", _bad_check_digit(ID_A), "", "2010-07-01", "", "G1"],  # 2: check digit
        ["乙", "男", "", ID_B, "", "2010-07-01", "", "G1"],  # 3: twice in the file
        ["丙", "男", "", ID_B, "", "2010-07-01", "", "G1"],  # 4
        ["丁", "男", "", existing.id_number, "", "2010-07-01", "", "G1"],  # 5: already registered
        ["戊", "男", "", valid_id_number(seq=201), "", "2010-07-01", "", "G1"],  # 6: fine
    ])
    assert sorted(report.errors) == [2, 3, 4, 5]
    assert "check digit" in report.errors[2][0]
    assert "more than once" in report.errors[3][0]
    assert "already registered" in report.errors[5][0]
    assert Member.objects.count() == 1
    rows = read_xlsx(report.rejected_workbook())
    assert [r[0] for r in rows[1:]] == ["甲", "乙", "丙", "丁"]


def test_member_rows_outside_edit_scope_or_in_households_are_rejected(tree, charlie, alice):
    report = _import(charlie, [MEMBER_HEADERS, ["甲", "男", "", ID_A, "", "2010-07-01", "", "G1"]])
    assert "Unknown organisation code" in report.errors[2][0]
    report = _import(alice, [
        MEMBER_HEADERS,
        ["乙", "男", "", ID_B, "", "2010-07-01", "", "H1"],
        ["丙", "X", "", ID_C, "", "1960-07-01", "", "G1"],
    ])
    assert "household" in report.errors[2][0]
    assert "gender" in report.errors[3][0].lower()
    assert not Member.objects.exists()


def test_dry_run_writes_no_members(tree, alice):
    report = _import(alice, [MEMBER_HEADERS, ["甲", "男", "", ID_A, "", "2010-07-01", "", "G1"]], dry_run=True)
    assert report.ok
    assert not Member.objects.exists()


def test_in_service_member_needs_a_registration(tree, alice):
    report = _import(alice, [
        [*MEMBER_HEADERS, "is_in_service"],
        ["甲", "男", "", ID_A, "", "2010-07-01", "", "G1", "yes"],
    ])
    assert "register" in report.errors[2][0]
