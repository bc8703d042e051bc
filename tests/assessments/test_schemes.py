"""Schemes: weights checked with a clear message, the xlsx table both ways, copying into a new
year, freezing, and who may change them."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from assessments import services
from assessments.models import Indicator


def test_balanced_scheme_has_no_problems(scheme):
    assert services.scheme_problems(scheme) == []


def test_children_must_sum_to_their_parent(scheme):
    Indicator.objects.filter(scheme=scheme, code="A2").update(weight=D(15))
    problems = services.scheme_problems(scheme)
    assert "A 的子项合计为 55，不等于其分值 60（A1 40, A2 15）。" in problems
    assert "大项合计为 60，不是 100。" not in problems


def test_major_items_must_sum_to_100(scheme):
    Indicator.objects.filter(scheme=scheme, code="B").update(weight=D("39.5"))
    assert services.scheme_problems(scheme) == ["大项合计为 99.5，不是 100。"]


def test_parent_item_needs_sub_items_and_a_leaf_is_not_a_parent(scheme, dana):
    services.indicator_update(user=dana, indicator=scheme.indicators.get(code="B"), kind="parent",
                              computation="", rule="")
    assert "B 为“子项之和”，但没有子项。" in services.scheme_problems(scheme)


def test_computed_indicator_needs_a_known_computation_and_a_rule(scheme, dana):
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(user=dana, scheme=scheme, code="C", name="x", weight=D(0), kind="computed",
                                  computation="nope", rule="bogus")
    assert "computation" in exc.value.message_dict and "rule" in exc.value.message_dict


def test_only_district_admins_change_schemes(scheme, alice):
    with pytest.raises(PermissionDenied, match="只有区级管理员"):
        services.indicator_update(user=alice, indicator=scheme.indicators.get(code="A1"), weight=D(1))


def test_an_item_cannot_move_under_its_own_sub_item(scheme, dana):
    a = scheme.indicators.get(code="A")
    with pytest.raises(ValidationError, match="不能放在它自己的子项之下"):
        services.indicator_update(user=dana, indicator=a, parent=scheme.indicators.get(code="A1"))


def test_frozen_scheme_refuses_every_change(scheme, dana):
    scheme.frozen_at = timezone.now()
    scheme.save()
    with pytest.raises(ValidationError, match="已冻结"):
        services.indicator_update(user=dana, indicator=scheme.indicators.get(code="A1"), weight=D(1))
    with pytest.raises(ValidationError, match="已冻结"):
        services.scheme_update(user=dana, scheme=scheme, name="新名称")


def test_a_new_year_copies_the_tree(scheme, dana):
    copy = services.scheme_copy(user=dana, scheme=scheme, year=2027)
    rows = sorted(copy.indicators.values_list("code", "parent__code", "weight", "computation", "rule"))
    assert rows == sorted(scheme.indicators.values_list("code", "parent__code", "weight", "computation", "rule"))
    assert copy.copied_from == scheme and services.scheme_problems(copy) == []
    with pytest.raises(ValidationError, match="已有"):
        services.scheme_copy(user=dana, scheme=scheme, year=2027)


def _xlsx(rows, titles=("编号", "名称", "上级编号", "分值", "类型", "计算口径", "计分规则", "汇总方式")):
    book = Workbook()
    book.active.append(list(titles))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("scheme.xlsx", out.getvalue())


def test_exported_table_imports_back_unchanged(scheme, dana):
    data = services.scheme_table(scheme).to_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == str(scheme.year) and sheet["A1"].value == f"{scheme.name} 考核指标（{scheme.year}年）"
    assert [c.value for c in sheet[2]][:4] == ["序号", "编号 code", "名称 name", "上级编号 parent"]
    assert sheet.freeze_panes == "A3"
    before = sorted(scheme.indicators.values_list("code", "parent__code", "weight", "kind", "rule",
                                                  "time_aggregation", "org_aggregation"))
    fresh = services.scheme_copy(user=dana, scheme=scheme, year=2030)
    fresh.indicators.all().delete()
    assert services.scheme_import(user=dana, scheme=fresh, upload=SimpleUploadedFile("t.xlsx", data)) == 4
    assert sorted(fresh.indicators.values_list("code", "parent__code", "weight", "kind", "rule",
                                               "time_aggregation", "org_aggregation")) == before


def test_import_is_all_or_nothing_with_each_problem_named(scheme, dana):
    upload = _xlsx([
        ("A", "组织建设", "", 60, "汇总", "", "", ""),
        ("A1", "结案率", "A", 50, "计算", "test.a", "target:90", ""),
        ("A1", "重复", "A", 10, "计算", "test.a", "target:90", ""),
        ("B", "超期", "Z", "四十", "计算", "test.c", "inverse_target:0", ""),
    ])
    with pytest.raises(ValidationError) as exc:
        services.scheme_import(user=dana, scheme=scheme, upload=upload)
    assert exc.value.messages == ["第 4 行：编号 A1 重复出现。", "第 5 行：分值“四十”不是数字。"]
    assert scheme.indicators.count() == 4  # untouched


def test_import_refuses_an_unbalanced_table(scheme, dana):
    upload = _xlsx([("A", "组织建设", "", 90, "计算", "test.a", "target:90", "")])
    with pytest.raises(ValidationError, match="大项合计为 90"):
        services.scheme_import(user=dana, scheme=scheme, upload=upload)


def test_import_names_a_bad_rule_with_its_row(scheme, dana):
    upload = _xlsx([("A", "组织建设", "", 100, "计算", "test.a", "target:abc", "sum/mean")])
    with pytest.raises(ValidationError, match="第 2 行"):
        services.scheme_import(user=dana, scheme=scheme, upload=upload)


def test_import_refuses_a_file_that_is_not_xlsx(scheme, dana):
    with pytest.raises(ValidationError):
        services.scheme_import(user=dana, scheme=scheme, upload=SimpleUploadedFile("x.xlsx", b"not a workbook"))
