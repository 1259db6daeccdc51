"""Roll-ups: units' 附表1 returns into each department (附表2 pre-fill) and everything into the city summary.

Money stays Decimal from the record to the output; totals are exact sums (city = Σ departments =
Σ projects, to the last digit). Rates are rounded half-up to 2 decimals of a percent only when shown.
Every input file ends up accounted for: included, rejected (with why) or superseded (by which).
The records built here live in perfcli.rollups.model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.model.config import Config
from perfcli.model.period import Period, time_progress
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.roster import Roster
from perfcli.rollups.model import (  # noqa: F401  (re-exported: the public API of aggregate)
    EXECUTION_RATE_FORMULA,
    GAP_FORMULA,
    RECEIVED_RATE_FORMULA,
    ZERO,
    Alert,
    CityRollup,
    DepartmentRollup,
    FileAccount,
    ProjectLine,
    ReportingLine,
    Totals,
    gap_to_progress,
    percent,
    threshold,
)

UNASSIGNED = "（未匹配到部门）"

# Handling the rules suggest (常州新北 第十五条; 巴中 事中绩效监控 分类处置).
HANDLING_OBJECTIVE = (
    "分析进度缓慢、目标偏离的原因；属政策变化、突发事件等客观因素的，按程序调减预算并同步调整绩效目标，"
    "调整申请随三季度监控信息报财政部门审定（第十五条第一项）"
)
HANDLING_SERIOUS = (
    "预算执行与绩效目标偏离较大：暂停项目实施，按程序调减预算并停止拨付资金，及时纠偏止损；"
    "已开始执行的政府采购项目按相关程序办理（第十五条第二项）"
)
HANDLING_EXPLAIN = "责成预算责任单位补充目标偏离情况及原因分析和改进计划，说明预计年底不能完成目标的原因及拟采取的改进措施（第十二条）"


def _key(text: str | None) -> str:
    """Names compared without white space (a unit typed with a stray space is the same unit)."""
    return re.sub(r"[\s\u3000]+", "", text or "")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _money(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", "").strip())
        except ArithmeticError:
            return None
    return None  # a float here would be a reader bug; never let it into a sum


# --- where a record belongs ---------------------------------------------------------------------------


class _Directory:
    """Looks units, departments and projects up in the roster (when given) by code or by name."""

    def __init__(self, roster: Roster | None) -> None:
        self.roster = roster
        self.units = {u.code: u for u in roster.units} if roster else {}
        self.units_by_name = {_key(u.name): u for u in roster.units} if roster else {}
        self.departments = {d.code: d for d in roster.departments} if roster else {}
        self.departments_by_name = {_key(d.name): d for d in roster.departments} if roster else {}
        self.projects_by_name = {(p.unit_code, _key(p.name)): p for p in roster.projects} if roster else {}
        self.projects = {p.code: p for p in roster.projects} if roster else {}
        self.order = {d.code: i for i, d in enumerate(roster.departments)} if roster else {}

    def unit_of(self, result: FileResult, record: FormRecord) -> tuple[str | None, str]:
        ident = _identity(record)
        code = ident.get("code") if ident.get("workbook") == "unit" else None
        if not code and result.workbook_kind == "unit":
            code = result.code
        name = record.unit or ident.get("name") or result.name or ""
        unit = self.units.get(code) if code else None
        if unit is None and name:
            unit = self.units_by_name.get(_key(name))
        if unit is not None:
            return unit.code, unit.name
        return code or None, name.strip() or "（未写编报单位）"

    def department_of_unit(self, unit_code: str | None, record: FormRecord) -> tuple[str | None, str]:
        ident = _identity(record)
        code = (
            self.units[unit_code].department_code if unit_code in self.units else ident.get("department_code")
        )
        if code and code in self.departments:
            return code, self.departments[code].name
        if code:
            return code, ident.get("department_name") or code
        return None, UNASSIGNED

    def department_of_form(self, result: FileResult, record: FormRecord) -> tuple[str | None, str]:
        ident = _identity(record)
        code = ident.get("code") if ident.get("workbook") == "department" else None
        if not code and result.workbook_kind == "department":
            code = result.code
        name = record.fields.get("department_name") or ident.get("name") or result.name or ""
        dept = self.departments.get(code) if code else None
        if dept is None and name:
            dept = self.departments_by_name.get(_key(str(name)))
        if dept is not None:
            return dept.code, dept.name
        return code or None, str(name).strip() or UNASSIGNED

    def project_code(self, unit_code: str | None, record: FormRecord) -> str | None:
        ident = _identity(record)
        for sheet in ident.get("sheets") or ():
            if isinstance(sheet, dict) and sheet.get("sheet") == record.sheet and sheet.get("project_code"):
                return sheet["project_code"]
        if ident.get("project_code"):
            return ident["project_code"]
        project = self.projects_by_name.get((unit_code or "", _key(record.fields.get("project_name"))))
        return project.code if project else None

    def sort_key(self, code: str | None, name: str) -> tuple[int, str]:
        return (self.order.get(code, len(self.order)) if code else len(self.order) + 1, name)


def _identity(record: FormRecord) -> dict[str, Any]:
    return record.identity if isinstance(record.identity, dict) else {}


# --- building the lines ------------------------------------------------------------------------------


def _count_findings(result: FileResult, record: FormRecord) -> tuple[int, int]:
    findings = [f for f in result.findings if f.sheet == record.sheet] or list(record.issues)
    return len(findings), sum(1 for f in findings if f.severity == "error")


def _project_line(
    result: FileResult, record: FormRecord, directory: _Directory, config: Config, progress: Decimal
) -> ProjectLine:
    unit_code, unit = directory.unit_of(result, record)
    department_code, department = directory.department_of_unit(unit_code, record)
    project_code = directory.project_code(unit_code, record)
    f = record.fields
    missing = []
    amounts = {}
    for key, label in (
        ("budget_total", "预算总额"),
        ("funds_received", "已到位资金"),
        ("funds_spent", "已支出资金"),
    ):
        value = _money(f.get(key))
        if value is None:
            missing.append(label)
        amounts[key] = value or ZERO
    likelihood = {v: 0 for v in config.likelihood}
    for indicator in record.table:
        value = indicator.get("likelihood")
        if _blank(value):
            continue
        label = str(value).strip()
        label = label if label in likelihood else "其他"
        likelihood[label] = likelihood.get(label, 0) + 1
    note = ""
    approved = directory.projects.get(project_code) if project_code else None
    if approved is not None and approved.budget_total != amounts["budget_total"]:
        # 预算总额 is pre-filled from the roster: a changed value must not move the totals
        typed = "未填" if "预算总额" in missing else format(amounts["budget_total"], "f")
        note = f"预算总额按名册 {format(approved.budget_total, 'f')} 万元计入（报表中为 {typed}）"
        amounts["budget_total"] = approved.budget_total
        missing = [m for m in missing if m != "预算总额"]
    findings, errors = _count_findings(result, record)
    execution = percent(amounts["funds_spent"], amounts["budget_total"])
    return ProjectLine(
        department_code=department_code,
        department=department,
        unit_code=unit_code,
        unit=unit,
        project_code=project_code,
        project=str(f.get("project_name") or "").strip() or f"（{record.sheet}）",
        fund_source=f.get("fund_source"),
        budget_total=amounts["budget_total"],
        funds_received=amounts["funds_received"],
        funds_spent=amounts["funds_spent"],
        received_rate=percent(amounts["funds_received"], amounts["budget_total"]),
        execution_rate=execution,
        progress_gap=gap_to_progress(execution, progress),
        likelihood=likelihood,
        findings=findings,
        errors=errors,
        missing=missing,
        note=note,
        file=result.path,
        sheet=record.sheet,
        deviation_analysis=f.get("deviation_analysis"),
        improvement_plan=f.get("improvement_plan"),
    )


def _recency(result: FileResult, record: FormRecord) -> tuple[str, str, str]:
    """Which of two returns of the same form counts: newest received, then newest generated, then path."""
    return (result.received or "", str(_identity(record).get("generated_at") or ""), result.path)


@dataclass
class _Collected:
    lines: list[ProjectLine]
    department_forms: list[tuple[FileResult, FormRecord, str | None, str]]  # slim records (`_slim`)
    accounts: list[FileAccount]
    alert_sources: dict[tuple[str, str], FormRecord]  # (file, sheet) of each line -> its slim record


ALERT_CELLS = ("funds_spent", "deviation_analysis", "improvement_plan")


def _slim(record: FormRecord, config: Config) -> FormRecord:
    """The part of a counted form the roll-up reads after collecting (its 预警 and 附表2 rate).

    A city is thousands of forms: only this much of each is kept, not the whole record.
    """
    if record.form == "project":
        at_risk = set(config.likelihood_at_risk)
        table = [ind for ind in record.table if str(ind.get("likelihood") or "").strip() in at_risk]
        cells = {k: v for k, v in record.cells.items() if k in ALERT_CELLS}
    else:
        rate_row = (r for r in record.table if _key(str(r.get("indicator") or "")) == "预算执行率")
        table, cells = [row for row in (next(rate_row, None),) if row is not None], {}
    return FormRecord(file=record.file, form=record.form, sheet=record.sheet, table=table, cells=cells)


def _collect(
    results: list[FileResult], config: Config, period: Period, directory: _Directory, progress: Decimal
) -> _Collected:
    """Turn the batch into project lines, counting each project once and accounting for every file."""
    accounts: dict[str, FileAccount] = {}
    # each form's key -> (recency, file, slim record, its line | its department's code and name)
    winners: dict[tuple, tuple[tuple, FileResult, FormRecord, ProjectLine | tuple[str | None, str]]] = {}
    keys_of_file: dict[str, list[tuple]] = {}
    for result in sorted(results, key=lambda r: r.path):
        account = FileAccount(result.path, "included", errors=result.errors, warnings=result.warnings)
        accounts[result.path] = account
        if result.status != "read":
            account.status = result.status
            account.reason = result.reason or (
                "已被较新的版本替代" if result.status == "superseded" else "无法读取"
            )
            account.superseded_by = result.superseded_by
            continue
        records = result.records  # unpacked once per file, let go after it
        wrong_period = [r for r in records if r.period is not None and r.period != period]
        if records and len(wrong_period) == len(records):
            account.status = "rejected"
            account.reason = f"期间为{wrong_period[0].period.name}，不是本次汇总的{period.name}"  # type: ignore[union-attr]
            continue
        if not records:
            account.status = "rejected"
            account.reason = result.reason or "工作簿中没有找到监控表"
            continue
        for record in records:
            if record.period is not None and record.period != period:
                continue
            line: ProjectLine | tuple[str | None, str]
            if record.form == "project":
                line = _project_line(result, record, directory, config, progress)
                key: tuple = (
                    "project",
                    line.unit_code or _key(line.unit),
                    line.project_code or _key(line.project),
                )
            else:
                code, name = line = directory.department_of_form(result, record)
                sheet_key = record.fields.get("project_name") if record.form == "key_project" else ""
                key = (record.form, code or _key(name), _key(str(sheet_key or "")))
            rank = _recency(result, record)
            keys_of_file.setdefault(result.path, []).append(key)
            if key not in winners or rank > winners[key][0]:
                winners[key] = (rank, result, _slim(record, config), line)
    lines: list[ProjectLine] = []
    department_forms: list[tuple[FileResult, FormRecord, str | None, str]] = []
    alert_sources: dict[tuple[str, str], FormRecord] = {}
    kept: dict[str, list[tuple]] = {}
    for key, (_, result, record, line) in winners.items():
        kept.setdefault(result.path, []).append(key)
        if isinstance(line, ProjectLine):
            lines.append(line)
            alert_sources[(line.file, line.sheet)] = record
        else:
            department_forms.append((result, record, *line))
    # a read file none of whose forms counted was superseded by the returns that won
    for path, account in accounts.items():
        if account.status != "included":
            continue
        account.forms = len(kept.get(path, ()))
        if account.forms == 0:
            winner = winners[keys_of_file[path][0]][1].path
            account.status = "superseded"
            account.superseded_by = winner
            account.reason = f"与 {Path(winner).name} 报送的是同一张表，按较新的一份计入"
    return _Collected(lines, department_forms, [accounts[p] for p in sorted(accounts)], alert_sources)


# --- alerts ------------------------------------------------------------------------------------------


def _alerts(
    lines: list[ProjectLine], records: dict[tuple[str, str], FormRecord], config: Config, progress: Decimal
) -> list[Alert]:
    margin = threshold(config, "execution_lag_margin")
    serious = threshold(config, "serious_lag_margin")
    at_risk = set(config.likelihood_at_risk)
    worst = config.likelihood[-1] if config.likelihood else None
    alerts: list[Alert] = []
    for line in lines:
        record = records[(line.file, line.sheet)]
        where = dict(
            department=line.department, unit=line.unit, project=line.project, file=line.file, sheet=line.sheet
        )
        lag = -line.progress_gap if line.progress_gap is not None else None
        lagging = lag is not None and lag > margin
        if lag is not None and lagging:
            is_serious = lag > serious
            alerts.append(
                Alert(
                    kind="执行进度滞后",
                    level="严重" if is_serious else "一般",
                    detail=(
                        f"预算执行率 {line.execution_rate}%，序时进度 {progress}%，落后 {lag} 个百分点"
                        f"（预警线 {margin} 个百分点）"
                    ),
                    handling=HANDLING_SERIOUS if is_serious else HANDLING_OBJECTIVE,
                    cell=record.cells.get("funds_spent"),
                    **where,
                )
            )
        risky = [ind for ind in record.table if str(ind.get("likelihood") or "").strip() in at_risk]
        for ind in risky:
            value = str(ind.get("likelihood")).strip()
            name = "/".join(str(ind.get(k)) for k in ("level1", "level2", "level3") if not _blank(ind.get(k)))
            alerts.append(
                Alert(
                    kind="目标完成可能性低",
                    level="严重" if value == worst else "一般",
                    detail=f"指标“{name}”（年度目标 {ind.get('target') or '—'}）完成目标可能性：{value}",
                    handling=HANDLING_OBJECTIVE
                    + ("；偏离较大的，" + HANDLING_SERIOUS if value == worst else ""),
                    cell=ind.cells.get("likelihood"),
                    **where,
                )
            )
        if (risky or lagging) and (_blank(line.deviation_analysis) or _blank(line.improvement_plan)):
            empty = [
                label
                for label, v in (
                    ("目标偏离情况及原因分析", line.deviation_analysis),
                    ("改进计划", line.improvement_plan),
                )
                if _blank(v)
            ]
            alerts.append(
                Alert(
                    kind="偏离未说明",
                    level="一般",
                    detail=f"{'执行进度滞后' if lagging else '存在完成可能性低的指标'}，但未填写{'、'.join(empty)}",
                    handling=HANDLING_EXPLAIN,
                    cell=record.cells.get(
                        "deviation_analysis" if _blank(line.deviation_analysis) else "improvement_plan"
                    ),
                    **where,
                )
            )
    return alerts


# --- reporting status (报送情况) ------------------------------------------------------------------------


def _reporting(
    results: list[FileResult], collected: _Collected, config: Config, period: Period, directory: _Directory
) -> list[ReportingLine]:
    unit_due = config.due_date(period, "unit").isoformat()
    dept_due = config.due_date(period, "department").isoformat()
    received_by_unit: dict[str, list[str]] = {}
    projects_by_unit: dict[str, set[str]] = {}
    unit_names: dict[str, tuple[str, str]] = {}
    by_path = {r.path: r for r in results}
    for line in collected.lines:
        key = line.unit_code or _key(line.unit)
        projects_by_unit.setdefault(key, set()).add(line.project_code or _key(line.project))
        received_by_unit.setdefault(key, []).append(by_path[line.file].received or "")
        unit_names[key] = (line.unit, line.department)
    received_by_dept: dict[str, list[str]] = {}
    dept_names: dict[str, str] = {}
    for result, _record, code, name in collected.department_forms:
        key = code or _key(name)
        received_by_dept.setdefault(key, []).append(result.received or "")
        dept_names[key] = name
    rejected: dict[str, list[FileResult]] = {}
    accounts = {a.path: a for a in collected.accounts}
    for result in results:
        if accounts[result.path].status == "rejected":
            key = result.code or _key(result.name) or result.path
            rejected.setdefault(key, []).append(result)

    def status_of(key: str, received: list[str], due: str) -> tuple[str, str | None, str]:
        if received:
            last = max(received)
            late = bool(last) and last[:10] > due
            return (
                ("逾期报送" if late else "已报送"),
                last or None,
                (f"收到日期 {last[:10]} 晚于截止日 {due}" if late else ""),
            )
        if key in rejected:
            reasons = "；".join(f"{Path(r.path).name}：{r.reason or '无法读取'}" for r in rejected[key])
            return "被退回", None, reasons
        return "未报送", None, ""

    lines: list[ReportingLine] = []
    roster = directory.roster
    if roster is not None:
        for dept in roster.departments:
            status, received, detail = status_of(dept.code, received_by_dept.get(dept.code, []), dept_due)
            lines.append(
                ReportingLine(
                    "部门",
                    dept.code,
                    dept.name,
                    dept.name,
                    status,
                    received=received,
                    due=dept_due,
                    detail=detail,
                )
            )
            for unit in roster.units_of(dept.code):
                expected = {p.code for p in roster.projects_of(unit.code)}
                got = projects_by_unit.get(unit.code, set())
                status, received, detail = status_of(unit.code, received_by_unit.get(unit.code, []), unit_due)
                missing = sorted(p.name for p in roster.projects_of(unit.code) if p.code not in got)
                if status in ("已报送", "逾期报送") and missing:
                    status = "部分报送" if status == "已报送" else status
                    detail = "；".join(x for x in (detail, "未报项目：" + "、".join(missing)) if x)
                lines.append(
                    ReportingLine(
                        "单位",
                        unit.code,
                        unit.name,
                        dept.name,
                        status,
                        expected_projects=len(expected),
                        reported_projects=len(got),
                        received=received,
                        due=unit_due,
                        detail=detail,
                    )
                )
        known = set(directory.units) | set(directory.departments)
    else:
        known = set()
    # whoever reported or was rejected without being in the roster still appears
    for key, (unit_name, department) in sorted(unit_names.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        if key in known:
            continue
        status, received, detail = status_of(key, received_by_unit[key], unit_due)
        lines.append(
            ReportingLine(
                "单位",
                None if key == _key(unit_name) else key,
                unit_name,
                department,
                status,
                reported_projects=len(projects_by_unit[key]),
                received=received,
                due=unit_due,
                detail=detail or ("名册中没有该单位" if roster is not None else ""),
            )
        )
    for key, name in sorted(dept_names.items(), key=lambda kv: kv[1]):
        if key in known:
            continue
        status, received, detail = status_of(key, received_by_dept[key], dept_due)
        lines.append(
            ReportingLine(
                "部门",
                None,
                name,
                name,
                status,
                received=received,
                due=dept_due,
                detail=detail or ("名册中没有该部门" if roster is not None else ""),
            )
        )
    for key, files in sorted(rejected.items()):
        if key in known or key in unit_names or key in dept_names:
            continue
        first = files[0]
        kind = {"unit": "单位", "department": "部门"}.get(first.workbook_kind or "", "文件")
        lines.append(
            ReportingLine(
                kind,
                first.code,
                first.name or Path(first.path).name,
                "",
                "被退回",
                detail="；".join(f"{Path(r.path).name}：{r.reason or '无法读取'}" for r in files),
            )
        )
    return lines


# --- entry points ------------------------------------------------------------------------------------


def _infer_period(results: list[FileResult]) -> Period:
    seen: dict[Period, int] = {}
    for result in results:
        if result.status != "read":
            continue
        for record in result.records:
            if record.period is not None:
                seen[record.period] = seen.get(record.period, 0) + 1
    if not seen:
        raise UsageError("无法从报表中识别监控期间：请用 --period 指定，如 --period 2026Q3")
    return max(seen, key=lambda p: (seen[p], p))


def _departments(
    collected: _Collected, config: Config, period: Period, progress: Decimal, directory: _Directory
) -> list[DepartmentRollup]:
    groups: dict[tuple[str | None, str], list[ProjectLine]] = {}
    for line in collected.lines:
        groups.setdefault((line.department_code, line.department), []).append(line)
    if directory.roster is not None:  # departments that reported nothing still get a (zero) row
        for dept in directory.roster.departments:
            groups.setdefault((dept.code, dept.name), [])
    reported = {}
    for _result, record, code, name in collected.department_forms:
        if record.form == "department":
            reported[code or _key(name)] = _table_rate(record, "预算执行率")
    rollups = []
    for (code, name), lines in sorted(groups.items(), key=lambda kv: directory.sort_key(*kv[0])):
        lines.sort(key=lambda p: (p.unit, p.project, p.file))
        roster_dept = directory.departments.get(code) if code else None
        files = {p.file for p in lines}
        rollups.append(
            DepartmentRollup(
                code=code,
                name=name,
                period=period,
                time_progress=progress,
                projects=lines,
                totals=Totals.of(lines, config.likelihood),
                roster_budget=roster_dept.budget_total if roster_dept is not None else None,
                files=[a for a in collected.accounts if a.path in files],
                reported_execution_rate=reported.get(code or _key(name)),
            )
        )
    return rollups


def _table_rate(record: FormRecord, indicator: str) -> Decimal | None:
    """A rate the department wrote in its 附表2 table (已完成情况 of the named 监控指标), in percent."""
    for row in record.table:
        if _key(str(row.get("indicator") or "")) == indicator:
            value = row.get("actual")
            if isinstance(value, str):
                value = _money(value.strip().removesuffix("%").removesuffix("％"))
            return value if isinstance(value, Decimal) else None
    return None


def aggregate_department(
    results: list[FileResult], config: Config, *, period: Period | None = None, roster: Roster | None = None
) -> list[DepartmentRollup]:
    """Roll the units' 附表1 up into one DepartmentRollup per department (what pre-fills its 附表2)."""
    city = aggregate_city(results, config, period=period, roster=roster)
    return [d for d in city.departments if d.projects]


def aggregate_city(
    results: list[FileResult], config: Config, *, period: Period | None = None, roster: Roster | None = None
) -> CityRollup:
    """Roll every return up into the city (district) summary."""
    period = period or _infer_period(results)
    progress = time_progress(period.end)
    directory = _Directory(roster)
    collected = _collect(results, config, period, directory, progress)
    departments = _departments(collected, config, period, progress, directory)
    ordered = [p for d in departments for p in d.projects]
    return CityRollup(
        period=period,
        time_progress=progress,
        lag_margin=threshold(config, "execution_lag_margin"),
        likelihood_values=config.likelihood,
        departments=departments,
        totals=Totals.of(ordered, config.likelihood),
        alerts=_alerts(ordered, collected.alert_sources, config, progress),
        reporting=_reporting(results, collected, config, period, directory),
        files=collected.accounts,
        department_forms=len(collected.department_forms),
    )


def aggregate_paths(
    paths: list[Path],
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
    jobs: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> CityRollup:
    """Validate (read once) every workbook under `paths`, then roll them up into the city summary."""
    from perfcli.findings.batch import validate_paths

    report = validate_paths(paths, config, period=period, roster=roster, jobs=jobs, progress=progress)
    return aggregate_city(report.files, config, period=period, roster=roster)


# --- writing the outputs ---------------------------------------------------------------------------------


def department_file_names(rollups: list[DepartmentRollup]) -> list[str]:
    """One sanitised, unique file name per department workbook."""
    from perfcli.io.files import safe_filename, unique_names

    stems = unique_names([safe_filename(f"{d.name}_附表2汇总_{d.period.code}") for d in rollups])
    return [f"{stem}.xlsx" for stem in stems]


def write_department_workbooks(
    rollups: list[DepartmentRollup], out_dir: Path, config: Config, *, force: bool = False
) -> list[Path]:
    """Write each department's workbook (附表2 pre-filled + 项目明细) into `out_dir`, atomically.

    Every target is checked before the first one is written, so a refused run leaves nothing half done.
    """
    from perfcli.io.files import check_writable, write_atomic
    from perfcli.io.xlsx_rollup import write_department_workbook

    targets = [Path(out_dir) / name for name in department_file_names(rollups)]
    for target in targets:
        check_writable(target, force)
    for rollup, target in zip(rollups, targets, strict=True):
        write_atomic(target, partial(write_department_workbook, rollup=rollup, config=config), force=force)
    return targets


def write_city_workbook(city: CityRollup, target: Path, config: Config, *, force: bool = False) -> Path:
    """Write 汇总.xlsx atomically."""
    from perfcli.io.files import write_atomic
    from perfcli.io.xlsx_rollup import write_city_workbook as write

    return write_atomic(Path(target), lambda tmp: write(tmp, city, config), force=force)
