"""Typed values from what clerks type: money, rates, enumerations, dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from perfcli.model.values import canonical_text, near_miss, parse_date, parse_enum, parse_money, parse_rate

LIKELIHOOD = ("确定能", "可能性大", "可能性小", "不可能")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1250.5, Decimal("1250.5")),
        (800, Decimal("800")),
        ("1,250.50", Decimal("1250.50")),
        ("１２５０．５", Decimal("1250.5")),
        ("１，２５０．５０", Decimal("1250.50")),
        ("12.5万元", Decimal("12.5")),
        (" 12.5 万 ", Decimal("12.5")),
        ("￥300", Decimal("300")),
        ("-5", Decimal("-5")),
    ],
)
def test_money_accepts_what_clerks_type(raw, expected):
    parsed = parse_money(raw)
    assert parsed.problem is None
    assert parsed.value == expected


def test_money_float_keeps_the_digits_excel_showed():
    assert parse_money(0.1 + 0.2).value == Decimal("0.30000000000000004")
    assert parse_money(1250.1).value == Decimal("1250.1")


@pytest.mark.parametrize("raw", [None, "", "—", "——", "/", "无", "-", "  ", "\u3000"])
def test_empty_markers_mean_no_value(raw):
    parsed = parse_money(raw)
    assert parsed.value is None and parsed.problem is None


def test_yuan_is_converted_to_wan_with_a_warning():
    parsed = parse_money("125,000元")
    assert parsed.value == Decimal("12.5")
    assert parsed.problem == "R002"
    assert "12.5 万元" in parsed.note
    assert parse_money("50000元").value == Decimal("5")


@pytest.mark.parametrize("raw", ["约1250", "1,25,0", "一千万", "12.5亿元", True, date(2026, 1, 1)])
def test_unreadable_money_is_a_problem_not_a_guess(raw):
    parsed = parse_money(raw)
    assert parsed.value is None
    assert parsed.problem == "R001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("85%", Decimal("85")),
        ("８５．５％", Decimal("85.5")),
        (85, Decimal("85")),
        (0.855, Decimal("85.5")),
        ("-3%", Decimal("-3")),
        (1, Decimal("1")),
        ("100", Decimal("100")),
    ],
)
def test_rates_are_percent_points(raw, expected):
    assert parse_rate(raw).value == expected


def test_rate_text_that_is_not_a_number():
    assert parse_rate("基本完成").problem is not None


@pytest.mark.parametrize("raw", [" 可能性大 ", "可能性大", "可能性\u3000大", "可能性大\n"])
def test_enum_trimmed_to_canonical(raw):
    parsed = parse_enum(raw, LIKELIHOOD)
    assert parsed.value == "可能性大" and parsed.problem is None


def test_enum_near_miss_keeps_raw_and_proposes():
    parsed = parse_enum("可能性较大", LIKELIHOOD)
    assert parsed.value == "可能性较大"
    assert parsed.problem == "R003"
    assert parsed.proposal == "可能性大"


def test_enum_far_off_is_kept_without_proposal():
    parsed = parse_enum("正在推进", LIKELIHOOD)
    assert parsed.value == "正在推进" and parsed.problem is None
    assert near_miss("正在推进", LIKELIHOOD) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026年3月1日", date(2026, 3, 1)),
        ("2026.3.1", date(2026, 3, 1)),
        ("2026/03/01", date(2026, 3, 1)),
        ("2026年3月", date(2026, 3, 1)),
        (datetime(2026, 3, 1, 0, 0), date(2026, 3, 1)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw).value == expected


def test_unreadable_date_keeps_text():
    parsed = parse_date("明年开春")
    assert parsed.value == "明年开春" and parsed.problem == "R005"


def test_canonical_text():
    assert canonical_text(100.0) == "100"
    assert canonical_text(12.50) == "12.5"
    assert canonical_text("  =1+1 ") == "=1+1"
    assert canonical_text("") is None
