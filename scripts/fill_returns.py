"""Fill generated monitoring workbooks the way a clerk would, with optional realistic mistakes.

A library for make_sample_returns.py, the tests and the benchmarks: every function is deterministic for
a given seed. Cells are found by their printed labels (as a clerk finds them), not by fixed addresses.

    from fill_returns import Mistakes, fill_unit_workbook, fill_department_workbook, set_modified
    facts = fill_unit_workbook(src, dst, seed=7, mistakes=Mistakes(spent_over_received=True),
                               modified=datetime(2026, 10, 8, 2))
    fill_department_workbook(dept_src, dept_dst, seed=7, projects={f.code: f for f in facts})

Mistakes (each lands on one 附表1 sheet, `Mistakes.sheet`, and is listed in the returned facts):
  spent_over_received, received_over_budget, near_miss_likelihood ("可能性较大"),
  unlikely_without_analysis (可能性小 with 偏离分析/改进计划 left empty), missing_required (a field key left
  blank), text_numbers ("thousands" 1,250.50 | "wanyuan" 12.5万元 | "fullwidth" １２５０.５０),
  extra_indicator_row (a row inserted into the indicator table), tamper_budget (pre-filled 预算总额 changed).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perfcli.forms.spec import load_spec, normalize_label  # noqa: E402
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_SHEET  # noqa: E402
from perfcli.model.period import Period  # noqa: E402

CENT = Decimal("0.01")
DEFAULT_PERIOD = Period(2026, 3)  # used only when a workbook carries no identity
FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@dataclass
class Mistakes:
    """Which realistic mistakes to make, all on the 附表1 sheet with index `sheet`."""

    spent_over_received: bool = False
    received_over_budget: bool = False
    near_miss_likelihood: bool = False
    unlikely_without_analysis: bool = False
    missing_required: str | None = None  # "funds_spent", "implementation", "funds_received", "likelihood"
    text_numbers: str | None = None  # "thousands" | "wanyuan" | "fullwidth"
    extra_indicator_row: bool = False
    tamper_budget: bool = False
    sheet: int = 0

    def any(self) -> bool:
        return any(v for k, v in self.__dict__.items() if k != "sheet")


@dataclass
class ProjectFacts:
    """What was typed into one project's form (for consistent department forms and for test oracles)."""

    code: str | None
    name: str
    sheet: str
    budget: Decimal
    received: Decimal | None
    spent: Decimal | None
    at_risk: bool
    indicators: list[tuple[str, str, str]] = field(default_factory=list)  # (三级指标, 已完成情况, 可能性)
    mistakes: list[str] = field(default_factory=list)  # "funds_spent@B7: spent > received", …


# locating cells by label ---------------------------------------------------------------------------
def _merged_end(ws: Any, row: int, col: int) -> int:
    """The last column of the merged range holding (row, col), or col itself."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng.max_col
    return col


def find_label(ws: Any, labels: tuple[str, ...] | list[str]) -> tuple[int, int] | None:
    wanted = {normalize_label(x) for x in labels}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and normalize_label(cell.value) in wanted:
                return cell.row, cell.column
    return None


def value_cell(ws: Any, labels: tuple[str, ...] | list[str], offset: int = 0) -> Any:
    """The value cell right of a label (beyond its merged range); `offset` more columns to the right."""
    found = find_label(ws, labels)
    if found is None:
        raise LookupError(f"{ws.title}: no label {labels[0]}")
    row, col = found
    return ws.cell(row=row, column=_merged_end(ws, row, col) + 1 + offset)


def field_cell(ws: Any, form: str, key: str) -> Any:
    spec = load_spec(form)  # type: ignore[arg-type]
    return value_cell(ws, spec.field(key).labels)


@dataclass
class _Table:
    header_row: int
    columns: dict[str, int]  # column key -> column index
    rows: list[int]  # rows of the table body (indicator rows and spare rows), before the 注 row
    end_row: int  # the 注 row (or one past the last body row)


def find_table(ws: Any, form: str) -> _Table:
    spec = load_spec(form)  # type: ignore[arg-type]
    first = spec.table.columns[0]
    found = find_label(ws, first.labels)
    if found is None:
        raise LookupError(f"{ws.title}: no table header {first.label}")
    header_row = found[0]
    columns = {}
    for col in spec.table.columns:
        wanted = set(col.labels)
        for cell in ws[header_row]:
            if isinstance(cell.value, str) and normalize_label(cell.value) in wanted:
                columns[col.key] = cell.column
    rows, r = [], header_row + 1
    while r <= ws.max_row:
        first_value = ws.cell(row=r, column=1).value
        if isinstance(first_value, str) and first_value.strip().startswith("注"):
            break
        rows.append(r)
        r += 1
    return _Table(header_row, columns, rows, r)


def _read_identity(wb: Any) -> dict[str, Any] | None:
    if IDENTITY_SHEET not in wb.sheetnames:
        return None
    ws = wb[IDENTITY_SHEET]
    if ws["A1"].value != IDENTITY_MARK:
        return None
    text = "".join(str(ws.cell(row=r, column=1).value or "") for r in range(2, ws.max_row + 1))
    return json.loads(text)


def _form_sheets(wb: Any) -> list[Any]:
    return [ws for ws in wb.worksheets if ws.title != IDENTITY_SHEET and ws.sheet_state == "visible"]


# what a clerk types ---------------------------------------------------------------------------------
IMPLEMENTATION = [
    "截至{end}，{name}各项工作按计划有序推进，已完成年度工作量的约{pct}%。资金已到位{received}万元，已支出{spent}万元。",
    "截至{end}，{name}已完成招标采购并组织实施，主体工作完成约{pct}%，资金按合同进度支付。",
    "{name}严格按照实施方案推进，截至{end}已完成约{pct}%，阶段性目标基本实现，正在开展中期检查。",
]
IMPLEMENTATION_AT_RISK = [
    "截至{end}，{name}完成约{pct}%，低于计划进度。资金已到位{received}万元，已支出{spent}万元。",
    "{name}前期手续办理耗时较长，截至{end}仅完成约{pct}%，部分合同款项尚未支付。",
]
DEVIATION_ON_TRACK = ["无明显偏离。", "项目执行情况与年度绩效目标基本一致，无明显偏离。", "无"]
DEVIATION_AT_RISK = [
    "受设计方案调整影响，招标采购较计划推迟约两个月，预算执行率低于序时进度，部分产出指标年底前完成存在困难。",
    "项目所涉场地协调尚未完成，施工进度滞后，部分资金暂未支付，预计年度产出目标难以全部实现。",
    "上级补助资金到位较晚，项目启动推迟，当前完成进度明显落后于计划。",
]
IMPROVEMENT_ON_TRACK = [
    "继续按计划推进，加快资金支付进度。",
    "加强过程管理，确保年底前完成各项绩效目标。",
    "无",
]
IMPROVEMENT_AT_RISK = [
    "倒排工期、挂图作战，加快施工进度，确保年底前完成主体工程并按合同支付款项；确实无法完成的按程序调减预算。",
    "加强与相关部门沟通协调，尽快完成场地移交；第四季度集中推进，必要时按程序调整绩效目标。",
]
QUALITATIVE_DONE = ["稳步推进", "初见成效", "按计划推进", "有所提升", "逐步完善"]
_TARGET = re.compile(r"^\s*([≥≤=＞＜><])\s*(\d[\d,]*(?:\.\d+)?)\s*(.*)$")


def _q(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def _num(value: Decimal) -> float:
    return float(value)


def actual_for(rng: random.Random, target: str, progress: float, at_risk: bool, spent: Decimal | None) -> str:
    """已完成情况 for an indicator, in the target's own terms ("≥1200人" -> "960人")."""
    target = (target or "").strip()
    if re.match(r"^[≤<]\s*\d{4}年", target):
        return "进度滞后，预计延期至次年一季度完成" if at_risk else "按计划推进，预计按期完成"
    m = _TARGET.match(target)
    if not m:
        return rng.choice(QUALITATIVE_DONE) if not at_risk else "推进较慢"
    op, number, unit = m[1], Decimal(m[2].replace(",", "")), m[3]
    if unit.startswith("万元") and spent is not None:
        return f"{spent}万元"
    if unit.startswith("%") or unit.startswith("％"):
        if op == "=":
            return f"{number.normalize():f}%"
        if op in "≤<＜":
            return f"{max(Decimal(0), number - rng.randint(1, 3)).normalize():f}%"
        lag = Decimal(rng.randint(5, 15)) if at_risk else Decimal(-rng.randint(0, 4))
        return f"{min(Decimal(100), number - lag).normalize():f}%"
    if op == "=":
        return f"{number.normalize():f}{unit}"
    if op in "≤<＜":
        return f"{(number * Decimal('0.9')).quantize(Decimal('0.1')).normalize():f}{unit}"
    done = number * Decimal(str(progress))
    done = done.quantize(Decimal(1)) if number >= 10 else done.quantize(Decimal("0.1"))
    return f"{done.normalize():f}{unit}"


def likelihood_for(rng: random.Random, at_risk: bool, qualitative: bool) -> str:
    if at_risk:
        return rng.choice(["可能性小", "可能性小", "可能性大"]) if not qualitative else "可能性大"
    return rng.choice(["确定能", "确定能", "可能性大"])


def _period_end_text(period: Period) -> str:
    return f"{period.end.month}月底"


def _typed_money(value: Decimal, style: str | None) -> Any:
    """An amount as a clerk types it: a number, or text in one of the sloppy styles."""
    if style == "thousands":
        return f"{value:,.2f}"
    if style == "wanyuan":
        return f"{value.normalize():f}万元"
    if style == "fullwidth":
        return f"{value:.2f}".translate(FULLWIDTH)
    return _num(value)


# the per-sheet fillers ----------------------------------------------------------------------------
def fill_project_sheet(
    ws: Any,
    rng: random.Random,
    period: Period,
    *,
    at_risk: bool,
    code: str | None = None,
    form: str = "project",
) -> ProjectFacts:
    """Type 已到位/已支出, narratives, 已完成情况 and 完成目标可能性 into one 附表1 (or 附表3) sheet."""
    name = str(field_cell(ws, form, "project_name").value or ws.title)
    budget_key = "budget_total" if form == "project" else "total_budget"
    budget = _q(Decimal(str(field_cell(ws, form, budget_key).value or 0)))
    if at_risk:
        received = _q(budget * Decimal(str(rng.uniform(0.45, 0.75))))
        spent = _q(received * Decimal(str(rng.uniform(0.3, 0.6))))
    else:
        received = _q(budget * Decimal(str(rng.choice([1.0, 1.0, rng.uniform(0.8, 1.0)]))))
        spent = _q(received * Decimal(str(rng.uniform(0.72, 0.97))))
    progress = float(spent / budget) if budget else 0.8
    progress = min(0.98, max(0.25, progress + rng.uniform(0.0, 0.15)))
    pct = round(progress * 100)
    facts = ProjectFacts(code, name, ws.title, budget, received, spent, at_risk)
    words = {"end": _period_end_text(period), "name": name, "pct": pct, "received": received, "spent": spent}
    if form == "project":
        field_cell(ws, form, "funds_received").value = _num(received)
        field_cell(ws, form, "funds_spent").value = _num(spent)
    text_choices = IMPLEMENTATION_AT_RISK if at_risk else IMPLEMENTATION
    field_cell(ws, form, "implementation").value = rng.choice(text_choices).format(**words)
    field_cell(ws, form, "deviation_analysis").value = rng.choice(
        DEVIATION_AT_RISK if at_risk else DEVIATION_ON_TRACK
    )
    field_cell(ws, form, "improvement_plan").value = rng.choice(
        IMPROVEMENT_AT_RISK if at_risk else IMPROVEMENT_ON_TRACK
    )
    table = find_table(ws, form)
    col = table.columns
    for r in table.rows:
        level1 = ws.cell(row=r, column=col["level1"]).value
        level3 = ws.cell(row=r, column=col["level3"]).value
        if not level3:
            continue
        target = str(ws.cell(row=r, column=col["target"]).value or "")
        if form == "key_project" and _is_process_row(ws, table, r, level1):
            continue  # 过程 rows are filled from the money, below
        qualitative = not _TARGET.match(target)
        actual = actual_for(rng, target, progress, at_risk, spent)
        likelihood = likelihood_for(rng, at_risk, qualitative)
        ws.cell(row=r, column=col["actual"]).value = actual
        ws.cell(row=r, column=col["likelihood"]).value = likelihood
        facts.indicators.append((str(level3), actual, likelihood))
    if at_risk and not any(x[2] in ("可能性小", "不可能") for x in facts.indicators) and facts.indicators:
        first = next(r for r in table.rows if ws.cell(row=r, column=col["level3"]).value)
        ws.cell(row=first, column=col["likelihood"]).value = "可能性小"
        facts.indicators[0] = (facts.indicators[0][0], facts.indicators[0][1], "可能性小")
    return facts


def _is_process_row(ws: Any, table: _Table, row: int, level1: Any) -> bool:
    """附表3's 过程/预算执行 rows (一级 merged, so look upwards for the filled-down value)."""
    r = row
    while level1 in (None, "") and r > table.header_row + 1:
        r -= 1
        level1 = ws.cell(row=r, column=table.columns["level1"]).value
    return str(level1 or "").strip() == "过程"


def _rate(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "0%"
    return f"{(part * 100 / whole).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def fill_key_project_sheet(
    ws: Any, rng: random.Random, period: Period, facts: ProjectFacts | None, *, code: str | None = None
) -> ProjectFacts:
    """附表3: the unit's figures for the project (when known), 执行数 by source, 过程 rates, indicators."""
    at_risk = facts.at_risk if facts else rng.random() < 0.2
    mine = fill_project_sheet(
        ws, rng, period, at_risk=at_risk, code=code or (facts.code if facts else None), form="key_project"
    )
    if facts and facts.spent is not None:
        mine.received, mine.spent = facts.received, facts.spent
    spent = mine.spent or Decimal(0)
    # 执行数: split over the sources in proportion to their 预算数, the rounding left on the largest
    spec = load_spec("key_project")
    budgets = {}
    for source in spec.funding:
        cell = value_cell(ws, source.labels)
        budgets[source.key] = (cell, _q(Decimal(str(cell.value or 0))))
    total_budget = sum((b for _c, b in budgets.values()), Decimal(0)) or mine.budget
    executed = {
        k: _q(spent * b / total_budget) if total_budget else Decimal(0) for k, (_c, b) in budgets.items()
    }
    largest = max(budgets, key=lambda k: budgets[k][1])
    executed[largest] += spent - sum(executed.values(), Decimal(0))
    for key, (cell, _b) in budgets.items():
        ws.cell(row=cell.row, column=cell.column + 1).value = _num(executed[key])
    total_cell = field_cell(ws, "key_project", "total_budget")
    ws.cell(row=total_cell.row, column=total_cell.column + 1).value = _num(spent)
    table = find_table(ws, "key_project")
    col = table.columns
    rates = {
        "资金到位率": ("100%", _rate(mine.received or Decimal(0), mine.budget)),
        "预算执行率": ("100%", _rate(spent, mine.budget)),
        "预算调整率": ("≤5%", "0%"),
    }
    for r in table.rows:
        level3 = str(ws.cell(row=r, column=col["level3"]).value or "")
        if level3 in rates:
            target, actual = rates[level3]
            ws.cell(row=r, column=col["target"]).value = target
            ws.cell(row=r, column=col["actual"]).value = actual
            ws.cell(row=r, column=col["likelihood"]).value = (
                "可能性小" if at_risk and level3 == "预算执行率" else "确定能"
            )
    # the same 已完成情况 the unit reported, where the indicator names agree
    if facts:
        reported = {name: (actual, likelihood) for name, actual, likelihood in facts.indicators}
        for r in table.rows:
            level3 = str(ws.cell(row=r, column=col["level3"]).value or "")
            if level3 in reported and level3 not in rates:
                ws.cell(row=r, column=col["actual"]).value, ws.cell(row=r, column=col["likelihood"]).value = (
                    reported[level3]
                )
        mine.indicators = [(n, *reported.get(n, (a, lk))) for n, a, lk in mine.indicators]
    return mine


DEPARTMENT_WORK = [
    ("预算绩效管理工作", "全面开展", "已完成二季度、三季度绩效运行监控"),
    ("内部控制制度建设", "制度完善", "已修订财务管理、政府采购等内控制度"),
    ("政府采购计划执行", "按计划完成", "已完成年度采购计划的约80%"),
]
DEPARTMENT_EFFECTS = [
    ("服务对象满意度", "≥90%", "92%"),
    ("重点项目按期推进率", "≥90%", "88%"),
    ("绩效目标完成率", "≥90%", "86%"),
]


def fill_department_sheet(
    ws: Any,
    rng: random.Random,
    period: Period,
    key_projects: list[ProjectFacts],
    totals: tuple[Decimal, Decimal, Decimal] | None,
) -> None:
    """附表2: narratives, 预算执行 rates (from the units' figures when given), 重点工作 and 主要成效 rows."""
    name = str(field_cell(ws, "department", "department_name").value or "")
    if totals:
        budget, received, spent = totals
    else:
        budget = _q(Decimal(str(field_cell(ws, "department", "budget_total").value or 0)))
        received, spent = _q(budget * Decimal("0.9")), _q(budget * Decimal(str(rng.uniform(0.6, 0.8))))
    projects = "、".join(p.name for p in key_projects[:3]) or "各项重点工作"
    lagging = [p for p in key_projects if p.at_risk]
    field_cell(ws, "department", "key_work_progress").value = (
        f"截至{_period_end_text(period)}，{name}统筹推进{projects}等重点工作，所属单位项目资金到位率"
        f"{_rate(received, budget)}、预算执行率{_rate(spent, budget)}（按项目预算总额计）。"
    )
    if lagging:
        field_cell(
            ws, "department", "deviation_analysis"
        ).value = f"{'、'.join(p.name for p in lagging)}进度滞后，预算执行率低于序时进度，主要原因是前期手续办理和招标采购推迟。"
        field_cell(
            ws, "department", "improvement_plan"
        ).value = "督促实施单位倒排工期、加快支付；对确实无法完成的项目按程序调减预算并调整绩效目标。"
    else:
        field_cell(
            ws, "department", "deviation_analysis"
        ).value = "部门整体绩效目标执行情况良好，无明显偏离。"
        field_cell(
            ws, "department", "improvement_plan"
        ).value = "继续加强预算执行管理，确保年度目标全面完成。"
    table = find_table(ws, "department")
    col = table.columns
    rates = {
        "资金到位率": ("100%", _rate(received, budget)),
        "预算执行率": ("100%", _rate(spent, budget)),
        "预算调整率": ("≤5%", f"{rng.choice([0, 0, 1.2, 2.5])}%"),
        "年度计划完成率": ("100%", f"{rng.randint(70, 90)}%"),
        "年度计划执行率": ("100%", f"{rng.randint(70, 92)}%"),
    }
    work = [
        (
            f"推进{p.name.removeprefix(str(period.year) + '年')}",
            "按期完成",
            "按计划推进" if not p.at_risk else "进度滞后",
            p.at_risk,
        )
        for p in key_projects
    ] + [(*w, False) for w in DEPARTMENT_WORK]
    effects = list(DEPARTMENT_EFFECTS)
    for r in table.rows:
        indicator_cell = ws.cell(row=r, column=col["indicator"])
        label = str(indicator_cell.value or "")
        if label in rates:
            target, actual = rates[label]
            likely = "可能性小" if lagging and label == "预算执行率" else rng.choice(["确定能", "可能性大"])
        elif label.startswith("重点工作") and work:
            title, target, actual, risky = work.pop(0)
            indicator_cell.value = title
            likely = "可能性小" if risky else "确定能"
        elif label.startswith("效果指标") and effects:
            title, target, actual = effects.pop(0)
            indicator_cell.value = title
            likely = rng.choice(["确定能", "可能性大"])
        else:
            continue
        ws.cell(row=r, column=col["target"]).value = target
        ws.cell(row=r, column=col["actual"]).value = actual
        ws.cell(row=r, column=col["likelihood"]).value = likely


# mistakes ---------------------------------------------------------------------------------------------
def insert_table_row(ws: Any, row: int) -> None:
    """Insert a row above `row` as Excel does: cells, merged ranges, validations and heights move down;
    a merged block the row falls inside grows by one."""
    ws.insert_rows(row)
    for rng_ in list(ws.merged_cells.ranges):
        if rng_.min_row >= row:
            ws.merged_cells.remove(rng_)
            rng_.shift(0, 1)
            ws.merged_cells.add(rng_)
        elif rng_.max_row >= row:
            ws.merged_cells.remove(rng_)
            rng_.expand(down=1)
            ws.merged_cells.add(rng_)
    for dv in ws.data_validations.dataValidation:
        new = []
        for cr in dv.sqref.ranges:
            if cr.min_row >= row:
                cr.shift(0, 1)
            elif cr.max_row >= row:
                cr.expand(down=1)
            new.append(cr.coord)
        dv.sqref = " ".join(new)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if r >= row and d.height}
    for r, h in sorted(heights.items(), reverse=True):
        ws.row_dimensions[r + 1].height = h
    ws.row_dimensions[row].height = ws.row_dimensions[row - 1].height
    for col in range(1, ws.max_column + 1):
        above = ws.cell(row=row - 1, column=col)
        cell = ws.cell(row=row, column=col)
        if above.has_style:
            cell._style = copy(above._style)


def apply_mistakes(ws: Any, rng: random.Random, m: Mistakes, facts: ProjectFacts) -> None:
    received_cell = field_cell(ws, "project", "funds_received")
    spent_cell = field_cell(ws, "project", "funds_spent")
    budget_cell = field_cell(ws, "project", "budget_total")
    note = facts.mistakes.append
    if m.received_over_budget:
        facts.received = _q(facts.budget * Decimal("1.05"))
        received_cell.value = _num(facts.received)
        note(
            f"funds_received@{received_cell.coordinate}: 已到位资金 {facts.received} > 预算总额 {facts.budget}"
        )
    if m.spent_over_received:
        facts.spent = _q((facts.received or facts.budget) * Decimal("1.08"))
        spent_cell.value = _num(facts.spent)
        note(f"funds_spent@{spent_cell.coordinate}: 已支出资金 {facts.spent} > 已到位资金 {facts.received}")
    if m.text_numbers:
        received_cell.value = _typed_money(facts.received or Decimal(0), m.text_numbers)
        spent_cell.value = _typed_money(facts.spent or Decimal(0), m.text_numbers)
        note(
            f"funds_received@{received_cell.coordinate}: 金额以文本填写 {received_cell.value!r}、{spent_cell.value!r}"
        )
    table = find_table(ws, "project")
    col = table.columns
    filled = [r for r in table.rows if ws.cell(row=r, column=col["level3"]).value]
    if m.near_miss_likelihood and filled:
        r = filled[-1]
        ws.cell(row=r, column=col["likelihood"]).value = "可能性较大"
        note(
            f"indicators.likelihood@{ws.cell(row=r, column=col['likelihood']).coordinate}: 可能性较大（近似值）"
        )
    if m.unlikely_without_analysis and filled:
        r = filled[0]
        ws.cell(row=r, column=col["likelihood"]).value = "可能性小"
        for key in ("deviation_analysis", "improvement_plan"):
            field_cell(ws, "project", key).value = None
        note(
            f"deviation_analysis@{field_cell(ws, 'project', 'deviation_analysis').coordinate}: 可能性小但未填偏离分析和改进计划"
        )
    if m.missing_required:
        if m.missing_required == "likelihood" and filled:
            cell = ws.cell(row=filled[1 if len(filled) > 1 else 0], column=col["likelihood"])
        else:
            cell = field_cell(ws, "project", m.missing_required)
        cell.value = None
        note(f"{m.missing_required}@{cell.coordinate}: 必填项为空")
    if m.tamper_budget:
        old = budget_cell.value
        budget_cell.value = _num(_q(Decimal(str(old)) + Decimal(rng.choice([10, 50, 100]))))
        note(f"budget_total@{budget_cell.coordinate}: 预填的预算总额被改动 {old} -> {budget_cell.value}")
    if m.extra_indicator_row and filled:
        # a new 产出 indicator typed in below the last 产出数量 row
        output_rows = [r for r in filled if _is_output_row(ws, table, r)]
        at = (output_rows[0] if output_rows else filled[0]) + 1
        insert_table_row(ws, at)
        ws.cell(row=at, column=col["level2"]).value = "产出数量"
        ws.cell(row=at, column=col["level3"]).value = "开展督导检查次数"
        ws.cell(row=at, column=col["target"]).value = "≥4次"
        ws.cell(row=at, column=col["actual"]).value = "3次"
        ws.cell(row=at, column=col["likelihood"]).value = "确定能"
        note(f"indicators@A{at}: 插入一行指标（开展督导检查次数）")


def _is_output_row(ws: Any, table: _Table, row: int) -> bool:
    level1 = ws.cell(row=row, column=table.columns["level1"]).value
    r = row
    while level1 in (None, "") and r > table.header_row + 1:
        r -= 1
        level1 = ws.cell(row=r, column=table.columns["level1"]).value
    return str(level1 or "") == "产出"


# workbooks ----------------------------------------------------------------------------------------------
def _period_of(identity: dict[str, Any] | None, default: Period) -> Period:
    if identity and identity.get("period"):
        return Period.parse(identity["period"])
    return default


def fill_unit_workbook(
    src: Path,
    dst: Path,
    *,
    seed: int,
    mistakes: Mistakes | None = None,
    at_risk: float = 0.15,
    modified: datetime | None = None,
    period: Period = DEFAULT_PERIOD,
) -> list[ProjectFacts]:
    """Fill every 附表1 sheet of a generated unit workbook `src` into `dst` (src is left as it was)."""
    from openpyxl import load_workbook

    rng = random.Random(seed)
    wb = load_workbook(src)
    identity = _read_identity(wb)
    period = _period_of(identity, period)
    codes = {s["sheet"]: s.get("project_code") for s in (identity or {}).get("sheets", [])}
    facts = []
    for index, ws in enumerate(_form_sheets(wb)):
        risky = rng.random() < at_risk
        f = fill_project_sheet(ws, rng, period, at_risk=risky, code=codes.get(ws.title))
        if mistakes and mistakes.any() and index == mistakes.sheet:
            apply_mistakes(ws, rng, mistakes, f)
        facts.append(f)
    _save(wb, dst, modified)
    return facts


def fill_department_workbook(
    src: Path,
    dst: Path,
    *,
    seed: int,
    projects: dict[str, ProjectFacts] | None = None,
    totals: tuple[Decimal, Decimal, Decimal] | None = None,
    modified: datetime | None = None,
    period: Period = DEFAULT_PERIOD,
) -> list[ProjectFacts]:
    """Fill 附表2 and every 附表3 of a generated department workbook, consistent with the units' `projects`
    (project code -> facts) and `totals` (project budget, received, spent summed over the department)."""
    from openpyxl import load_workbook

    rng = random.Random(seed)
    wb = load_workbook(src)
    identity = _read_identity(wb)
    period = _period_of(identity, period)
    codes = {s["sheet"]: s.get("project_code") for s in (identity or {}).get("sheets", [])}
    projects = projects or {}
    key_facts, department_ws = [], None
    for ws in _form_sheets(wb):
        if find_label(ws, load_spec("department").field("key_work_progress").labels):
            department_ws = ws
            continue
        code = codes.get(ws.title)
        key_facts.append(fill_key_project_sheet(ws, rng, period, projects.get(code or ""), code=code))
    if department_ws is not None:
        fill_department_sheet(department_ws, rng, period, key_facts, totals)
    _save(wb, dst, modified)
    return key_facts


def _save(wb: Any, dst: Path, modified: datetime | None) -> None:
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    if modified is not None:
        set_modified(dst, modified)


def set_modified(path: Path, when: datetime) -> None:
    """Set the workbook's docProps modified time (what the validator takes as the received date), and the
    file's mtime. `when` is naive UTC."""
    path = Path(path)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    fd, tmp_name = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text, n = re.subn(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text
                )
                if n == 0:
                    text = text.replace(
                        "</cp:coreProperties>",
                        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
                    )
                data = text.encode("utf-8")
            zout.writestr(item, data)
    os.chmod(tmp_name, 0o644)
    os.replace(tmp_name, path)
    epoch = (when - datetime(1970, 1, 1)).total_seconds()
    os.utime(path, (epoch, epoch))


def resave_as_xls(src: Path, dst: Path, *, timeout: int = 120) -> Path:
    """Re-save a workbook as .xls (Excel 97–2003) with LibreOffice, as a clerk on an old Excel would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    src, dst = Path(src), Path(dst)
    with tempfile.TemporaryDirectory(prefix="lo-fill-") as work:
        profile = Path(work) / "profile"
        outdir = Path(work) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        produced = outdir / (src.stem + ".xls")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), dst)
    stat = src.stat()
    os.utime(
        dst, (stat.st_atime, stat.st_mtime)
    )  # LibreOffice keeps the document's saved time; so does the file
    return dst
