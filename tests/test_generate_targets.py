"""generate --stage targets: one 项目支出绩效目标申报表 workbook per unit, one sheet per project, pre-filled and
locked from the roster, the grid open with its row groups, last year's approved targets as a hint; filled in
by hand (openpyxl, as a clerk) it reads back to the keys of perfcli.model.targets, and a changed pre-filled value
is seen (V205)."""

from __future__ import annotations

import json
from decimal import Decimal as D

import openpyxl
import pytest
from test_validate import roster
from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from perfcli.model.targets import ANNUAL, MID_TERM, TargetDeclaration, TargetIndicator
from perfcli.roster.workbook import write_roster

HINTS = {
    "P01": [
        TargetIndicator(ANNUAL, "产出指标", "数量指标", "改造户数", "≥280户"),
        TargetIndicator(ANNUAL, "产出指标", "数量指标", "改造面积", "≥2万平方米"),
        TargetIndicator(ANNUAL, "产出指标", "数量指标", "加装电梯数", "≥10部"),
        TargetIndicator(ANNUAL, "产出指标", "数量指标", "新增停车位", "≥50个"),
        TargetIndicator(ANNUAL, "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
    ]
}


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def generated(tmp_path):
    roster_path = tmp_path / "名册.xlsx"
    write_roster(roster_path, roster())
    result = perfcli.generate_targets(roster_path, 2027, tmp_path / "申报表", hints=HINTS)
    return roster_path, result


def _cells(ws):
    return {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_one_locked_workbook_per_unit_with_the_hint_column(generated):
    _, result = generated
    assert (result.units, result.sheets, result.period) == (2, 3, "2027")
    path = next(f.path for f in result.files if f.code == "U01")
    assert path.name == "区住建局（本级）_绩效目标申报表_2027.xlsx"
    ws = openpyxl.load_workbook(path)["老旧小区改造"]
    cells = _cells(ws)
    assert "（2027年度）" in cells and ws.protection.sheet
    assert cells["老旧小区改造"].protection.locked and cells["区住建局（D01）"].protection.locked
    annual = cells["年度资金总额"]
    total = ws.cell(annual.row, annual.column + 1)
    fiscal = ws.cell(annual.row + 1, annual.column + 1)  # 区级 money is 财政拨款
    assert (total.value, fiscal.value) == (1000, 1000) and total.protection.locked
    mid = cells["中期资金总额"]
    assert ws.cell(mid.row, mid.column + 1).value is None
    assert not ws.cell(mid.row, mid.column + 1).protection.locked
    # the hints sit in their own column, never in the 年度 half's input cells; 数量 grows to four rows
    hint = cells["改造户数：≥280户"]
    header = cells["上年批复指标（参考）"]
    assert hint.column == header.column == 9 and hint.protection.locked
    assert ws.cell(hint.row, 7).value is None and not ws.cell(hint.row, 7).protection.locked
    assert "新增停车位：≥50个" in cells and "居民满意度：≥90%" in cells
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
    # a project without hints has no hint column
    other = openpyxl.load_workbook(next(f.path for f in result.files if f.code == "U02")).worksheets[0]
    assert "上年批复指标（参考）" not in _cells(other)
    assert "调整说明" in cells


def _fill(ws) -> None:
    """What a clerk types: 项目属性, 项目期, the 中期 money, both goals, a few indicators, 调整说明."""
    cells = _cells(ws)
    ws.cell(cells["项目属性"].row, 3).value = "延续项目"
    ws.cell(cells["项目期"].row, 7).value = "2026年-2028年"
    mid = cells["中期资金总额"]
    for i, amount in enumerate((3000, 2800, 200)):
        ws.cell(mid.row + i, mid.column + 1).value = amount
    goals = cells["中长期目标"].row + 1
    ws.cell(goals, 3).value = "目标1：三年改造老旧小区900户。\n目标2：居民居住条件明显改善。"
    ws.cell(goals, 6).value = "目标1：改造300户。"
    first = cells["一级指标"].row + 1
    ws.cell(first, 4).value, ws.cell(first, 5).value = "改造户数", "≥900户"
    ws.cell(first, 7).value, ws.cell(first, 8).value = "改造户数", "≥300户"
    last = cells["调整说明"].row - 1  # the 满意度 row
    ws.cell(last, 7).value, ws.cell(last, 8).value = "居民满意度", "≥90%"
    ws.cell(cells["调整说明"].row, 3).value = "改造户数由280户调整为300户。"


def test_filled_in_it_reads_back_and_tampering_is_seen(generated, tmp_path):
    _, result = generated
    path = next(f.path for f in result.files if f.code == "U01")
    wb = openpyxl.load_workbook(path)
    ws = wb["老旧小区改造"]
    _fill(ws)
    wb.save(tmp_path / "filled.xlsx")
    [record, _] = perfcli.extract([tmp_path / "filled.xlsx"]).records
    declaration = TargetDeclaration.from_record(record)
    assert declaration.project_code == "P01" and declaration.year == 2027
    assert (declaration.department, declaration.department_code) == ("区住建局", "D01")
    assert declaration.implementer == "区住建局（本级）" and declaration.project_attribute == "延续项目"
    assert declaration.project_period == "2026年-2028年"
    assert (declaration.fund(MID_TERM).total, declaration.fund(MID_TERM).other) == (D(3000), D(200))
    assert (declaration.fund(ANNUAL).total, declaration.fund(ANNUAL).fiscal) == (D(1000), D(1000))
    assert declaration.goals == {
        MID_TERM: "目标1：三年改造老旧小区900户。\n目标2：居民居住条件明显改善。",
        ANNUAL: "目标1：改造300户。",
    }
    got = [(i.half, i.level1, i.level2, i.level3, i.target) for i in declaration.indicators]
    assert got == [
        (MID_TERM, "产出指标", "数量指标", "改造户数", "≥900户"),
        (ANNUAL, "产出指标", "数量指标", "改造户数", "≥300户"),
        (ANNUAL, "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
    ]
    assert declaration.adjustment_note == "改造户数由280户调整为300户。"
    assert record.issues == []
    # a pre-filled value changed: the identity's record of it says so
    ws.cell(_cells(ws)["年度资金总额"].row, 7).value = 1200
    ws.protection.sheet = False
    wb.save(tmp_path / "changed.xlsx")
    report = perfcli.validate([tmp_path / "changed.xlsx"])
    changed = [f for f in report.files[0].findings if f.code == "V205"]
    assert [f.field for f in changed] == ["annual_total"]


def test_cli_targets_and_the_blank_form(generated, tmp_path):
    roster_path, _ = generated
    assert run("generate", roster_path, "--stage", "targets", "--out", tmp_path / "x").exit_code == 2
    done = run(
        "generate", roster_path, "--stage", "targets", "--period", "2027", "--out", tmp_path / "y", "--json"
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["period"] == "2027"
    again = run("generate", roster_path, "--stage", "targets", "--period", "2027", "--out", tmp_path / "y")
    assert again.exit_code != 0  # nothing overwritten without --force
    blank = run("generate", "--blank", "绩效目标申报表", "--out", tmp_path / "blank")
    assert blank.exit_code == 0, blank.output
    path = tmp_path / "blank" / "项目支出绩效目标申报表.xlsx"
    [record] = perfcli.extract([path]).records
    assert record.form == "project_target" and record.table == [] and record.fields["year"] is None
