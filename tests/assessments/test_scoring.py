"""Scoring rules at their edges, and periods."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from assessments.periods import parse_period, period_of
from assessments.scoring import parse_rule, points

W = D(10)


@pytest.mark.parametrize(("rule", "value", "expected"), [
    ("target:95", D(95), D(10)), ("target:95", D("94.99"), D(0)),
    ("inverse_target:0", D(0), D(10)), ("inverse_target:0", D(1), D(0)),
    ("band:60-90", D(60), D(0)), ("band:60-90", D(75), D(5)), ("band:60-90", D(90), D(10)),
    ("band:60-90", D(120), D(10)), ("band:60-90", D(-5), D(0)),
    ("inverse_band:0-10", D(0), D(10)), ("inverse_band:0-10", D(4), D(6)), ("inverse_band:0-10", D(10), D(0)),
    ("steps:60=50,80=80,95=100", D(59), D(0)), ("steps:60=50,80=80,95=100", D(60), D(5)),
    ("steps:60=50,80=80,95=100", D(94), D(8)), ("steps:60=50,80=80,95=100", D(95), D(10)),
    ("inverse_steps:10=50,5=80,0=100", D(11), D(0)), ("inverse_steps:10=50,5=80,0=100", D(5), D(8)),
    ("inverse_steps:10=50,5=80,0=100", D(0), D(10)),
    ("band:80-80", D(80), D(10)), ("band:80-80", D(79), D(0)),
])
def test_rule_edges(rule, value, expected):
    assert points(parse_rule(rule), value, W) == expected


def test_missing_value_scores_nothing():
    assert points(parse_rule("inverse_target:0"), None, W) == 0


def test_points_never_exceed_the_weight():
    assert points(parse_rule("steps:1=100,2=100"), D(5), D("2.5")) == D("2.50")


@pytest.mark.parametrize(("text", "message"), [
    ("cap:5", "不是计分规则"), ("band:95", "两个值"), ("band:95-60", "不能大于"), ("steps:60", "阈值=百分比"),
    ("steps:60=150", "0 到 100"), ("target:abc", "应为数字"),
])
def test_bad_rules_say_what_is_wrong(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_rule(text)


def test_full_width_punctuation_is_accepted():
    assert parse_rule("steps：60=50，80=100").steps == ((D(60), D(50)), (D(80), D(100)))


@pytest.mark.parametrize(("code", "start", "end", "previous"), [
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "2025"),
    ("2026S2", date(2026, 7, 1), date(2026, 12, 31), "2026S1"),
    ("2026S1", date(2026, 1, 1), date(2026, 6, 30), "2025S2"),
    ("2026Q1", date(2026, 1, 1), date(2026, 3, 31), "2025Q4"),
    ("202602", date(2026, 2, 1), date(2026, 2, 28), "202601"),
    ("202601", date(2026, 1, 1), date(2026, 1, 31), "202512"),
])
def test_period_codes(code, start, end, previous):
    period = parse_period(code)
    assert (period.start, period.end, period.previous().code, period.code) == (start, end, previous, code)


def test_period_of_a_day_and_its_months():
    assert period_of("quarter", date(2026, 5, 3)).code == "2026Q2"
    assert [m.code for m in parse_period("2026Q2").months()] == ["202604", "202605", "202606"]


@pytest.mark.parametrize("code", ["2026Q5", "202613", "26Q1", "2026H1", ""])
def test_bad_period_codes_are_refused(code):
    with pytest.raises(ValidationError, match="不是考核周期"):
        parse_period(code)
