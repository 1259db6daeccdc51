"""The national 项目支出绩效目标执行监控表 read from a workbook laid out by test code (national_fixtures), and
its checks (N0xx): ticks, remarks, the funds grid, the cut-off month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from national_fixtures import DEFAULT_ROWS, national_workbook

from perfcli.api.common import config_of
from perfcli.findings.checks import validate_record
from perfcli.model.period import Period
from perfcli.returns.read import read_workbook

EXPECTED = {
    "form": "national_project",
    "sheet": "监控表",
    "period": {"year": 2026, "month": 7},
    "unit": "新北区实验小学",  # the 实施单位 fills the form
    "fields": {
        "project_name": "乡村学校教学条件改善",
        "department": "常州市新北区教育局",
        "department_code": "301",
        "implementer": "新北区实验小学",
        "overall_goal": "完成10所乡村学校教室改造，培训教师1200人次。",
        "overall_progress": "已完成4所学校改造，培训800人次。",
        "funds": {
            "total": {"budget": 500, "executed": 300, "rate": 60, "forecast": 500},
            "fiscal": {"budget": 400, "executed": 250, "rate": 62.5, "forecast": 400},
            "other": {"budget": 100, "executed": 50, "rate": 50, "forecast": 100},
        },
    },
    "indicators": [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "培训人次",
            "target": "1200人次",
            "actual_to_date": "800人次",
            "forecast": "1200人次",
            "remark": None,
            "deviation_reasons": [],
            "likelihood": "确定能",
        },
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "新建教室",
            "target": "10间",
            "actual_to_date": "4间",
            "forecast": "8间",
            "remark": "资金下达较晚",
            "deviation_reasons": ["经费保障"],
            "likelihood": "有可能",
        },
        {
            "level1": "产出指标",
            "level2": "质量指标",
            "level3": "验收合格率",
            "target": "100%",
            "actual_to_date": "100%",
            "forecast": "100%",
            "remark": None,
            "deviation_reasons": [],
            "likelihood": "确定能",
        },
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "level3": "受益学生数",
            "target": "5000人",
            "actual_to_date": "3000人",
            "forecast": "5000人",
            "remark": None,
            "deviation_reasons": [],
            "likelihood": "确定能",
        },
    ],
    "issues": [],
}


def read(path: Path, config=None):
    content = read_workbook(path, config_of(config))
    assert content.rejected is None
    assert len(content.records) == 1
    return content.records[0]


def findings(record, period: str | None = "2026M7"):
    return validate_record(record, config_of(None), period=Period.parse(period) if period else None)


def test_a_national_form_laid_out_from_outside_reads_to_the_expected_record(tmp_path):
    record = read(national_workbook(tmp_path / "监控表.xlsx", top_rows=2))
    got = json.loads(json.dumps(record.to_json(), ensure_ascii=False))
    got.pop("file")
    assert got == EXPECTED
    assert record.cells["funds.fiscal.executed"] == "H9"  # two blank rows above the title
    assert findings(record) == []


@pytest.mark.parametrize("mark", ["√", "✓", "✔", "是", "1", "x", "X", 1])
def test_every_tick_mark_counts(tmp_path, mark):
    record = read(national_workbook(tmp_path / "t.xlsx", tick=mark))
    second = record.table[1]
    assert (second.get("likelihood"), second.get("deviation_reasons")) == ("有可能", ["经费保障"])


def test_other_marks_do_not_tick(tmp_path):
    rows = [(*DEFAULT_ROWS[0][:6], ("其他",), ("确定能",), None)]
    record = read(national_workbook(tmp_path / "t.xlsx", rows=rows, tick="否"))
    assert (record.table[0].get("likelihood"), record.table[0].get("deviation_reasons")) == (None, [])


def test_two_likelihoods_ticked_leave_it_empty_and_name_both_cells(tmp_path):
    rows = [(*DEFAULT_ROWS[0][:6], (), ("确定能", "完全不可能"), "说明")]
    record = read(national_workbook(tmp_path / "t.xlsx", rows=rows))
    assert record.table[0].get("likelihood") is None
    errors = [f for f in findings(record) if f.code == "N002"]
    assert len(errors) == 1 and errors[0].severity == "error"
    likelihood_cells = [record.table[0].cells[f"likelihood@{o}"] for o in ("确定能", "完全不可能")]
    assert likelihood_cells == ["M13", "O13"]
    assert "M13、O13" in errors[0].message and errors[0].cell == "M13"


def test_no_likelihood_ticked(tmp_path):
    rows = [(*DEFAULT_ROWS[0][:6], (), (), None)]
    record = read(national_workbook(tmp_path / "t.xlsx", rows=rows))
    assert [f.code for f in findings(record)] == ["N001"]


def test_deviation_reason_needed_when_not_certain_or_short_of_target(tmp_path):
    rows = [
        ("产出指标", "数量指标", "新建教室", "10间", "4间", "8间", (), ("有可能",), "说明"),
        ("产出指标", "数量指标", "培训人次", "1200人次", "800人次", "1000人次", (), ("确定能",), None),
        ("产出指标", "成本指标", "单位成本", "≤50万元", "20万元", "45万元", (), ("确定能",), None),
    ]
    record = read(national_workbook(tmp_path / "t.xlsx", rows=rows))
    found = [(f.code, f.cell) for f in findings(record)]
    assert found == [("N003", "H13"), ("N003", "H14")]  # 单位成本 ≤ target: not short


def test_remark_required_for_other_and_uncertain(tmp_path):
    rows = [
        ("产出指标", "数量指标", "新建教室", "10间", "4间", "8间", ("其他",), ("确定能",), None),
        (
            "产出指标",
            "数量指标",
            "培训人次",
            "1200人次",
            "800人次",
            "1000人次",
            ("经费保障",),
            ("完全不可能",),
            None,
        ),
        ("产出指标", "质量指标", "合格率", "100%", "100%", "100%", ("其他",), ("有可能",), "已说明"),
    ]
    record = read(national_workbook(tmp_path / "t.xlsx", rows=rows))
    found = [(f.code, f.cell) for f in findings(record)]
    assert found == [("N004", "P13"), ("N004", "P14")]
    assert "“完全不可能”" in findings(record)[1].message


def test_funds_grid_checks(tmp_path):
    funds = {
        "年度资金总额": (500, 520, "104%", 510),  # executed > budget; forecast < executed
        "其中：财政拨款": (400, 250, "62.505%", 400),  # within 0.01 pp of 62.5
        "其他资金": (120, 50, "41.68%", 100),  # 41.666…: 0.013 pp off
    }
    record = read(national_workbook(tmp_path / "t.xlsx", funds=funds))
    found = [(f.code, f.cell) for f in findings(record) if f.code != "S012"]
    assert found == [("N005", "H6"), ("N007", "N6"), ("N006", "K8")]
    assert "41.67%" in [f for f in findings(record) if f.code == "N006"][0].message
    # 年度资金总额 is not 财政拨款 + 其他资金 in any money column (520 ≠ 500, 300 ≠ 520, 500 ≠ 510)
    sums = [f for f in findings(record) if f.code == "S012"]
    assert [f.cell for f in sums] == ["E6", "H6", "N6"]
    assert sums[0].message.startswith("年度资金总额（年初预算数）为 500 万元，而其中各行合计 520 万元")


def test_a_total_of_zero_above_its_parts_is_flagged(tmp_path):
    """The 云南 case: 年度资金总额 0 / 0 / 0 above a 财政拨款 row of 90 / 89.974, 其他资金 left empty."""
    funds = {
        "年度资金总额": (0, 0, None, 0),
        "其中：财政拨款": (90, 89.974, "99.97%", 90),
        "其他资金": (None, None, None, None),
    }
    record = read(national_workbook(tmp_path / "t.xlsx", funds=funds))
    sums = [f for f in findings(record) if f.code == "S012"]
    assert [(f.cell, f.severity) for f in sums] == [("E6", "warning"), ("H6", "warning"), ("N6", "warning")]
    assert "其中各行已填合计 89.974 万元（财政拨款 89.974）" in sums[1].message


def test_cut_off_month_is_checked_against_the_period(tmp_path):
    record = read(national_workbook(tmp_path / "t.xlsx", month=6))
    assert record.period == Period(2026, 6, "month")
    assert findings(record, "2026Q2") == []  # 1-6月 is the half year's cut-off too
    wrong = findings(record, "2026M7")
    assert {f.code for f in wrong} == {"N008"}
    assert sorted(f.cell for f in wrong) == ["A10", "F11", "H5", "K5"]
    assert "1-7月" in wrong[0].message


def test_a_form_of_another_pack_is_read_whatever_pack_is_selected(tmp_path, sample_roster):
    national = national_workbook(tmp_path / "n.xlsx")
    changzhou = next(Path(sample_roster).parent.joinpath("returns").glob("*_附表1_*.xlsx"))
    for pack in ("changzhou-xinbei", "national"):
        config = tmp_path / f"{pack}.toml"
        config.write_text(f'[pack]\nname = "{pack}"\n', "utf-8")
        assert read(national, config).form == "national_project"
        forms = {r.form for r in read_workbook(changzhou, config_of(config)).records}
        assert forms == {"project"}


def test_extract_shows_the_funds_grid_and_the_ticks(tmp_path):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    path = national_workbook(tmp_path / "t.xlsx", month=6)
    result = CliRunner().invoke(app, ["extract", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "常州市新北区教育局（301）" in result.stdout and "1-6月总体目标完成情况" in result.stdout
    assert "财政拨款（年初预算数 / 1-6月执行数 / 1-6月执行率 / 全年预计执行数）" in result.stdout
    assert "400 / 250 / 62.5 / 400" in result.stdout and "经费保障" in result.stdout
