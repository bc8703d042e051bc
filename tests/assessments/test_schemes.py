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


# --- the review settings of manual indicators in the table -----------------------------------------

REVIEW_TITLES = ("编号", "名称", "上级编号", "分值", "类型", "计算口径", "计分规则", "汇总方式",
                 "评议合成方式", "两端去除比例", "法定评议人数", "分歧度量", "分歧阈值")


def _all_fields(scheme):
    """Every field of every indicator a table carries (the parent by its code)."""
    fields = [f for f in services.INDICATOR_FIELDS if f != "parent"]
    return sorted(scheme.indicators.values_list(*fields, "parent__code"))


@pytest.fixture
def reviewed_scheme(scheme):
    """The conftest scheme with B split: B1 computed, B2 and B3 manual with settings off the defaults."""
    b = scheme.indicators.get(code="B")
    b.kind, b.computation, b.rule = "parent", "", ""
    b.save()
    Indicator.objects.create(scheme=scheme, code="B1", name="超期", parent=b, weight=D(10), computation="test.c",
                             rule="inverse_target:0", org_aggregation="members", position=5)
    Indicator.objects.create(scheme=scheme, code="B2", name="述职评议", parent=b, weight=D(20), kind="manual",
                             combination="trimmed", trim_share=D("0.25"), quorum=5, spread_measure="stddev",
                             spread_limit=D("7.50"), position=6)
    Indicator.objects.create(scheme=scheme, code="B3", name="群众评议", parent=b, weight=D(10), kind="manual",
                             combination="mean", trim_share=D("0.10"), quorum=1, spread_limit=None, position=7)
    assert services.scheme_problems(scheme) == []
    return scheme


def test_exported_review_settings_import_back_identical(reviewed_scheme, dana):
    data = services.scheme_table(reviewed_scheme).to_bytes()
    book = load_workbook(io.BytesIO(data))
    titles = [c.value for c in book.worksheets[0][2]]
    assert titles[9:] == ["评议合成方式 combination", "两端去除比例 trim_share", "法定评议人数 quorum",
                          "分歧度量 spread_measure", "分歧阈值 spread_limit"]
    rows = {r[1]: r[9:] for r in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert rows["B2"] == ("trimmed", 0.25, 5, "stddev", 7.5)
    assert rows["B1"] == (None, None, None, None, None)  # a computed indicator has no review settings
    before = _all_fields(reviewed_scheme)
    fresh = services.scheme_copy(user=dana, scheme=reviewed_scheme, year=2031)
    fresh.indicators.all().delete()
    assert services.scheme_import(user=dana, scheme=fresh, upload=SimpleUploadedFile("t.xlsx", data)) == 7
    assert _all_fields(fresh) == before


def test_the_exported_table_explains_the_review_settings(reviewed_scheme):
    book = load_workbook(io.BytesIO(services.scheme_table(reviewed_scheme).to_bytes()))
    assert book.sheetnames == ["2026", "填写说明"]
    text = " ".join(str(c) for row in book["填写说明"].iter_rows(values_only=True) for c in row if c)
    for words in ("评议合成方式 combination", "trimmed（截尾平均", "法定评议人数 quorum", "1 到 99 的整数",
                  "分歧阈值 spread_limit", "留空则从不标记", "计算、汇总指标的评议设置各列须留空"):
        assert words in text


def test_an_old_table_without_review_columns_imports_with_the_defaults(scheme, dana):
    upload = _xlsx([("A", "组织建设", "", 60, "计算", "test.a", "target:90", ""),
                    ("B", "述职评议", "", 40, "评议", "", "", "")])
    assert services.scheme_import(user=dana, scheme=scheme, upload=upload) == 2
    b = scheme.indicators.get(code="B")
    assert (b.combination, b.trim_share, b.quorum, b.spread_measure, b.spread_limit) == (
        "median", D("0.20"), 3, "range", None)


def test_review_settings_in_chinese_words_and_empty_cells(scheme, dana):
    upload = _xlsx([("A", "组织建设", "", 60, "评议", "", "", "", "截尾平均", "25%", 4, "标准差", 5),
                    ("B", "群众评议", "", 40, "评议", "", "", "", "", "", "", "", "")], titles=REVIEW_TITLES)
    services.scheme_import(user=dana, scheme=scheme, upload=upload)
    a, b = scheme.indicators.get(code="A"), scheme.indicators.get(code="B")
    assert (a.combination, a.trim_share, a.quorum, a.spread_measure, a.spread_limit) == (
        "trimmed", D("0.25"), 4, "stddev", D(5))
    assert (b.combination, b.quorum, b.spread_limit) == ("median", 3, None)


def test_bad_review_settings_are_named_with_their_row(scheme, dana):
    upload = _xlsx([
        ("A", "组织建设", "", 30, "评议", "", "", "", "众数", "", 0, "", -1),
        ("B", "党员评议", "", 30, "评议", "", "", "", "mean", "0.6", "2.5", "方差", ""),
        ("C", "结案率", "", 40, "计算", "test.a", "target:90", "", "", "", 3, "", ""),
    ], titles=REVIEW_TITLES)
    with pytest.raises(ValidationError) as exc:
        services.scheme_import(user=dana, scheme=scheme, upload=upload)
    assert exc.value.messages == [
        "第 2 行：评议合成方式“众数”无法识别：请填 mean（平均）、median（中位数）或 trimmed（截尾平均）。",
        "第 2 行：法定评议人数“0”须为不小于 1 的整数。",
        "第 2 行：分歧阈值“-1”须为不小于 0 的数（留空则从不标记分歧）。",
        "第 3 行：分歧度量“方差”无法识别：请填 range（极差）或 stddev（标准差）。",
        "第 3 行：两端去除比例“0.6”须为 0 到 0.45 之间的数。",
        "第 3 行：法定评议人数“2.5”须为不小于 1 的整数。",
        "第 4 行：C 不是评议指标，请清空其评议设置（法定评议人数）。",
    ]
    assert scheme.indicators.count() == 4  # untouched


def test_the_indicator_form_drops_review_settings_of_a_computed_indicator(db):
    """Only manual indicators are reviewed: settings typed on another kind go back to the defaults."""
    from assessments.forms import IndicatorForm
    from assessments.models import Indicator, Scheme
    from organizations.models import Level
    from tests.organizations.factories import make_org

    scheme = Scheme.objects.create(organization=make_org(None, Level.DISTRICT, "D", "武昌区委"), year=2026,
                                   level="community", name="考核", period_kind="half")
    data = {"code": "A", "name": "结案", "weight": "100", "kind": "computed", "computation": "reports.closure_rate",
            "rule": "band:0-100", "time_aggregation": "sum", "org_aggregation": "mean", "position": "1",
            "combination": "median", "quorum": "5", "spread_limit": "10"}
    form = IndicatorForm(data, scheme=scheme)
    assert form.is_valid(), form.errors
    defaults = {name: Indicator._meta.get_field(name).get_default() for name in ("combination", "quorum")}
    assert {name: form.cleaned_data[name] for name in defaults} == defaults
    assert form.cleaned_data["spread_limit"] is None
    form = IndicatorForm({**data, "kind": "manual", "computation": "", "rule": ""}, scheme=scheme)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["combination"], form.cleaned_data["quorum"]) == ("median", 5)
