"""Roll-ups name what they leave out: the units and projects not reported (how many, which, how much money),
and say that the totals and rates cover the reported projects only — in the department's 附表2 pre-fill, in
the city 汇总.xlsx and in its JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from test_aggregate import CONFIG, Q3, project, returned

from perfcli.forms.registry import forms_of
from perfcli.model.roster import Department, Project, Roster, Unit
from perfcli.rollups.city import aggregate_city
from perfcli.rollups.load import city_from_json
from perfcli.rollups.workbooks import write_city_workbook, write_department_workbooks

D = Decimal
ROSTER = Roster(
    departments=[Department("D01", "区教育局", D("2000")), Department("D02", "区卫健委")],
    units=[
        Unit("U011", "区实验小学", "D01"),
        Unit("U012", "区第一中学", "D01"),
        Unit("U021", "区人民医院", "D02"),
    ],
    projects=[
        Project("P1", "校舍维修", "U011", D("100.10"), "区级"),
        Project("P2", "教师培训", "U011", D("50"), "区级"),
        Project("P3", "智慧校园", "U012", D("200.5"), "区级"),
        Project("P4", "操场改造", "U012", D("110.3"), "区级"),
        Project("P5", "设备更新", "U021", D("200"), "区级"),
    ],
    indicators=[],
)


def returns():
    """区实验小学 and 区人民医院 report everything; 区第一中学 (310.8万元 in two projects) sends nothing."""
    return [
        returned(
            "in/实验小学.xlsx",
            project("区实验小学", "校舍维修", "100.10", "80", "30"),
            project("区实验小学", "教师培训", "50", "50", "45"),
            code="U011",
        ),
        returned("in/医院.xlsx", project("区人民医院", "设备更新", "200", "200", "150"), code="U021"),
    ]


def cell_texts(path: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_rollup_knows_the_missing_unit_its_projects_and_their_money():
    city = aggregate_city(returns(), CONFIG, period=Q3, roster=ROSTER)
    edu, health = city.departments
    assert [(p.unit, p.project, p.budget_total, p.unit_state) for p in edu.unreported] == [
        ("区第一中学", "智慧校园", D("200.5"), "未报送"),
        ("区第一中学", "操场改造", D("110.3"), "未报送"),
    ]
    assert health.unreported == [] and edu.totals.projects == 2  # the rates are the two reported ones
    assert edu.totals.execution_rate == D("49.97")  # 75 / 150.10, not 75 / 460.90
    again = city_from_json(
        json.loads(json.dumps(city.to_json(), ensure_ascii=False, default=str)), forms_of(CONFIG)
    )
    assert again.departments[0].unreported == edu.unreported
    summary = city.to_json()["unreported"]
    assert summary == {"projects": 2, "units": 1, "budget_total": 310.8}


def test_without_a_roster_nobody_claims_everything_was_reported():
    city = aggregate_city(returns(), CONFIG, period=Q3)
    assert city.unreported is None and city.to_json()["unreported"] is None


def test_department_prefill_names_the_missing_unit_and_says_the_rates_cover_reported_projects(tmp_path):
    city = aggregate_city(returns(), CONFIG, period=Q3, roster=ROSTER)
    [path] = write_department_workbooks([city.departments[0]], tmp_path, CONFIG)
    form = " ".join(cell_texts(path, "附表2"))
    assert "仅按已报送的2个项目" in form
    assert "1个单位的2个项目（预算合计310.80万元）未报送" in form
    assert "区第一中学（未报送；智慧校园 200.50、操场改造 110.30万元）" in form
    ws = openpyxl.load_workbook(path)["附表2"]
    comments = [c.comment.text for row in ws.iter_rows() for c in row if c.comment]
    assert comments and all("310.80万元）未报送" in text for text in comments)
    assert any("区第一中学" in text and "310.80" in text for text in cell_texts(path, "项目明细"))


def test_city_workbook_lists_the_unreported_projects_and_counts_them_per_department(tmp_path):
    city = aggregate_city(returns(), CONFIG, period=Q3, roster=ROSTER)
    target = write_city_workbook(city, tmp_path / "汇总.xlsx", CONFIG)
    wb = openpyxl.load_workbook(target)
    summary = wb["汇总"]
    header = [c.value for c in summary[3]]
    rows = {r[1]: dict(zip(header, r, strict=False)) for r in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["区教育局"]["未报送项目数\n（未计入）"] == 2
    assert D(str(rows["区教育局"]["未报送项目预算\n（万元，未计入）"])) == D("310.8")
    assert rows["区卫健委"]["未报送项目数\n（未计入）"] == 0
    assert rows["合计"]["未报送项目数\n（未计入）"] == 2
    notes = " ".join(cell_texts(target, "汇总"))
    assert "仅按已报送的3个项目" in notes and "1个单位的2个项目（预算合计310.80万元）" in notes
    listed = [r for r in wb["未报送项目"].iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [(r[1], r[2], r[3], r[5], D(str(r[6]))) for r in listed] == [
        ("区教育局", "区第一中学", "未报送", "智慧校园", D("200.5")),
        ("区教育局", "区第一中学", "未报送", "操场改造", D("110.3")),
    ]
    total = next(r for r in wb["未报送项目"].iter_rows(min_row=4, values_only=True) if r[1] == "合计")
    assert D(str(total[6])) == D("310.8")


def test_a_partial_unit_is_named_with_only_its_missing_project(tmp_path):
    partial = [
        returned("in/实验小学.xlsx", project("区实验小学", "校舍维修", "100.10", "80", "30"), code="U011"),
    ]
    city = aggregate_city(partial, CONFIG, period=Q3, roster=ROSTER)
    edu = city.departments[0]
    assert [(p.project, p.unit_state) for p in edu.unreported if p.unit == "区实验小学"] == [
        ("教师培训", "部分报送")
    ]
