"""roster from-targets: the approved 年度 indicators become the roster's 绩效指标 rows (in the monitoring forms'
words), and a 2027 附表1 generated from that roster carries them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from target_fixtures import ROADS, YEAR, declaration
from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from perfcli.model.targets import ANNUAL, MID_TERM, TargetIndicator, TargetVersion
from perfcli.roster.workbook import read_roster
from tests.ledger_workspace import SAMPLE_ROSTER

APPROVED = [
    TargetVersion(
        "30100102", YEAR, 2, "已批复",
        declaration("2026年家庭经济困难学生资助", "区教育局", "301", "区教育局（本级）", "450", [
            TargetIndicator(MID_TERM, "产出指标", "数量指标", "资助学生人数", "≥3000人"),
            TargetIndicator(ANNUAL, "产出指标", "数量指标", "资助学生人数", "1000", nature="≥", unit="人"),
            TargetIndicator(ANNUAL, "产出指标", "时效指标", "资金发放及时率", "100%"),
            TargetIndicator(ANNUAL, "效益指标", "社会效益指标", "困难学生就学保障", "应助尽助"),
            TargetIndicator(ANNUAL, "满意度指标", "服务对象满意度指标", "受助学生满意度", "≥90%"),
        ]),
    ),
    # known by 实施单位/项目名称 only (no code on the form), and no 年度资金总额
    TargetVersion(
        "区教育局（本级）/2026年校舍维修改造工程", YEAR, 1, "已批复",
        replace(declaration("2026年校舍维修改造工程", "区教育局", "301", "区教育局（本级）", "0", ROADS[:1]),
                funds={}),
    ),
]  # fmt: skip


def test_roster_from_targets_replaces_the_approved_projects_rows_and_budget(tmp_path):
    out = tmp_path / "名册（2027）.xlsx"
    before = SAMPLE_ROSTER.read_bytes()
    result = perfcli.roster_from_approved_targets(
        roster=SAMPLE_ROSTER, out=out, period="2027", approved=APPROVED
    )
    assert SAMPLE_ROSTER.read_bytes() == before  # the input is never modified
    roster = read_roster(out)
    rows = [(i.level1, i.level2, i.level3, i.target) for i in roster.indicators_of("30100102")]
    assert rows == [
        ("产出", "产出数量", "资助学生人数", "≥1000人"),
        ("产出", "产出时效", "资金发放及时率", "100%"),
        ("效果", "社会效益", "困难学生就学保障", "应助尽助"),
        ("效果", "服务对象满意度", "受助学生满意度", "≥90%"),
    ]
    assert [(i.level2, i.target) for i in roster.indicators_of("30100103")] == [("产出数量", "≥120公里")]
    assert roster.project_or_none("30100102").budget_total == Decimal("450")
    assert roster.project_or_none("30100103").budget_total == Decimal("693.48")  # no 年度资金总额: kept
    original = read_roster(SAMPLE_ROSTER)
    assert roster.indicators_of("30100101") == original.indicators_of("30100101")  # kept, and said
    assert any("30100101" in w and "保留名册原有的绩效指标" in w for w in result.warnings)
    assert result.to_json()["replaced"][0] == {
        "project": "30100102", "name": "2026年家庭经济困难学生资助", "version": 2, "indicators": 4,
    }  # fmt: skip
    with pytest.raises(perfcli.PerfcliError):  # not overwritten without --force
        perfcli.roster_from_approved_targets(roster=SAMPLE_ROSTER, out=out, period="2027", approved=APPROVED)


def test_a_2027_monitoring_form_from_that_roster_carries_the_approved_targets(tmp_path):
    out = tmp_path / "名册（2027）.xlsx"
    perfcli.roster_from_approved_targets(roster=SAMPLE_ROSTER, out=out, period="2027", approved=APPROVED)
    generated = perfcli.generate(out, "2027Q3", tmp_path / "监控表", force_period=True)
    unit = next(f for f in generated.files if f.code == "301001")
    book = load_workbook(unit.path)
    sheet = next(ws for ws in book.worksheets if any(
        c.value == "2026年家庭经济困难学生资助" for row in ws.iter_rows() for c in row))  # fmt: skip
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [tuple(v for v in row if v is not None) for row in values]
    assert any(row[:4] == ("产出", "产出数量", "资助学生人数", "≥1000人") for row in flat)
    assert any(row[:4] == ("效果", "社会效益", "困难学生就学保障", "应助尽助") for row in flat)
    # 一级 效果 is merged down over the 满意度 row below it
    assert any(row[:3] == ("服务对象满意度", "受助学生满意度", "≥90%") for row in flat)
    assert not any("≥3000人" in row for row in flat)  # the 中长期 target is not the year's


def test_cli_outside_a_workspace_says_the_targets_are_in_the_ledger(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["roster", "from-targets", "--period", "2027", "--roster", str(SAMPLE_ROSTER), "--out", "x.xlsx"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "工作区" in result.output
    assert not (tmp_path / "x.xlsx").exists()
