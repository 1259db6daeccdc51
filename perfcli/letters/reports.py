"""What the reports say: 绩效监控结果反馈 per department, the 监控总报告, and the 绩效再评价结果反馈告知书.

Every number is the roll-up's (perfcli.rollups): totals, rates and 序时进度; the 再评价 results are the
results file's, never derived here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from perfcli.letters.data import KIND_NAMES, LetterData, ReevaluationLine, WarningLine
from perfcli.letters.dates import add_working_days, arabic_date
from perfcli.letters.letter import Letter, LetterSettings, deadline_fields
from perfcli.letters.notices import finding_rows
from perfcli.model.config import Config
from perfcli.model.values import money_text, percent_text
from perfcli.rollups.model import DepartmentRollup, Totals


def _warning_rows(lines: list[WarningLine]) -> list[dict[str, Any]]:
    return [
        {
            "no": i,
            "department": w.department,
            "unit": w.unit,
            "project": w.project,
            "execution_rate": percent_text(w.execution_rate),
            "reason": w.reason,
            "handling": w.handling,
        }
        for i, w in enumerate(lines, 1)
    ]


def _numbers(
    name: str, budget: Decimal | None, totals: Totals, units: tuple[int, int], counts: tuple[int, int]
) -> dict[str, Any]:
    return {
        "name": name,
        "budget_total": money_text(budget),
        "projects_budget": money_text(totals.budget_total),
        "funds_received": money_text(totals.funds_received),
        "funds_spent": money_text(totals.funds_spent),
        "arrival_rate": percent_text(totals.received_rate),
        "execution_rate": percent_text(totals.execution_rate),
        "units_total": units[0],
        "units_reported": units[1],
        "project_count": totals.projects,
        "errors": counts[0],
        "warnings": counts[1],
    }


def _department_numbers(data: LetterData, dep: DepartmentRollup) -> dict[str, Any]:
    units = data.units(dep)
    findings = data.findings_of_department(dep.name)
    errors = sum(1 for f in findings if f.severity == "error")
    return _numbers(
        dep.name,
        dep.budget_total,
        dep.totals,
        (len(units), sum(1 for u in units if u.files)),
        (errors, len(findings) - errors),
    )


def feedbacks(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    city, warnings = data.city, data.warnings()
    deadline = add_working_days(issue, settings.rectification_working_days)
    letters = []
    for dep in city.departments:
        numbers = _department_numbers(data, dep)
        behind = dep.totals.execution_rate is not None and city.time_progress - dep.totals.execution_rate > 0
        assessment = (
            f"截至{arabic_date(data.period.end)}，你部门{numbers['project_count']}个项目预算总额"
            f"{numbers['projects_budget']}万元，已到位资金{numbers['funds_received']}万元，"
            f"已支出资金{numbers['funds_spent']}万元，资金到位率{numbers['arrival_rate']}，"
            f"预算执行率{numbers['execution_rate']}（已支出资金/预算总额），序时进度{city.time_progress:.2f}%，"
            + ("执行进度落后于序时进度。" if behind else "执行进度与序时进度基本相符。")
        )
        context = {
            "addressee": dep.name,
            "recipient": dep.name,
            "department": numbers,
            "assessment": assessment,
            "time_progress": f"{city.time_progress:.2f}%",
            "projects": [
                {
                    "no": i,
                    "name": p.project,
                    "unit": p.unit,
                    "budget_total": money_text(p.budget_total),
                    "funds_spent": money_text(p.funds_spent),
                    "execution_rate": percent_text(p.execution_rate),
                }
                for i, p in enumerate(dep.projects, 1)
            ],
            "warnings": _warning_rows([w for w in warnings if w.department == dep.name]),
            "findings": finding_rows(data.findings_of_department(dep.name)),
            **deadline_fields("deadline", deadline),
            "attachments": [],  # the tables are in the body
        }
        stem = f"绩效监控结果反馈-{dep.name}"
        letters.append(Letter("feedback", dep.name, stem, context, [n for n in [deadline.note] if n]))
    return letters


def report(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    city, warnings = data.city, data.warnings()
    departments = [_department_numbers(data, d) for d in city.departments]
    budget = sum((d.budget_total for d in city.departments), Decimal(0))
    units = (sum(d["units_total"] for d in departments), sum(d["units_reported"] for d in departments))
    counts = (sum(d["errors"] for d in departments), sum(d["warnings"] for d in departments))
    totals = _numbers("合计", budget, city.totals, units, counts)
    missing = data.missing
    summary = (
        f"本次监控覆盖{len(city.departments)}个预算部门、{totals['units_total']}个预算责任单位，"
        f"已报送{totals['units_reported']}个，未报送{sum(1 for r in missing if r.kind == 'unit')}个；"
        f"汇总项目{totals['project_count']}个，预算总额{totals['projects_budget']}万元，"
        f"已支出{totals['funds_spent']}万元，预算执行率{totals['execution_rate']}（已支出资金/预算总额），"
        f"序时进度{city.time_progress:.2f}%。列入预警清单的项目{len(warnings)}个。"
    )
    context = {
        "addressee": settings.report_addressee,
        "summary": summary,
        "time_progress": f"{city.time_progress:.2f}%",
        "departments": [{"no": i, **d} for i, d in enumerate(departments, 1)],
        "totals": totals,
        "warnings": _warning_rows(warnings),
        "missing": [
            {"no": i, "name": r.name, "kind": KIND_NAMES[r.kind], "department": r.department or "—"}
            for i, r in enumerate(missing, 1)
        ],
        # the renderer turns this into a picture (InlineImage); here it is the data to draw
        "chart": {
            "labels": [d.name for d in city.departments],
            "execution": [float(d.totals.execution_rate or 0) for d in city.departments],
            "arrival": [float(d.totals.received_rate or 0) for d in city.departments],
            "time_progress": float(city.time_progress),
        },
        "attachments": [],  # the tables and the chart are in the body
    }
    return [Letter("report", settings.report_addressee, f"{data.period.name}预算绩效运行监控总报告", context)]


def reevaluations(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    """Per department: the results of the 再评价 as the results file (CSV) gives them. Without one there
    is no letter: a grade is never made up from the monitoring data."""
    deadline = add_working_days(issue, settings.rectification_working_days)
    by_dep: dict[str, list[ReevaluationLine]] = defaultdict(list)
    for line in data.reevaluations:
        by_dep[line.department].append(line)
    letters = []
    for name, lines in by_dep.items():
        results = [
            {
                "no": i,
                "project": r.project,
                "score": r.score or "—",
                "grade": r.grade or "—",
                "conclusion": r.conclusion,
                "requirement": r.requirement or "—",
            }
            for i, r in enumerate(lines, 1)
        ]
        context = {
            "addressee": name,
            "recipient": name,
            "results": results,
            **deadline_fields("deadline", deadline),
            "attachments": [],
        }
        stem = f"绩效再评价结果反馈告知书-{name}"
        letters.append(Letter("reevaluation", name, stem, context, [n for n in [deadline.note] if n]))
    return letters
