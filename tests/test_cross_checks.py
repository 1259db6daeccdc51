"""The sums a clerk checks at a glance (issue 20 item 6), on 自评表 laid out by the tests: 年度资金总额 against
its 其中 rows (S012), a printed 执行率 against its amounts (S013), the printed 预算执行率 得分 (S014) and 总分
(S015) against the computed ones — warnings giving both numbers. The national grid: tests/test_national.py."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl

from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from perfcli.scoring.cross_checks import parts_gap, rate_gap
from perfcli.scoring.evaluate import score_record
from perfcli.scoring.formulas import ScoringSettings
from tests.selfeval_fixtures import lay_out

CONFIG = load_config()
SETTINGS = ScoringSettings.from_config(CONFIG)


def _score(path, **cells):
    wb = openpyxl.load_workbook(path)
    for cell, value in cells.items():
        wb.active[cell] = value
    wb.save(path)
    [record] = read_workbook(path, CONFIG).records
    return score_record(record, SETTINGS)


def test_parts_gap_rules():
    assert parts_gap(D(100), {"a": D(60), "b": D(40)}) is None
    assert parts_gap(D(100), {"a": D(60), "b": D("40.01")}) is None  # within 0.01
    assert parts_gap(D(100), {"a": D(60), "b": D("40.02")}).parts == "100.02"
    assert parts_gap(D(100), {"a": D(60), "b": None}) is None  # a part left empty: the rest may be less
    gap = parts_gap(D(0), {"a": D(90), "b": None})
    assert gap is not None and gap.which == "已填" and gap.items == "a 90"
    assert parts_gap(None, {"a": D(1)}) is None and parts_gap(D(1), {"a": None}) is None
    assert rate_gap(D("99.97"), D("89.974"), D(90)) is None
    assert rate_gap(D(100), D("89.974"), D(90)) is None  # 100% is 99.97% rounded to a whole percent
    assert rate_gap(D("99.9"), D("89.974"), D(90)) == D("99.97")


def test_a_total_of_zero_above_its_appropriation_is_flagged(tmp_path):
    path = lay_out(tmp_path / "s.xlsx")
    score = _score(path, D6=0, E6=0, F6=0, D7=90, E7=90, F7=89.974)
    sums = [f for f in score.findings if f.code == "S012"]
    assert [(f.cell, f.severity) for f in sums] == [("D6", "warning"), ("E6", "warning"), ("F6", "warning")]
    assert sums[2].message.startswith(
        "年度资金总额（全年执行数）为 0 万元，而其中各行已填合计 89.974 万元（本年财政拨款 89.974）"
    )


def test_a_total_equal_to_its_parts_passes(tmp_path):
    path = lay_out(tmp_path / "s.xlsx")  # 200 / 200 / 150 above 其中 200 / 200 / 150
    assert not [f for f in _score(path).findings if f.code in ("S012", "S013", "S014")]


def test_a_printed_rate_and_budget_score_are_checked_against_the_amounts(tmp_path):
    path = lay_out(tmp_path / "s.xlsx")  # 150 of 200: 75%, budget score 7.5
    score = _score(path, H6="80%", I6=9)
    [rate] = [f for f in score.findings if f.code == "S013"]
    assert rate.cell == "H6" and rate.severity == "warning"
    assert "执行率为 80%，而 150 ÷ 200 = 75%" in rate.message
    [budget] = [f for f in score.findings if f.code == "S014"]
    assert budget.cell == "I6" and "填写为 9，按公式计算为 7.5" in budget.message
    right = _score(lay_out(tmp_path / "t.xlsx"), H6="75%", I6=7.5)
    assert not [f for f in right.findings if f.code in ("S013", "S014")]


def test_a_printed_total_is_checked_against_the_computed_one(tmp_path):
    score = _score(lay_out(tmp_path / "s.xlsx", self_total=99))
    [total] = [f for f in score.findings if f.code == "S015"]
    assert total.cell == "G20" and total.severity == "warning"
    assert "总分填写为 99，按公式计算为 91.95，相差 7.05 分" in total.message
    near = _score(lay_out(tmp_path / "t.xlsx", self_total=92.2))  # within the 0.5 tolerance
    assert not [f for f in near.findings if f.code == "S015"]


def test_a_key_projects_printed_execution_rate_is_checked_against_its_totals(tmp_path):
    """附表3: the 预算执行率 row says 60%; 项目总金额 gives 执行数 500 ÷ 预算数 1000 = 50%."""
    from perfcli.findings.checks import validate_record
    from tests.fixtures_builder import lay_key_project, new_book, save

    def findings(totals):
        wb, ws = new_book("附表3")
        lay_key_project(ws, totals=totals, funding={
            "其中：中央、省级财政（万元）": (200, 100),
            "市级财政（万元）": (300, 100),
            "区级财政（万元）": (400, 250),
            "其他（万元）": (100, 50),
        })  # fmt: skip
        [record] = read_workbook(save(wb, tmp_path / "k.xlsx"), CONFIG).records
        return [f for f in validate_record(record, CONFIG) if f.code == "V119"]

    [rate] = findings((1000, 500))
    assert rate.severity == "warning" and rate.field == "indicators[1].actual"
    assert "填写为 60%，而 执行数 500 ÷ 预算数 1000 = 50%" in rate.message
    assert findings((1000, 600)) == []
