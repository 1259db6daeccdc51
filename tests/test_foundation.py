"""Specs, periods, config and safe file names: the contracts every command builds on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.errors import UsageError
from perfcli.forms.registry import forms_of
from perfcli.forms.spec import normalize_label
from perfcli.io.files.outputs import safe_filename, unique_names
from perfcli.model.config import default_config, load_config
from perfcli.model.period import Period, parse_period_text, time_progress
from perfcli.model.records import to_jsonable


def test_specs_follow_design_section_3():
    forms = forms_of(default_config())
    project = forms.spec("project")
    assert [f.key for f in project.fields] == [
        "project_name",
        "budget_total",
        "fund_source",
        "funds_received",
        "funds_spent",
        "implementation",
        "deviation_analysis",
        "improvement_plan",
    ]
    assert [c.key for c in project.table.columns] == [
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "likelihood",
    ]
    assert [c.label for c in forms.spec("department").table.columns] == [
        "监控内容",
        "监控指标",
        "年度目标",
        "已完成情况",
        "完成目标可能性",
    ]
    key = forms.spec("key_project")
    assert [f.key for f in key.funding] == ["central_provincial", "municipal", "district", "other"]
    assert key.width == 6 and forms.spec("department").width == 5
    assert forms.by_code("附表3").form == "key_project"
    # every layout row spans exactly the form's width
    for spec in forms.recognised:
        for row in spec.layout:
            assert sum(cell.span for cell in row) == spec.width, (spec.form, row)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("项目名称", "项目名称"),
        (" 预算\n总额 ：", "预算总额"),
        ("本年度预算资金总额   （万元）", "本年度预算资金总额"),
        ("部门年度重点\u3000工作实施情况", "部门年度重点工作实施情况"),
        ("已到位资金(万元)", "已到位资金"),
    ],
)
def test_normalize_label(raw, expected):
    assert normalize_label(raw) == expected


def test_period_parsing_and_dates():
    p = Period.parse("2026Q3")
    assert (p.year, p.quarter, p.label, p.end) == (2026, 3, "（2026年度 三季度）", date(2026, 9, 30))
    assert p.due(10) == date(2026, 10, 10)
    assert Period.parse("2026h1").end == date(2026, 6, 30)
    with pytest.raises(UsageError):
        Period.parse("2026Q5")
    assert parse_period_text("（2026年度 三季度）") == p
    assert parse_period_text("(2026 年度 第3季度)") == p
    assert parse_period_text("2026年第三季度") == p
    assert parse_period_text("编报单位") is None


_PERIODS = st.one_of(
    st.builds(Period, st.integers(2000, 2099), st.integers(1, 4), st.just("quarter")),
    st.builds(Period, st.integers(2000, 2099), st.integers(1, 2), st.just("half")),
    st.builds(Period, st.integers(2000, 2099), st.integers(1, 12), st.just("month")),
)


@given(_PERIODS)
def test_every_way_perfcli_prints_a_period_parses_back(period):
    """--period takes what perfcli itself prints: the code, the name (2026年三季度) and the form's label."""
    assert Period.parse(period.code) == period
    assert Period.parse(period.name) == period
    assert Period.parse(period.label) == period
    assert Period.parse(f" {period.name} ") == period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年三季度", Period(2026, 3)),
        ("2026年第三季度", Period(2026, 3)),
        ("2026年度第3季度", Period(2026, 3)),
        ("2026年上半年", Period(2026, 1, "half")),
        ("2026年下半年", Period(2026, 2, "half")),
        ("2026年1-7月", Period(2026, 7, "month")),
        ("２０２６年１－７月", Period(2026, 7, "month")),
        ("2026年1—12月", Period(2026, 12, "month")),
    ],
)
def test_period_in_words(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["2026年五季度", "2026年2-7月", "2026年1-13月", "三季度", "2026年三季度末"])
def test_period_in_words_that_is_no_period(text):
    with pytest.raises(UsageError, match="2026年三季度"):
        Period.parse(text)


def test_form_text_is_not_read_as_months():
    """In a form, 1-7月 heads a column of the national 监控表; the period line is what says the period."""
    assert parse_period_text("2026年1-7月执行数") is None
    assert parse_period_text("（２０２６年度　三季度）") == Period(2026, 3)


def test_time_progress_is_days_elapsed_over_days_in_year():
    assert time_progress(date(2026, 9, 30)) == Decimal("74.79")  # 273/365
    assert time_progress(date(2024, 6, 30)) == Decimal("49.73")  # 182/366, leap year


def test_config_defaults_and_override(tmp_path):
    cfg = load_config(search_from=tmp_path)
    assert cfg.likelihood == ("确定能", "可能性大", "可能性小", "不可能")
    assert cfg.due_date(Period.parse("2026Q3"), "department") == date(2026, 10, 20)
    custom = tmp_path / "perfcli.toml"
    custom.write_text(
        '[vocabulary]\nlikelihood = ["确定能", "有可能", "完全不可能"]\n[periods]\nkind="half"\nunit_due_date = "07-15"\n',
        "utf-8",
    )
    cfg = load_config(custom)
    assert cfg.likelihood == ("确定能", "有可能", "完全不可能")
    assert cfg.fund_sources[0] == "中央"  # untouched keys keep the default
    assert cfg.due_date(Period.parse("2026H1"), "unit") == date(2026, 7, 15)


@pytest.mark.parametrize(
    "name", ["a/b", "a\\b", "..", "../../etc", "CON", "con.txt", "NUL", "x" * 200, "单位" * 100, " . ", ""]
)
def test_safe_filename(name):
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and ".." not in safe
    assert safe.split(".")[0].upper() not in {"CON", "NUL", "PRN", "AUX"}
    assert len(safe.encode("utf-8")) <= 150


def test_unique_names():
    assert unique_names(["甲", "乙", "甲", "甲"]) == ["甲", "乙", "甲（2）", "甲（3）"]


def test_money_json_keeps_the_typed_value():
    assert to_jsonable(Decimal("1250.50")) == 1250.5
    assert to_jsonable(Decimal("120.00")) == 120


def test_every_command_has_chinese_help():
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [c.name for c in app.registered_commands] + [
        g.typer_instance.info.name for g in app.registered_groups
    ]
    for name in commands:
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in res.output), f"{name} 的帮助没有中文"
        assert "Show this message" not in res.output, f"{name} 的 --help 说明是英文"
