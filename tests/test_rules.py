"""Each rule of the catalogue on hand-made FormRecords (no workbook needed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from perfcli.findings import catalogue, handling
from perfcli.findings.checks import validate_record
from perfcli.findings.timeliness import late_finding
from perfcli.model.config import load_config
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, Indicator

Q3 = Period.parse("2026Q3")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


def indicator(level3, actual="完成80%", likelihood="确定能", row=14, **more):
    values = {
        "level1": "产出",
        "level2": "产出数量",
        "level3": level3,
        "target": "≥100个",
        "actual": actual,
        "likelihood": likelihood,
        **more,
    }
    return Indicator(
        values,
        {
            k: f"{c}{row}"
            for k, c in zip(
                ("level1", "level2", "level3", "target", "actual", "likelihood"), "ABCDEF", strict=True
            )
        },
        row,
    )


def project(**fields):
    base = {
        "project_name": "老旧小区改造",
        "budget_total": D("1000"),
        "fund_source": "区级",
        "funds_received": D("900"),
        "funds_spent": D("800"),
        "implementation": "按计划推进",
        "deviation_analysis": None,
        "improvement_plan": None,
    }
    base.update(fields)
    cells = {
        "project_name": "B5",
        "budget_total": "B6",
        "fund_source": "E6",
        "funds_received": "B7",
        "funds_spent": "E7",
        "implementation": "B8",
        "deviation_analysis": "B9",
        "improvement_plan": "B10",
    }
    return FormRecord(
        file="u.xlsx",
        form="project",
        sheet="附表1",
        period=Q3,
        unit="某单位",
        fields=base,
        table=[indicator("改造户数"), indicator("验收合格率", row=15)],
        cells=cells,
    )


def key_project(**funding):
    sources = {
        "central_provincial": (D("100"), D("50")),
        "municipal": (D("200"), D("150")),
        "district": (D("300"), D("250")),
        "other": (None, None),
    }
    sources.update(funding)
    fields = {
        "project_name": "道路提升",
        "total_budget": D("600"),
        "total_executed": D("450"),
        "department": "建设局",
        "implementer": "建设局本级",
        "implementation": "进行中",
    }
    cells = {"total_budget": "E5", "total_executed": "F5"}
    for i, key in enumerate(("central_provincial", "municipal", "district", "other")):
        cells[f"funding.{key}.budget"], cells[f"funding.{key}.executed"] = f"E{6 + i}", f"F{6 + i}"
    return FormRecord(
        file="d.xlsx",
        form="key_project",
        sheet="附表3",
        period=Q3,
        fields=fields,
        funding={k: {"budget": b, "executed": e} for k, (b, e) in sources.items()},
        cells=cells,
        table=[indicator("资金到位率", actual="90%"), indicator("预算执行率", actual="75%", row=15)],
    )


def department(rows=None, **fields):
    base = {"department_name": "建设局", "budget_total": D("5000"), "key_work_progress": "推进中"}
    base.update(fields)
    rows = rows or [
        ("预算执行", "资金到位率", "90%"),
        ("预算执行", "预算执行率", "76%"),
        ("预算执行", "预算调整率", "-5%"),
    ]
    if not any(c == "重点工作推进情况" for c, _, _ in rows):  # 附表2 needs one key work of its own (V118)
        rows = [*rows, ("重点工作推进情况", "道路提升改造", "完成9公里")]
    table = [
        Indicator(
            {"category": c, "indicator": n, "target": "100%", "actual": a, "likelihood": "可能性大"},
            {"actual": f"D{10 + i}", "likelihood": f"E{10 + i}"},
            10 + i,
        )
        for i, (c, n, a) in enumerate(rows)
    ]
    return FormRecord(
        file="d.xlsx",
        form="department",
        sheet="附表2",
        period=Q3,
        fields=base,
        table=table,
        cells={"department_name": "B3", "budget_total": "E3"},
    )


def codes(findings):
    return sorted(f.code for f in findings)


def test_a_clean_record_has_no_findings(config):
    assert validate_record(project(), config, period=Q3) == []
    assert validate_record(key_project(), config, period=Q3) == []
    assert validate_record(department(), config, period=Q3) == []


def test_required_field_names_field_sheet_and_cell(config):
    [f] = validate_record(project(funds_spent=None, funds_received=D("700")), config, period=Q3)
    assert (f.code, f.severity, f.field, f.sheet, f.cell) == ("V101", "error", "funds_spent", "附表1", "E7")
    assert "已支出资金" in f.message and "未填写" in f.message


def test_blank_text_counts_as_missing(config):
    assert codes(validate_record(project(implementation="  "), config)) == ["V101"]


def test_negative_money(config):
    found = validate_record(project(funds_received=D("-5"), funds_spent=D("-10")), config)
    assert codes(found) == ["V102", "V102"]
    assert {f.field for f in found} == {"funds_received", "funds_spent"}


def test_spent_over_received(config):
    [f] = validate_record(project(funds_spent=D("950.5")), config)
    assert f.code == "V103" and "950.5" in f.message and "900" in f.message and f.cell == "E7"


def test_received_over_budget(config):
    [f] = validate_record(project(funds_received=D("1000.01"), funds_spent=D("800")), config)
    assert f.code == "V104" and f.field == "funds_received"


def test_equal_amounts_are_fine(config):
    assert validate_record(project(funds_received=D("1000"), funds_spent=D("1000")), config) == []


@pytest.mark.parametrize("column,total_key", [("budget", "total_budget"), ("executed", "total_executed")])
def test_key_project_total_must_equal_the_four_sources_exactly(config, column, total_key):
    record = key_project()
    record.funding["other"][column] = D("0.01")
    [f] = validate_record(record, config, period=Q3)
    assert f.code == "V105" and f.field == total_key and "-0.01" in f.message
    assert ("预算数" if column == "budget" else "执行数") in f.message


def test_negative_funding_cell(config):
    record = key_project(district=(D("300"), D("-1")), municipal=(D("200"), D("401")))
    found = validate_record(record, config)
    assert "V102" in codes(found)
    assert next(f for f in found if f.code == "V102").cell == "F8"


@pytest.mark.parametrize(
    "value,ok", [("区级", True), ("市级、区级", True), ("省里", False), ("区级、财政", False)]
)
def test_fund_source_vocabulary(config, value, ok):
    found = validate_record(project(fund_source=value), config)
    assert (codes(found) == []) is ok
    if not ok:
        assert codes(found) == ["V106"] and "中央" in found[0].message


def test_likelihood_vocabulary_comes_from_config(config, tmp_path):
    record = project()
    record.table[0].values["likelihood"] = "有可能"
    [f] = validate_record(record, config)
    assert (f.code, f.field, f.cell) == ("V107", "indicators[0].likelihood", "F14")
    central = tmp_path / "c.toml"
    central.write_text(
        '[vocabulary]\nlikelihood = ["确定能", "有可能", "完全不可能"]\nlikelihood_at_risk = ["完全不可能"]\n',
        "utf-8",
    )
    assert validate_record(record, load_config(central)) == []


def test_a_near_miss_the_reader_reported_is_not_an_error_again(config):
    from perfcli.model.findings import Finding

    record = project()
    record.table[0].values["likelihood"] = "可能性较大"
    record.issues.append(Finding("warning", "R003", "近似", sheet="附表1", cell="F14"))
    assert validate_record(record, config) == []
    record.issues[0].cell = "F15"  # a different cell: still checked
    assert codes(validate_record(record, config)) == ["V107"]


def test_indicator_rows_need_actual_and_likelihood(config):
    record = project()
    record.table[1].values.update(actual=None, likelihood="")
    record.table.append(indicator(None, actual=None, likelihood=None, row=16))  # an empty spare row: ignored
    found = validate_record(record, config)
    assert codes(found) == ["V113", "V114"]
    assert {f.cell for f in found} == {"E15", "F15"} and "验收合格率" in found[0].message


@pytest.mark.parametrize(
    "actual,code",
    [
        ("101%", "V108"),
        ("-1", "V108"),
        ("１００％", None),
        ("85.5", None),
        (D("99"), None),
        ("大约一半", "V109"),
    ],
)
def test_rate_rows_within_0_100(config, actual, code):
    record = key_project()
    record.table[0].values["actual"] = actual
    found = validate_record(record, config)
    assert codes(found) == ([code] if code else [])
    if code == "V108":
        assert "已到位资金 ÷ 预算总额" in found[0].message


def test_budget_adjustment_rate_may_be_negative_or_large(config):
    record = department(rows=[("预算执行", "预算调整率", "-150%"), ("预算执行", "资金到位率", "120%")])
    assert codes(validate_record(record, config)) == ["V108"]


@pytest.mark.parametrize("likelihood", ["可能性小", "不可能"])
def test_at_risk_needs_deviation_analysis_and_plan(config, likelihood):
    # a missing explanation asks for the explanation (第十二条), whatever the likelihood: the 第十五条
    # handling of the deviation itself belongs to the 预警清单 and V112
    suggestion = handling.EXPLAIN
    record = project()
    record.table[1].values["likelihood"] = likelihood
    found = validate_record(record, config)
    assert codes(found) == ["V110", "V111"]
    assert all(f.suggestion == suggestion for f in found)
    assert "验收合格率" in found[0].message and likelihood in found[0].message
    record.fields.update(deviation_analysis="受政策调整影响", improvement_plan="四季度加快验收")
    assert validate_record(record, config) == []


def test_execution_lag_states_both_numbers_and_formula(config):
    # 序时进度 at 2026-09-30 is 74.79%; spent 600 / budget 1000 = 60% -> 14.79 points behind (> 10)
    [f] = validate_record(project(funds_spent=D("600")), config, period=Q3)
    assert (f.code, f.severity, f.field, f.cell) == ("V112", "warning", "funds_spent", "E7")
    assert "60.00%" in f.message and "74.79%" in f.message and "已支出资金 600 ÷ 预算总额 1000" in f.message
    assert f.suggestion == handling.OBJECTIVE


def test_execution_lag_serious_and_margin_edges(config):
    [f] = validate_record(project(funds_spent=D("400")), config, period=Q3)  # 34.79 behind > 30
    assert f.suggestion == handling.SERIOUS
    assert (
        validate_record(project(funds_spent=D("647.9")), config, period=Q3) == []
    )  # 64.79: exactly 10 behind
    assert codes(validate_record(project(funds_spent=D("647.8")), config, period=Q3)) == ["V112"]


def test_execution_lag_for_key_project_and_department(config):
    record = key_project(central_provincial=(D("100"), D("0")))
    record.fields["total_executed"] = D("300")  # 50% of 600
    assert "V112" in codes(validate_record(record, config, period=Q3))
    dept = department(rows=[("预算执行", "预算执行率", "50%")])
    [f] = validate_record(dept, config, period=Q3)
    assert f.code == "V112" and f.cell == "D10"


def test_period_mismatch_and_missing(config):
    record = project()
    assert codes(validate_record(record, config, period=Period.parse("2026Q2"))) == ["V115"]
    record.period = None
    [f] = validate_record(record, config, period=Q3)
    assert f.code == "V116" and "2026年三季度" in f.message


def test_timeliness_names_the_date_used_and_the_due_date(config):
    record = project()
    assert late_finding(record, config, Q3, date(2026, 10, 10), "文件修改时间") is None
    late = late_finding(record, config, Q3, date(2026, 10, 11), "文件修改时间")
    assert late.code == "V117" and late.severity == "warning"
    assert "文件修改时间 2026-10-11" in late.message and "2026-10-10" in late.message
    dept = department()
    assert late_finding(dept, config, Q3, date(2026, 10, 20), "工作簿保存时间") is None
    assert "2026-10-20" in late_finding(dept, config, Q3, date(2026, 10, 21), "工作簿保存时间").message


def test_every_rule_is_declared_once_with_a_chinese_message():
    rules = catalogue.all_rules()
    assert len({r.code for r in rules}) == len(rules)
    for rule in rules:
        assert rule.severity in ("error", "warning") and rule.title and rule.description
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)


def test_rule_docs_are_in_sync():
    from scripts import gen_rule_docs

    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == gen_rule_docs.render(), (
        "请运行 python scripts/gen_rule_docs.py"
    )
