"""The whole cycle on the national pack: generate from the sample roster, fill as a clerk would, validate,
aggregate into the city 汇总 with the national columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from national_fixtures import fill_national
from openpyxl import load_workbook

from perfcli import api

PERIOD = "2026M7"


@pytest.fixture
def national_config(tmp_path):
    path = tmp_path / "perfcli.toml"
    path.write_text('[pack]\nname = "national"\n', "utf-8")
    return path


def test_generate_fill_validate_aggregate(tmp_path, sample_roster, national_config):
    out = tmp_path / "监控表"
    generated = api.generate(sample_roster, period=PERIOD, out=out, config=national_config)
    assert generated.files and {f.kind for f in generated.files} == {"unit"}  # departments fill nothing
    assert all(f.path.name.endswith("_监控表_2026M7.xlsx") for f in generated.files)

    blank = api.validate([out], roster=sample_roster, period=PERIOD, config=national_config)
    codes = {f.code for r in blank.files for f in r.findings}
    assert {"N001", "V101"} <= codes and "V205" not in codes and "V203" not in codes

    first, second = generated.files[0].path, generated.files[1].path
    for path in (f.path for f in generated.files):
        fill_national(path, likelihood="有可能" if path == second else "确定能")
    report = api.validate([out], roster=sample_roster, period=PERIOD, config=national_config)
    errors = [f for r in report.files for f in r.findings if f.severity == "error"]
    assert errors == []
    records = next(r for r in report.files if r.path == str(first)).records
    assert {r.form for r in records} == {"national_project"}
    assert all(r.fields["department_code"] for r in records)

    city = api.aggregate_city(
        report, roster=sample_roster, period=PERIOD, config=national_config, out=tmp_path / "汇总.xlsx"
    )
    lines = city.projects
    assert len(lines) == sum(f.sheets for f in generated.files)
    assert all(line.forecast is not None and line.forecast == line.budget_total for line in lines)
    assert set(city.likelihood_values) == {"确定能", "有可能", "完全不可能"}
    uncertain = sum(line.likelihood.get("有可能", 0) for line in lines)
    assert uncertain and uncertain == sum(line.deviation_reasons.get("经费保障", 0) for line in lines)

    sheet = load_workbook(tmp_path / "汇总.xlsx")["监控表汇总"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row[0] == "主管部门")
    total = next(row for row in values if row[0] == "合计")
    column = dict(zip(header, total, strict=False))
    assert column["项目数"] == len(lines)
    budget = sum((line.budget_total for line in lines), Decimal(0))
    assert Decimal(str(column["年初预算数（万元）"])) == budget
    assert column["可能性：有可能"] == uncertain and column["偏差原因：经费保障"] == uncertain
    assert Decimal(str(column["预计执行率（%）"])) == 100

    # the 监控表 has no 已到位资金: no sheet shows it as 0.00 / 0.00%, and no note refers to 附表1/附表2
    book = load_workbook(tmp_path / "汇总.xlsx")
    for name in ("汇总", "项目明细"):
        texts = [str(c.value) for row in book[name].iter_rows() for c in row if c.value is not None]
        assert not [t for t in texts if "已到位" in t or "到位率" in t], name
        assert not [t for t in texts if "附表1" in t or "附表2" in t], name
        assert any("监控表" in t for t in texts), name

    from perfcli.letters.build import build_letters
    from perfcli.letters.data import LetterData
    from perfcli.model.config import load_config

    [report_letter] = build_letters(
        "report", LetterData(city.period, city), load_config(national_config), date(2026, 8, 20)
    )
    assert report_letter.context["totals"]["funds_received"] == "—"
    assert report_letter.context["totals"]["arrival_rate"] == "—"
    assert "附表1" not in report_letter.context["summary"] and report_letter.context["chart"]["arrival"] == []


def test_the_optional_roster_columns_prefill_the_national_form():
    from perfcli.forms.pack import load_pack
    from perfcli.forms.registry import registry_of
    from perfcli.issue.national import ticked_unit_sheets
    from perfcli.model.period import Period
    from perfcli.model.roster import Department, IndicatorTarget, Project, Roster, Unit

    roster = Roster(
        [Department("D1", "区教育局", national_code="301")],
        [Unit("U1", "区实验小学", "D1")],
        [Project("P1", "校舍维修", "U1", Decimal("120.5"), "区级", forecast=Decimal("118"))],
        [IndicatorTarget("P1", "产出指标", "数量指标", "维修面积", "≥3000平方米")],
    )
    (sheet,) = ticked_unit_sheets(
        roster,
        roster.units[0],
        Period(2026, 7, "month"),
        registry_of(load_pack("national")).spec("national_project"),
    )
    assert sheet.values == {
        "project_name": "校舍维修",
        "department": "区教育局（301）",
        "implementer": "区实验小学",
        "funds.total.budget": Decimal("120.5"),
        "funds.fiscal.budget": Decimal("120.5"),  # 区级 is 财政拨款
        "funds.total.forecast": Decimal("118"),
    }
    assert "funds.total.forecast" not in sheet.locked and "funds.total.budget" in sheet.locked
    assert sheet.table == [
        {"level1": "产出指标", "level2": "数量指标", "level3": "维修面积", "target": "≥3000平方米"}
    ]
