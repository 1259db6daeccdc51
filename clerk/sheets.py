"""Filling one sheet: 附表1 (a project), 附表3 (a key project, consistent with the unit's 附表1) and 附表2
(the department, consistent with its units' figures)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from clerk.cells import field_cell, find_table, level1_of, spec_of, value_cell
from clerk.words import (
    DEVIATION_AT_RISK,
    DEVIATION_ON_TRACK,
    IMPLEMENTATION,
    IMPLEMENTATION_AT_RISK,
    IMPROVEMENT_AT_RISK,
    IMPROVEMENT_ON_TRACK,
    actual_for,
    as_cell_number,
    cents,
    is_qualitative,
    likelihood_for,
    period_end_text,
    rate_text,
)
from perfcli.model.period import Period


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


def fill_project_sheet(
    ws: Any,
    rng: random.Random,
    period: Period,
    *,
    at_risk: bool,
    code: str | None = None,
    form: str = "project",
    share: Decimal = Decimal(1),
) -> ProjectFacts:
    """Type 已到位/已支出, narratives, 已完成情况 and 完成目标可能性 into one 附表1 (or 附表3) sheet. `share`
    scales the money (an earlier round of the year: less received and spent); the random draws are the
    same whatever it is, so a unit's Q2 and Q3 returns tell one story."""
    name = str(field_cell(ws, form, "project_name").value or ws.title)
    budget_key = "budget_total" if form == "project" else "total_budget"
    budget = cents(Decimal(str(field_cell(ws, form, budget_key).value or 0)))
    if at_risk:
        received = cents(budget * Decimal(str(rng.uniform(0.45, 0.75))))
        spent = cents(received * Decimal(str(rng.uniform(0.3, 0.6))))
    else:
        received = cents(budget * Decimal(str(rng.choice([1.0, 1.0, rng.uniform(0.8, 1.0)]))))
        spent = cents(received * Decimal(str(rng.uniform(0.72, 0.97))))
    if share != 1:
        received, spent = cents(received * share), cents(spent * share)
    progress = float(spent / budget) if budget else 0.8
    progress = min(0.98, max(0.25, progress + rng.uniform(0.0, 0.15)))
    pct = round(progress * 100)
    facts = ProjectFacts(code, name, ws.title, budget, received, spent, at_risk)
    words = {"end": period_end_text(period), "name": name, "pct": pct, "received": received, "spent": spent}
    if form == "project":
        field_cell(ws, form, "funds_received").value = as_cell_number(received)
        field_cell(ws, form, "funds_spent").value = as_cell_number(spent)
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
        level3 = ws.cell(row=r, column=col["level3"]).value
        if not level3:
            continue
        target = str(ws.cell(row=r, column=col["target"]).value or "")
        if form == "key_project" and level1_of(ws, table, r) == "过程":
            continue  # 过程 rows are filled from the money, below
        qualitative = is_qualitative(target)
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
    spec = spec_of("key_project")
    budgets = {}
    for source in spec.funding:
        cell = value_cell(ws, source.labels)
        budgets[source.key] = (cell, cents(Decimal(str(cell.value or 0))))
    total_budget = sum((b for _c, b in budgets.values()), Decimal(0)) or mine.budget
    executed = {
        k: cents(spent * b / total_budget) if total_budget else Decimal(0) for k, (_c, b) in budgets.items()
    }
    largest = max(budgets, key=lambda k: budgets[k][1])
    executed[largest] += spent - sum(executed.values(), Decimal(0))
    for key, (cell, _b) in budgets.items():
        ws.cell(row=cell.row, column=cell.column + 1).value = as_cell_number(executed[key])
    total_cell = field_cell(ws, "key_project", "total_budget")
    ws.cell(row=total_cell.row, column=total_cell.column + 1).value = as_cell_number(spent)
    table = find_table(ws, "key_project")
    col = table.columns
    rates = {
        "资金到位率": ("100%", rate_text(mine.received or Decimal(0), mine.budget)),
        "预算执行率": ("100%", rate_text(spent, mine.budget)),
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
        budget = cents(Decimal(str(field_cell(ws, "department", "budget_total").value or 0)))
        received, spent = cents(budget * Decimal("0.9")), cents(budget * Decimal(str(rng.uniform(0.6, 0.8))))
    projects = "、".join(p.name for p in key_projects[:3]) or "各项重点工作"
    lagging = [p for p in key_projects if p.at_risk]
    field_cell(ws, "department", "key_work_progress").value = (
        f"截至{period_end_text(period)}，{name}统筹推进{projects}等重点工作，所属单位项目资金到位率"
        f"{rate_text(received, budget)}、预算执行率{rate_text(spent, budget)}（按项目预算总额计）。"
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
        "资金到位率": ("100%", rate_text(received, budget)),
        "预算执行率": ("100%", rate_text(spent, budget)),
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
