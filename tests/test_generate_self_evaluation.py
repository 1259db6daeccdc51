"""generate --stage self-evaluation: pre-filled, locked 自评表 from the roster; 分值 split; the Q3 hint; --blank."""

from __future__ import annotations

import json
from decimal import Decimal as D

import openpyxl
import pytest
from test_validate import roster, unit_workbook
from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from perfcli.issue.self_evaluation import indicator_rows
from perfcli.model.config import load_config
from perfcli.model.roster import IndicatorTarget
from perfcli.roster.workbook import write_roster
from perfcli.scoring.formulas import ScoringSettings

runner = CliRunner()
SETTINGS = ScoringSettings.from_config(load_config(None))


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_group_points_split_with_the_remainder_last():
    r = roster()
    r.indicators += [
        IndicatorTarget("P01", "产出", "产出质量", "验收合格率", "100%"),
        IndicatorTarget("P01", "产出", "产出时效", "完成时间", "2026年11月前"),
        IndicatorTarget("P01", "效果", "服务对象满意度", "居民满意度", "≥90%"),
        IndicatorTarget("P01", "过程", "预算执行", "预算执行率", "100%"),  # no 自评 group: left out
    ]
    r.indicators.append(IndicatorTarget("P01", "效果", "社会效益", "惠及居民", "≥900人"))
    rows, locked = indicator_rows(r, r.projects[0], SETTINGS)
    assert [(row["level1"], row.get("level3"), row["weight"]) for row in rows] == [
        ("产出指标", "改造户数", D("16.67")),
        ("产出指标", "验收合格率", D("16.67")),
        ("产出指标", "完成时间", D("16.66")),  # 50 − 2 × 16.67
        ("效益指标", "惠及居民", D(30)),
        ("满意度指标", "居民满意度", D(10)),
    ]
    assert sum(row["weight"] for row in rows) == D(90)  # type: ignore[misc]
    assert "indicators[0].target" in locked and "indicators[3].weight" in locked
    # without a 效益 indicator the 90 points go to 产出 and 满意度 (tests/test_self_evaluation_points.py)


@pytest.fixture
def workbooks(tmp_path):
    roster_path = tmp_path / "名册.xlsx"
    write_roster(roster_path, roster())
    q3 = tmp_path / "三季度"
    unit_workbook(q3 / "住建.xlsx", projects=({"spent": 812.5},))
    out = tmp_path / "自评表"
    result = perfcli.generate_self_evaluation(roster_path, 2026, out, returns=q3)
    return roster_path, result


def test_one_locked_workbook_per_unit_with_the_q3_hint(workbooks):
    _, result = workbooks
    assert result.units == 2 and result.sheets == 3 and result.period == "2026"
    path = next(f.path for f in result.files if f.code == "U01")
    assert path.name == "区住建局（本级）_自评表_2026.xlsx"
    ws = openpyxl.load_workbook(path)["老旧小区改造"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "（2026年度）" in cells and ws.protection.sheet
    name = cells["老旧小区改造"]
    assert name.protection.locked
    total = cells["年度资金总额"]
    budget = ws.cell(total.row, 5)
    executed = ws.cell(total.row, 6)
    assert budget.value == 1000 and budget.protection.locked
    # the Q3 figure is a hint, never typed into the input cell
    assert executed.value is None and not executed.protection.locked
    assert executed.comment is not None and "截至三季度 812.50 万元" in executed.comment.text
    target = cells["≥300户"]
    # the roster gives 老旧小区改造 only this 产出 indicator: it carries all 90 points (missing_group_split)
    assert target.protection.locked and ws.cell(target.row, 6).value == 90
    assert not ws.cell(target.row, 5).protection.locked  # 实际完成值 is typed by the unit


def test_generated_form_filled_in_scores_and_tampering_is_seen(workbooks, tmp_path):
    _, result = workbooks
    path = next(f.path for f in result.files if f.code == "U02")  # 河道整治: no indicators in the roster
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    total = cells["年度资金总额"].row
    ws.cell(total, 6).value = 240  # 全年执行数 of a 300 budget: 10 × 0.8 = 8
    first = cells["一级指标"].row + 1
    for i, (name, target, actual, score) in enumerate(
        [
            ("整治河道长度", "≥10公里", "9公里", 45),
            ("水质达标率", "≥90%", "95%", 30),
            ("群众满意度", "满意", "满意", 9),
        ]
    ):
        ws.cell(first + i, 3).value, ws.cell(first + i, 4).value = name, target
        ws.cell(first + i, 5).value, ws.cell(first + i, 7).value = actual, score
    ws.cell(first + 1, 6).value = 35  # a pre-filled 分值 changed
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = perfcli.validate([filled])
    [file] = report.files
    [record] = file.records
    # 8 + 50 × 9/10 = 45 + 35 (the changed weight is what the sheet says) + 定性 9
    assert record.score is not None and record.score["total"] == 97
    codes = sorted(f.code for f in file.findings)
    assert "V205" in codes and "S004" in codes  # 分值 changed: 95 ≠ 90


def test_cli_stage_options(tmp_path, workbooks):
    roster_path, _ = workbooks
    assert run("generate", roster_path, "--stage", "self-evaluation", "--out", tmp_path / "x").exit_code == 2
    assert (
        run("generate", roster_path, "--period", "2026Q3", "--returns", tmp_path, "--out", tmp_path).exit_code
        == 2
    )
    assert run("generate", "--stage", "yearly", "--out", tmp_path).exit_code == 2
    bad_year = run(
        "generate", roster_path, "--stage", "self-evaluation", "--period", "2026Q4", "--out", tmp_path / "y"
    )
    assert bad_year.exit_code == 2
    blank = run("generate", "--stage", "self-evaluation", "--blank", "自评表", "--out", tmp_path / "blank")
    assert blank.exit_code == 0 and (tmp_path / "blank" / "项目支出绩效自评表.xlsx").is_file()
    result = run(
        "generate",
        roster_path,
        "--stage",
        "self-evaluation",
        "--period",
        "2026",
        "--out",
        tmp_path / "z",
        "--json",
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["units"] == 2
