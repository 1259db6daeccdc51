"""The 绩效自评 formulas: each branch computed by hand in the test."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfcli.model.config import load_config
from perfcli.model.quantities import Quantity, has_number, parse_quantity
from perfcli.scoring.formulas import (
    ScoringSettings,
    budget_score,
    grade_of,
    method_of,
    quantitative_score,
    split_weights,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥5个", Quantity("≥", D(5), "个")),
        ("100%", Quantity("", D(100), "%")),
        ("≤250万元", Quantity("≤", D(250), "万元")),
        ("=12次", Quantity("=", D(12), "次")),
        ("＝１２次", Quantity("=", D(12), "次")),
        (" ≥ 1,200 人次 ", Quantity("≥", D(1200), "人次")),
        (12.5, Quantity("", D("12.5"), "")),
    ],
)
def test_quantitative_targets(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text", ["2026年12月前", "2026年底前覆盖全部社区", "建立", "≥5个以上社区", "约5个", ""]
)
def test_qualitative_targets(text):
    assert parse_quantity(text) is None


def test_has_number():
    assert has_number("完成6个左右") and has_number(3) and not has_number("基本完成") and not has_number(None)


def test_budget_score():
    assert budget_score(D(200), D(150), D(10)) == D("7.50")  # 10 × 150/200
    assert budget_score(D(300), D(200), D(10)) == D("6.67")  # 10 × 0.6666… half-up
    assert budget_score(D(200), D(260), D(10)) == D("10.00")  # capped at 1
    assert budget_score(D(0), D(10), D(10)) is None and budget_score(D(10), None, D(10)) is None


def q(text: str) -> Quantity:
    found = parse_quantity(text)
    assert found is not None
    return found


def test_positive_branches():
    assert method_of(q("≥500人次")) == method_of(q("500人次")) == "正向"
    assert quantitative_score(q("≥500人次"), D(520), D(20)) == D(20)  # A ≥ T → w
    assert quantitative_score(q("≥500人次"), D(450), D(20)) == D("18.00")  # 20 × 450/500
    assert quantitative_score(q("300个"), D(100), D(10)) == D("3.33")  # bare T: 10 × 1/3


def test_reverse_branches():
    t = q("≤250万元")
    assert method_of(t) == "反向"
    assert quantitative_score(t, D(240), D(10)) == D(10)  # A ≤ T
    assert quantitative_score(t, D(275), D(10)) == D("9.00")  # 10 × (1 − 25/250)
    assert quantitative_score(t, D(500), D(10)) == D(0)  # A ≥ 2T
    assert quantitative_score(t, D(520), D(10)) == D(0)
    zero = q("≤0起")
    assert quantitative_score(zero, D(0), D(5)) == D(5) and quantitative_score(zero, D(1), D(5)) == D(0)


def test_equal_branches():
    t = q("=12次")
    assert method_of(t) == method_of(q("＝12次")) == "等于"
    assert quantitative_score(t, D(12), D(15)) == D(15)
    assert quantitative_score(t, D(11), D(15)) == D("13.75")  # 15 × (1 − 1/12) = 13.75
    assert quantitative_score(t, D(13), D(15)) == D("13.75")
    assert quantitative_score(t, D(30), D(15)) == D(0)  # max(0, 1 − 18/12)


def test_grades_and_rounding():
    settings = ScoringSettings.from_config(load_config(None, search_from=None))
    assert [grade_of(D(x), settings.grades) for x in ("90", "89.99", "80", "79.99", "60", "59.99")] == [
        "优",
        "良",
        "良",
        "中",
        "中",
        "差",
    ]
    assert quantitative_score(q("≥8个"), D(1), D(10)) == D("1.25")  # 1.25 exactly
    assert quantitative_score(q("≥3个"), D(1), D("0.05")) == D("0.02")  # 0.01666… half-up


def test_split_weights():
    assert split_weights(D(50), 3) == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(split_weights(D(30), 7)) == D(30)
    assert split_weights(D(10), 1) == [D(10)] and split_weights(D(10), 0) == []


def test_groups_from_config():
    settings = ScoringSettings.from_config(load_config(None, search_from=None))
    assert settings.group_of("产出") == "产出指标" and settings.group_of("效果") == "效益指标"
    assert settings.group_of("过程") is None
    assert settings.group_of("效果", "服务对象满意度") == "满意度指标"  # filed under 效果 on 附表1
    assert sum(settings.group_weights.values()) == settings.indicator_total == D(90)
