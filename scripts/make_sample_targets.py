"""Build sample_data/targets/ (first round), sample_data/targets_corrected/ (second round) and
sample_data/targets_adjustment/ (a 调整 after 批复): the 项目支出绩效目标申报表 of 2027 as units return them.

Generates the 申报表 of a few units of the sample roster (two departments, three units each: the demo runs
them) into a temporary folder and fills every sheet the way a unit's clerk would (openpyxl): 项目属性, 项目期,
the 中期 money, the goals as 目标1/目标2 lines, and the indicators — the roster's 2026 indicators carried into
2027, their 中长期 values for the whole 项目期. Most forms are clean; DEFECTS plants one realistic mistake on
one project each (the review rules' cases, issue 23); targets_corrected/ holds the same units' workbooks with
the mistakes put right; targets_adjustment/ one unit's workbook after 批复 with a changed indicator and its
调整说明. Deterministic, apart from the generation time in each workbook's identity.

Run from the repository root: .venv/bin/python scripts/make_sample_targets.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from perfcli.api import generate_targets
from perfcli.model.quantities import parse_quantity
from perfcli.model.roster import Project, Roster
from perfcli.model.values import plain_number
from perfcli.roster.read import read_roster

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sample_data"
YEAR = 2027
DEPARTMENTS = ("区教育局", "区卫生健康局")
UNITS_PER_DEPARTMENT = 3
# the roster's 二级 (产出数量 …) -> the 申报表's row group
LEVEL2 = {
    "产出数量": ("产出指标", "数量指标"),
    "产出质量": ("产出指标", "质量指标"),
    "产出时效": ("产出指标", "时效指标"),
    "产出成本": ("产出指标", "成本指标"),
    "经济效益": ("效益指标", "经济效益指标"),
    "社会效益": ("效益指标", "社会效益指标"),
    "生态效益": ("效益指标", "生态效益指标"),
    "可持续影响": ("效益指标", "可持续影响指标"),
    "服务对象满意度": ("满意度指标", "服务对象满意度指标"),
}
# the n-th project of the chosen units (in roster order) -> its planted mistake (first round only)
DEFECTS = {
    0: "no_satisfaction",  # 完整性: no 满意度 indicator
    2: "vague_quality",  # 相关性: 质量指标 “明显提高”
    4: "duplicate_name",  # 相关性: the same 三级 twice
    6: "parts_exceed_total",  # 适当性: 其中 财政拨款 + 其他资金 above 中期资金总额
    8: "cost_above_budget",  # 适当性: a 成本指标 in 万元 above the 年度资金总额
    10: "low_satisfaction",  # 适当性: 满意度 ≥70%
    12: "annual_beyond_mid",  # 可行性: a 年度 value beyond its 中长期 value
    14: "period_ends_early",  # 可行性: 项目期 ends in 2026
    16: "level3_repeats_level2",  # 相关性: a 三级 that repeats its 二级
}
ADJUSTED = 1  # the project whose approved targets are changed after 批复 (targets_adjustment/)

Row = dict[str, Any]


def sample_roster() -> Roster:
    roster = read_roster(ROOT / "sample_data" / "roster.xlsx")
    departments = [d for d in roster.departments if d.name in DEPARTMENTS]
    units = [u for d in departments for u in roster.units_of(d.code)[:UNITS_PER_DEPARTMENT]]
    codes = {u.code for u in units}
    projects = [p for p in roster.projects if p.unit_code in codes]
    kept = {p.code for p in projects}
    indicators = [i for i in roster.indicators if i.project_code in kept]
    return replace(roster, departments=departments, units=units, projects=projects, indicators=indicators)


def _mid_value(target: str) -> str:
    """The 中长期 value of a 年度 target over a three-year 项目期: counts add up, rates and dates stay."""
    quantity = parse_quantity(target)
    if quantity is None or quantity.sign not in ("≥", "") or quantity.unit in ("%", "％", "年", "日"):
        return target
    return f"{quantity.sign}{plain_number(quantity.number * 3)}{quantity.unit}"


def declared_rows(roster: Roster, project: Project) -> list[Row]:
    rows = []
    for target in roster.indicators_of(project.code):
        level1, level2 = LEVEL2.get(target.level2, ("产出指标", "数量指标"))
        # “=12个” as a clerk types it in Excel is “＝12个” (a leading = would start a formula)
        annual = target.target.replace("2026年", f"{YEAR}年").replace("=", "＝")
        rows.append({"level1": level1, "level2": level2, "level3": target.level3, "annual": annual})
    for row in rows:
        row["mid"] = _mid_value(row["annual"]).replace(f"{YEAR}年12月31日", f"{YEAR + 1}年12月31日")
    return rows


# who a department's projects serve: the 三级 of a 满意度 indicator names them (a bare “服务对象满意度” only
# repeats its 二级, which the review flags)
SERVED = {"区教育局": "学生及家长满意度", "区卫生健康局": "患者及群众满意度"}


def complete_rows(roster: Roster, project: Project, rows: list[Row]) -> None:
    """What a unit declaring its 2027 targets adds to last year's indicators: every family of the 申报表
    (产出 数量 and 质量, 效益, 满意度), and a 满意度 indicator named for whom it serves."""
    unit = roster.unit(project.unit_code)
    served = SERVED.get(roster.department(unit.department_code).name, "服务对象满意度（受益群众）")
    for row in rows:
        if row["level1"] == "满意度指标" and row["level3"] in ("服务对象满意度", "满意度"):
            row["level3"] = served
    wanted = (
        ("产出指标", "数量指标", {"level3": "受益人数", "annual": "≥2000人", "mid": "≥6000人"}),
        ("产出指标", "质量指标", {"level3": "任务验收合格率", "annual": "≥95%", "mid": "≥95%"}),
        ("效益指标", None, {"level2": "社会效益指标", "level3": "服务保障能力", "annual": "持续提升"}),
        ("满意度指标", None, {"level2": "服务对象满意度指标", "level3": served, "annual": "≥90%"}),
    )
    for level1, level2, added in wanted:
        if not any(r["level1"] == level1 and level2 in (None, r["level2"]) for r in rows):
            row = {"level1": level1, "level2": level2, **added}
            row.setdefault("mid", row["annual"])
            rows.append(row)


def _plant(defect: str, project: Project, rows: list[Row], form: Row) -> None:
    """One mistake a unit really makes, into the project's rows and form values."""
    if defect == "no_satisfaction":
        rows[:] = [r for r in rows if r["level1"] != "满意度指标"]
    elif defect == "vague_quality":
        rows.append({"level1": "产出指标", "level2": "质量指标", "level3": "服务质量", "annual": "明显提高"})
        rows[-1]["mid"] = "明显提高"
    elif defect == "duplicate_name":
        first = next(r for r in rows if r["level1"] == "产出指标")
        rows.insert(rows.index(first) + 1, dict(first))
    elif defect == "parts_exceed_total":
        form["mid_other"] = (form["mid_total"] * Decimal("0.2")).quantize(Decimal("0.01"))
    elif defect == "cost_above_budget":
        over = f"≤{plain_number((project.budget_total * Decimal('1.5')).quantize(Decimal(1)))}万元"
        cost = next((r for r in rows if r["level2"] == "成本指标"), None)
        if cost is None:  # the form has one 成本 row: the mistake is in it when last year's cost fills it
            cost = {"level1": "产出指标", "level2": "成本指标", "level3": "项目总成本"}
            rows.append(cost)
        cost["annual"] = cost["mid"] = over
    elif defect == "low_satisfaction":
        for r in rows:
            if r["level1"] == "满意度指标":
                r["annual"] = r["mid"] = "≥70%"
    elif defect == "annual_beyond_mid":
        first = next(r for r in rows if parse_quantity(r["annual"]) is not None and "%" not in r["annual"])
        quantity = parse_quantity(first["annual"])
        assert quantity is not None
        first["mid"] = f"{quantity.sign}{plain_number(quantity.number / 2)}{quantity.unit}"
    elif defect == "period_ends_early":
        form["project_period"] = "2024年-2026年"
    elif defect == "level3_repeats_level2":
        rows.append({"level1": "产出指标", "level2": "质量指标", "level3": "质量指标", "annual": "≥95%"})
        rows[-1]["mid"] = "≥95%"


def _cells(ws: Any) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                out.setdefault(c.value, (c.row, c.column))
    return out


def fill_sheet(ws: Any, project: Project, rows: list[Row], form: Row) -> None:
    at = _cells(ws)
    ws.cell(at["项目属性"][0], 3).value = form["project_attribute"]
    ws.cell(at["项目期"][0], 7).value = form["project_period"]
    r, c = at["中期资金总额"]
    for i, key in enumerate(("mid_total", "mid_fiscal", "mid_other")):
        ws.cell(r + i, c + 1).value = float(form[key])
    goals = at["中长期目标"][0] + 1
    name = project.name.removeprefix("2026年")
    ws.cell(
        goals, 3
    ).value = f"目标1：项目期内持续推进{name}，完成各项建设和服务任务。\n目标2：服务对象满意度保持较高水平。"
    ws.cell(
        goals, 6
    ).value = f"目标1：{YEAR}年按计划完成{name}年度任务。\n目标2：资金按进度支出，项目按期完工。"
    first, end = at["一级指标"][0] + 1, at["调整说明"][0]
    level2, free = None, []
    for r in range(first, end):
        level2 = ws.cell(r, 3).value or level2
        free.append((r, level2))
    for row in rows:
        slot = next(((r, l2) for r, l2 in free if l2 == row["level2"]), None)
        if slot is None:
            continue  # no row left in the group: the clerk keeps the form's rows (the sheet is protected)
        free.remove(slot)
        ws.cell(slot[0], 4).value, ws.cell(slot[0], 5).value = row["level3"], row["mid"]
        ws.cell(slot[0], 7).value, ws.cell(slot[0], 8).value = row["level3"], row["annual"]
    if form.get("adjustment_note"):
        ws.cell(end, 3).value = form["adjustment_note"]


def form_values(project: Project) -> Row:
    total = (project.budget_total * 3).quantize(Decimal("0.01"))
    other = project.fund_source == "其他"
    return {
        "project_attribute": "延续项目",
        "project_period": f"{YEAR - 1}年-{YEAR + 1}年",
        "mid_total": total,
        "mid_fiscal": Decimal(0) if other else total,
        "mid_other": total if other else Decimal(0),
    }


def build(out: Path, roster: Roster, generated: Path, *, defects: bool, adjust: bool = False) -> int:
    """Fill the generated workbooks into `out`: with the first round's mistakes, or clean; only the units of
    the defective projects when not `defects` (the second round), only the adjusted one with `adjust`."""
    order = {p.code: i for i, p in enumerate(roster.projects)}
    wanted_units = None
    if not defects:
        picked = ADJUSTED if adjust else None
        chosen = [i for i in DEFECTS] if picked is None else [picked]
        wanted_units = {roster.projects[i].unit_code for i in chosen}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    count = 0
    for path in sorted(generated.rglob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        unit_code = unit_code_of(roster, wb)
        if wanted_units is not None and unit_code not in wanted_units:
            continue
        for project, ws in zip(roster.projects_of(unit_code), wb.worksheets, strict=False):
            rows, form = declared_rows(roster, project), form_values(project)
            complete_rows(roster, project, rows)
            index = order[project.code]
            if defects and index in DEFECTS:
                _plant(DEFECTS[index], project, rows, form)
            if adjust and index == ADJUSTED:
                first = next(r for r in rows if r["level2"] == "数量指标")
                old = first["annual"]
                quantity = parse_quantity(old)
                if quantity is not None:
                    new = f"{quantity.sign}{plain_number(quantity.number + 2)}{quantity.unit}"
                    first["annual"] = new
                    form["adjustment_note"] = (
                        f"“{first['level3']}”年度指标值由{old}调整为{new}：年中追加预算，任务量相应增加。"
                    )
            fill_sheet(ws, project, rows, form)
        wb.save(out / path.name)
        count += 1
    return count


def unit_code_of(roster: Roster, wb: Any) -> str:
    names = {u.name: u.code for u in roster.units}
    stem = str(wb.properties.title or "")
    first = wb.worksheets[0]
    implementer = _cells(first).get("实施单位")
    if implementer is not None:
        text = first.cell(implementer[0], implementer[1] + 1).value
        if text in names:
            return names[text]
    raise SystemExit(f"无法识别工作簿所属单位：{stem}")


def main() -> int:
    roster = sample_roster()
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "申报表"
        generate_targets(roster, YEAR, generated)
        first = build(DATA / "targets", roster, generated, defects=True)
        second = build(DATA / "targets_corrected", roster, generated, defects=False)
        adjusted = build(DATA / "targets_adjustment", roster, generated, defects=False, adjust=True)
    print(f"targets/ {first} 个工作簿；targets_corrected/ {second} 个；targets_adjustment/ {adjusted} 个")
    return 0


if __name__ == "__main__":
    sys.exit(main())
