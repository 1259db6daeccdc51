"""`perfcli compare 2026Q2 2026Q3`: every rate, change and flag worked out here by hand from the amounts
the test's workbooks hold (one unit, four projects, validated in a workspace for each quarter)."""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from fixtures_builder import PROJECT_INDICATORS, money, unit_book
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.errors import OutputExistsError, UsageError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
UNIT, DEPARTMENT = "区市政园林管理处", "区住房和城乡建设局"
# (code, name, budget as in the roster, spent in Q2, spent in Q3)
PROJECTS = [
    ("30400301", "2026年市政园林管理处城市绿化养护", "45.68", "20", "22"),
    ("30400302", "2026年市政道路养护", "73.96", "40", "60"),
    ("30400303", "2026年市政园林管理处保障性租赁住房补贴", "77.54", "40", "40"),
    ("30400304", "2026年市政园林管理处建筑工地扬尘治理", "26.23", "15", "25"),
]
WORSE = "30400302"  # its first indicator goes from 确定能 to 可能性小 in Q3 (with the analysis filled in)
# Q3 actuals all move except 验收合格率
Q3_INDICATORS = [
    (*row[:4], "100%" if row[2] == "验收合格率" else f"{row[4]}（三季度）", row[5])
    for row in PROJECT_INDICATORS
]
WORSE_INDICATORS = [(*Q3_INDICATORS[0][:5], "可能性小"), *Q3_INDICATORS[1:]]


def rate(part: str | Decimal, whole: str | Decimal) -> Decimal:
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    directory = tmp_path / "工作区"
    api.init(directory)
    config = directory / "perfcli.toml"
    analysis = {"deviation_analysis": "施工受雨季影响。", "improvement_plan": "四季度加快施工。"}
    for period, quarter, column in (("2026Q2", "二季度", 3), ("2026Q3", "三季度", 4)):
        projects = []
        for row in PROJECTS:
            spent = float(row[column])
            values = money(float(row[2]), spent, spent)
            indicators = PROJECT_INDICATORS if period == "2026Q2" else Q3_INDICATORS
            if period == "2026Q3" and row[0] == WORSE:
                values, indicators = {**values, **analysis}, WORSE_INDICATORS
            projects.append((row[1], values, indicators))
        unit_book(directory / period / "园林处.xlsx", UNIT, quarter, projects)
        api.validate(directory / period, roster=SAMPLE_ROSTER, config=config, period=period)
    return directory


def test_compare_by_hand(workspace: Path) -> None:
    config = workspace / "perfcli.toml"
    comparison = api.compare("2026Q2", "2026Q3", roster=SAMPLE_ROSTER, config=config)
    progress_q3 = rate(date(2026, 9, 30).timetuple().tm_yday, 365)  # 序时进度 at the end of Q3
    expected = []
    for code, name, budget, q2, q3 in PROJECTS:
        before, after = rate(q2, budget), rate(q3, budget)
        flags = (["stalled"] if after - before <= 5 and after < progress_q3 else []) + (
            ["likelihood_worse"] if code == WORSE else []
        )
        expected.append((code, name, UNIT, DEPARTMENT, before, after, after - before, flags))
    got = [
        (p.project_code, p.project_name, p.unit, p.department, p.rate_before, p.rate_after, p.change_points,
         p.flags)
        for p in comparison.projects
    ]  # fmt: skip
    assert sorted(got) == sorted(expected)
    # the flags the amounts were chosen for: 城市绿化养护 +4.38 and 保障性租赁住房补贴 +0 while behind
    assert {p.project_code for p in comparison.projects if "stalled" in p.flags} == {"30400301", "30400303"}
    for p in comparison.projects:
        assert p.unchanged_indicators == ["验收合格率"]
    [worse] = [p for p in comparison.projects if p.project_code == WORSE]
    assert worse.worse_indicators == [f"{PROJECT_INDICATORS[0][2]}：确定能→可能性小"]

    [department] = comparison.departments
    budget = sum(Decimal(p[2]) for p in PROJECTS)
    before = rate(sum(Decimal(p[3]) for p in PROJECTS), budget)
    after = rate(sum(Decimal(p[4]) for p in PROJECTS), budget)
    assert (department.name, department.budget, department.rate_before, department.rate_after) == (
        DEPARTMENT, budget, before, after,
    )  # fmt: skip
    assert department.change_points == after - before and (department.stalled, department.worse) == (2, 1)

    # --json is the library's list; the keys the issue names are all there
    runner = CliRunner()
    args = ["compare", "2026Q2", "2026Q3", "-r", str(SAMPLE_ROSTER), "--config", str(config)]
    done = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert done.exit_code == 0
    listed = json.loads(done.stdout)
    assert listed == comparison.to_json()
    keys = {
        "project_code",
        "project_name",
        "unit",
        "department",
        "rate_before",
        "rate_after",
        "change_points",
    }
    assert all(keys | {"flags"} <= set(p) for p in listed)
    first = next(p for p in listed if p["project_code"] == "30400301")
    assert Decimal(str(first["change_points"])) == rate("22", "45.68") - rate("20", "45.68")

    # --out writes 对比.xlsx (and refuses to overwrite it); the terminal view names the flags
    target = workspace / "对比.xlsx"
    shown = runner.invoke(app, [*args, "--out", str(target)], catch_exceptions=False)
    assert shown.exit_code == 0 and "执行进度停滞" in shown.stdout and "完成可能性下降" in shown.stdout
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["项目对比", "部门对比"]
    assert book["项目对比"].max_row == len(PROJECTS) + 1
    with pytest.raises(OutputExistsError):
        api.compare("2026Q2", "2026Q3", roster=SAMPLE_ROSTER, config=config, out=target)


def test_compare_needs_both_periods_in_the_ledger_and_in_order(workspace: Path) -> None:
    config = workspace / "perfcli.toml"
    with pytest.raises(UsageError, match="2026年一季度"):
        api.compare("2026Q1", "2026Q3", config=config)
    with pytest.raises(UsageError, match="先后"):
        api.compare("2026Q3", "2026Q2", config=config)


def test_the_city_summary_gains_the_previous_rate_when_the_ledger_holds_the_previous_quarter(
    workspace: Path,
) -> None:
    config = workspace / "perfcli.toml"
    target = workspace / "汇总.xlsx"
    api.aggregate_city(workspace / "2026Q3", roster=SAMPLE_ROSTER, config=config, period="2026Q3", out=target)
    budget = sum(Decimal(p[2]) for p in PROJECTS)
    before = rate(sum(Decimal(p[3]) for p in PROJECTS), budget)
    after = rate(sum(Decimal(p[4]) for p in PROJECTS), budget)
    book = openpyxl.load_workbook(target)

    def row_of(sheet: str, first: str, label: str) -> dict[str, object]:
        rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
        header = next(r for r in rows if first in r)
        row = next(r for r in rows if label in r)
        return {str(h): v for h, v in zip(header, row, strict=True) if h}

    department = row_of("汇总", "部门", DEPARTMENT)
    assert department["上期执行率\n（2026年二季度）"] == float(before)
    assert department["较上期变化\n（百分点）"] == float(after - before)
    code, name, budget_1, q2, q3 = PROJECTS[0]
    project = row_of("项目明细", "项目", name)
    assert project["上期执行率\n（2026年二季度）"] == float(rate(q2, budget_1))
    assert project["较上期变化\n（百分点）"] == float(rate(q3, budget_1) - rate(q2, budget_1))
    # the first quarter the workspace saw has nothing before it: no such column
    first = api.aggregate_city(workspace / "2026Q2", roster=SAMPLE_ROSTER, config=config, period="2026Q2")
    assert first.previous is None
