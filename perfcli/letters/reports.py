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
from perfcli.model.values import money_text, name_key, percent_text
from perfcli.rollups.coverage import coverage_note
from perfcli.rollups.model import DepartmentRollup, ProjectLine, Totals

# a figure read from a form that still has errors is not stated as fact (issue: 数据有误的数不作定论)
UNCORRECTED = "（报表有误，待更正）"
# in a table cell only a mark: the words would wrap a narrow column (3,733.1 / 5（待更 / 正）); the table's
# heading line then says what the mark means (uncorrected_note)
UNCORRECTED_SHORT = "※"
UNCORRECTED_NOTE = "；带※的数字所依据的报表有误，待更正"


def uncorrected_note(*tables: list[dict[str, Any]] | dict[str, Any]) -> str:
    """UNCORRECTED_NOTE when a cell of these rows carries the mark, else nothing."""
    rows = [row for table in tables for row in (table if isinstance(table, list) else [table])]
    return UNCORRECTED_NOTE if any(UNCORRECTED_SHORT in str(v) for row in rows for v in row.values()) else ""


def _flagged(text: str, flagged: bool, mark: str = UNCORRECTED) -> str:
    return text + mark if flagged and text != "—" else text


def _warning_rows(lines: list[WarningLine]) -> list[dict[str, Any]]:
    return [
        {
            "no": i,
            "department": w.department,
            "unit": w.unit,
            "project": w.project,
            "execution_rate": _flagged(percent_text(w.execution_rate), w.uncorrected, UNCORRECTED_SHORT),
            "reason": _flagged(w.reason, w.uncorrected, UNCORRECTED_SHORT),
            "brief": w.brief or w.reason,
            "handling": w.handling,
        }
        for i, w in enumerate(lines, 1)
    ]


CHINESE_ORDINALS = "一二三四五六七八九十"


def _cells(numbers: dict[str, Any]) -> dict[str, Any]:
    """Numbers as a table row shows them: the short 待更正 mark."""
    return {
        k: v.replace(UNCORRECTED, UNCORRECTED_SHORT) if isinstance(v, str) else v for k, v in numbers.items()
    }


def _warning_groups(lines: list[WarningLine]) -> list[dict[str, Any]]:
    """预警清单 grouped by their handling, each handling stated once over its projects (serious first):
    a 总报告 of 24 lines repeating 150 characters of 处置意见 becomes a few groups."""
    groups: dict[str, list[WarningLine]] = {}
    for line in lines:
        groups.setdefault(line.handling, []).append(line)
    out = []
    for i, (text, members) in enumerate(groups.items()):
        mark = CHINESE_ORDINALS[i] if i < len(CHINESE_ORDINALS) else str(i + 1)
        out.append(
            {
                "title": f"（{mark}）{len(members)}个项目",
                "handling": text or "—",
                "rows": _warning_rows(members),
            }
        )
    return out


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
    numbers = _numbers(
        dep.name,
        dep.budget_total,
        dep.totals,
        (len(units), sum(1 for u in units if u.files)),
        (errors, len(findings) - errors),
    )
    if not data.city.collects("funds_received"):  # the form has no 已到位资金: nothing to state
        numbers["funds_received"] = numbers["arrival_rate"] = "—"
    uncorrected = sum(1 for p in dep.projects if p.errors)
    numbers["uncorrected_projects"] = uncorrected
    for key in ("funds_received", "funds_spent", "arrival_rate", "execution_rate"):
        numbers[key] = _flagged(numbers[key], bool(uncorrected))
    # 已报送/应报送 units; without a roster (dep.unreported is None) nobody knows how many owe
    total = "—" if dep.unreported is None else numbers["units_total"]
    return {**numbers, "units_text": f"{numbers['units_reported']}/{total}"}


def _units_reporting(data: LetterData, dep: DepartmentRollup) -> str:
    """How many of the department's units had reported when the letter was written, who had not, and what
    the numbers therefore leave out."""
    units = data.units(dep)
    reported = sum(1 for u in units if u.files)
    form = data.city.project_forms[0]
    coverage = coverage_note(dep.unreported, dep.totals.projects, listing=True, form=form.code)
    if dep.unreported is None:  # no roster: who owes what is unknown
        return f"截至发文之日，收到你部门所属{reported}个预算责任单位报送的{form.title}（{form.code}）。{coverage}"
    silent = [u.name for u in units if not u.files]
    text = (
        f"截至发文之日，你部门所属{len(units)}个预算责任单位中已有{reported}个报送{form.title}（{form.code}）"
    )
    text += f"，{len(silent)}个尚未报送（{'、'.join(silent)}）。" if silent else "。"
    return text + coverage


def _verdict(projects: list[ProjectLine], progress: Decimal, likelihood: tuple[str, ...]) -> str:
    """执行进度与序时进度: judged on the projects whose forms have no open error; the others are named
    as left out, and with none left no verdict is given."""
    sound = [p for p in projects if not p.errors]
    left_out = len(projects) - len(sound)
    if not sound:
        return f"所报{left_out}个项目的报表均有错误待更正，执行进度暂不作评价。"
    rate = Totals.of(sound, likelihood).execution_rate
    if rate is None:
        return "项目预算总额为0，无法计算预算执行率。"
    verdict = "落后于序时进度" if progress - rate > 0 else "与序时进度基本相符"
    if not left_out:
        return f"执行进度{verdict}。"
    return (
        f"除报表有误待更正的{left_out}个项目外，其余{len(sound)}个项目预算执行率{percent_text(rate)}，"
        f"执行进度{verdict}。"
    )


def _assessment(data: LetterData, dep: DepartmentRollup, numbers: dict[str, Any]) -> str:
    progress = data.city.time_progress
    if not dep.totals.projects:
        return "你部门所属单位报送的项目监控表中尚无可汇总的项目，本期项目预算执行情况暂无数据，未作评价。"
    verdict = _verdict(dep.projects, progress, data.city.likelihood_values)
    received = f"已到位资金{numbers['funds_received']}万元，" if data.city.collects("funds_received") else ""
    arrival = f"资金到位率{numbers['arrival_rate']}，" if received else ""
    return (
        f"截至{arabic_date(data.period.end)}，你部门已报送的{numbers['project_count']}个项目预算总额"
        f"{numbers['projects_budget']}万元，{received}已支出资金{numbers['funds_spent']}万元，{arrival}"
        f"预算执行率{numbers['execution_rate']}（已支出资金/预算总额），序时进度{progress:.2f}%，" + verdict
    )


def _tally(tally: dict[str, tuple[int, int, int]], department: str) -> tuple[int, int, int]:
    found = [v for k, v in tally.items() if name_key(k) == name_key(department)]
    return found[0] if found else (0, 0, 0)


def rectification_text(data: LetterData, department: str) -> str:
    """上期提出问题N项，已整改M项 for one department (its own and its units' items), as the ledger has it;
    "" when the ledger holds no 整改通知 of an earlier period (nothing to say)."""
    if data.previous_rectification is None:
        return ""
    raised, resolved, unverifiable = _tally(data.previous_rectification, department)
    if not raised:
        return "上期未提出整改问题。"
    text = f"上期提出问题{raised}项，已整改{resolved}项"
    if unverifiable:
        text += f"，无法核实{unverifiable}项"
    if raised - resolved - unverifiable:
        text += f"，尚未整改{raised - resolved - unverifiable}项"
    return text + "。"


def feedbacks(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    """Per department that has sent its own forms: a department that sent nothing gets a 催报通知 instead,
    never a 反馈 on what it did not report."""
    city, warnings = data.city, data.warnings()
    deadline = add_working_days(issue, settings.rectification_working_days)
    letters = []
    for dep in city.departments:
        if not data.submitted(dep):
            continue
        numbers = _department_numbers(data, dep)
        units = numbers["units_reported"]
        basis = f"根据你部门报送的{data.period.name}预算绩效运行监控表" + (
            f"和所属{units}个预算责任单位报送的{city.project_forms[0].title}" if units else ""
        )
        context = {
            "addressee": dep.name,
            "recipient": dep.name,
            "department": numbers,
            "basis": basis,
            "units_reporting": _units_reporting(data, dep),
            "assessment": _assessment(data, dep, numbers) + rectification_text(data, dep.name),
            "time_progress": f"{city.time_progress:.2f}%",
            "projects": [
                {
                    "no": i,
                    "name": p.project,
                    "unit": p.unit,
                    "budget_total": money_text(p.budget_total),
                    "funds_spent": money_text(p.funds_spent),
                    "execution_rate": _flagged(
                        percent_text(p.execution_rate), bool(p.errors), UNCORRECTED_SHORT
                    ),
                }
                for i, p in enumerate(dep.projects, 1)
            ],
            "warnings": _warning_rows([w for w in warnings if w.department == dep.name]),
            "uncorrected_note": "",
            # said when there are no warnings: "none found" only where there was something to look at
            "no_warnings": "未发现执行进度明显滞后或绩效目标完成可能性低的项目。"
            if dep.projects
            else "所属单位尚未报送项目监控表，暂无法判断执行进度和绩效目标完成情况。",
            "findings": finding_rows(data.findings_of_department(dep.name)),
            **deadline_fields("deadline", deadline),
            "attachments": [],  # the tables are in the body
        }
        stem = f"绩效监控结果反馈-{dep.name}"
        context["uncorrected_note"] = uncorrected_note(context["projects"], context["warnings"])
        letters.append(Letter("feedback", dep.name, stem, context, [n for n in [deadline.note] if n]))
    return letters


def _city_summary(data: LetterData, totals: dict[str, Any], warnings: int) -> str:
    """一、基本情况 of the 总报告: who had reported when it was written, and what the totals cover."""
    city = data.city
    rows = [r for r in city.reporting.rows if r.in_roster]
    units = [r for r in rows if r.kind == "unit"]
    departments = [r for r in rows if r.kind == "department"]
    partial = sum(1 for r in units if r.files and r.missing)
    silent = sum(1 for r in units if not r.files)
    if rows:
        reporting = (
            f"截至发文之日，本次监控覆盖{len(departments)}个预算部门、{len(units)}个预算责任单位："
            f"部门已报送{sum(1 for r in departments if r.files)}个，"
            f"未报送{sum(1 for r in departments if not r.files)}个；单位已报送{len(units) - silent}个"
            + (f"（其中部分报送{partial}个）" if partial else "")
            + f"，未报送{silent}个。"
        )
    else:  # no roster: only who sent something is known
        kinds = [r.kind for r in city.reporting.rows]
        reporting = (
            f"截至发文之日，收到{kinds.count('department')}个预算部门、{kinds.count('unit')}个预算责任单位"
            "报送的监控表（未提供名册，无法核对未报送的单位）。"
        )
    return (
        reporting + f"汇总项目{totals['project_count']}个，预算总额{totals['projects_budget']}万元，"
        f"已支出{totals['funds_spent']}万元，预算执行率{totals['execution_rate']}（已支出资金/预算总额），"
        f"序时进度{city.time_progress:.2f}%。{city.coverage}"
        f"列入预警清单的项目{warnings}个。"
    )


def report(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    city, warnings = data.city, data.warnings()
    departments = [_department_numbers(data, d) for d in city.departments]
    budget = sum((d.budget_total for d in city.departments), Decimal(0))
    units = (sum(d["units_total"] for d in departments), sum(d["units_reported"] for d in departments))
    counts = (sum(d["errors"] for d in departments), sum(d["warnings"] for d in departments))
    totals = _numbers("合计", budget, city.totals, units, counts)
    totals["units_text"] = f"{units[1]}/{'—' if city.unreported is None else units[0]}"
    if not city.collects("funds_received"):
        totals["funds_received"] = totals["arrival_rate"] = "—"
    faulty = any(p.errors for p in city.projects)
    for key in ("funds_received", "funds_spent", "arrival_rate", "execution_rate"):
        totals[key] = _flagged(totals[key], faulty)
    missing = data.missing
    summary = _city_summary(data, totals, len(warnings))
    if data.previous_rectification is not None:  # only departments with items: the rest have nothing to say
        summary += "".join(
            f"{d.name}{rectification_text(data, d.name)}"
            for d in city.departments
            if _tally(data.previous_rectification, d.name)[0]
        )
    # a 报告 to the bureau's own 局党组 is not a red-header 文件 addressed to itself (config report_form)
    internal = settings.report_form == "报告"
    rows = [{"no": i, **_cells(d)} for i, d in enumerate(departments, 1)]
    total_cells, warning_rows = _cells(totals), _warning_rows(warnings)
    context = {
        "addressee": settings.report_addressee,
        "red_header": not internal,
        "signatory": (settings.report_signatory or settings.signatory) if internal else settings.signatory,
        "summary": summary,
        "time_progress": f"{city.time_progress:.2f}%",
        "departments": rows,
        "totals": total_cells,
        "warnings": warning_rows,
        "warning_groups": _warning_groups(warnings),
        "uncorrected_note": uncorrected_note(rows, total_cells, warning_rows),
        "missing": [
            {"no": i, "name": r.name, "kind": KIND_NAMES[r.kind], "department": r.department or "—"}
            for i, r in enumerate(missing, 1)
        ],
        "late_count": sum(1 for r in city.reporting.rows if r.in_roster and r.late),
        # the renderer turns this into a picture (InlineImage); here it is the data to draw
        "chart": {
            "labels": [d.name for d in city.departments],
            "execution": [float(d.totals.execution_rate or 0) for d in city.departments],
            "arrival": [float(d.totals.received_rate or 0) for d in city.departments]
            if city.collects("funds_received")
            else [],
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
        # only results with a 整改要求 ask for 整改 (a "—" or "无" is none)
        to_rectify = [r.project for r in lines if r.requirement.strip() not in ("", "—", "-", "无", "/")]
        context = {
            "addressee": name,
            "recipient": name,
            "results": results,
            "rectify": "、".join(to_rectify) + ("等项目" if len(to_rectify) > 1 else "项目")
            if to_rectify
            else "",
            **deadline_fields("deadline", deadline),
            "attachments": [],
        }
        stem = f"绩效再评价结果反馈告知书-{name}"
        letters.append(Letter("reevaluation", name, stem, context, [n for n in [deadline.note] if n]))
    return letters
