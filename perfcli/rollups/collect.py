"""From a validated batch to the lines a roll-up adds up: one ProjectLine per 附表1 that counts, each
department form once, every file accounted for (included, rejected or superseded).

Whose each file is and which roster project each form reports is asked of perfcli.findings.matching
(the one place it is decided); the roster also supplies names, departments and approved budgets.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfcli.findings.matching import Match, match_file
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.roster import Roster
from perfcli.model.values import is_blank, money_value, name_key, percent, percent_value
from perfcli.rollups.model import ZERO, FileAccount, ProjectLine, gap_to_progress
from perfcli.rollups.national import deviation_counts, project_fields

UNASSIGNED = "（未匹配到部门）"
ALERT_CELLS = ("funds_spent", "deviation_analysis", "improvement_plan")
AMOUNTS = (("budget_total", "预算总额"), ("funds_received", "已到位资金"), ("funds_spent", "已支出资金"))
NATIONAL_AMOUNTS = (("budget_total", "年初预算数"), ("funds_spent", "执行数"))  # 监控表: no 已到位资金


@dataclass
class DepartmentForm:
    """A department's own 附表2 or 附表3 that counts (their money is the units' 附表1: never added)."""

    result: FileResult
    record: FormRecord  # slim (see `_slim`)
    code: str | None
    name: str


@dataclass
class Collected:
    lines: list[ProjectLine]
    department_forms: list[DepartmentForm]
    accounts: list[FileAccount]
    alert_sources: dict[tuple[str, str], FormRecord]  # (file, sheet) of each line -> its slim record
    files: list[FileResult]  # the batch, each included file with its owner as matched against the roster


def unit_of(owner: Match, record: FormRecord, roster: Roster | None) -> tuple[str | None, str]:
    unit = roster.unit_or_none(owner.code) if roster else None
    if unit is not None:
        return unit.code, unit.name
    name = record.unit or owner.name or ""
    return owner.code, name.strip() or "（未写编报单位）"


def department_of_unit(owner: Match, roster: Roster | None) -> tuple[str | None, str]:
    dept = roster.department_or_none(owner.department_code) if roster else None
    if dept is not None:
        return dept.code, dept.name
    code = owner.department_code
    return (code, code) if code else (None, UNASSIGNED)


def department_of_form(owner: Match, record: FormRecord, roster: Roster | None) -> tuple[str | None, str]:
    dept = roster.department_or_none(owner.code) if roster else None
    if dept is not None:
        return dept.code, dept.name
    name = record.fields.get("department_name") or owner.name or ""
    return owner.code, str(name).strip() or UNASSIGNED


def _project_line(
    result: FileResult,
    owner: Match,
    record: FormRecord,
    roster: Roster | None,
    config: Config,
    progress: Decimal,
) -> ProjectLine:
    unit_code, unit = unit_of(owner, record, roster)
    department_code, department = department_of_unit(owner, roster)
    project_code = owner.project_of(record)
    spec = forms_of(config).spec(record.form)
    fields = project_fields(record, spec)  # a 监控表's amounts from its funds grid
    wanted = AMOUNTS if spec.funds is None else NATIONAL_AMOUNTS
    missing = [label for key, label in wanted if money_value(fields.get(key)) is None]
    amounts = {key: money_value(fields.get(key)) or ZERO for key, _ in AMOUNTS}
    likelihood = {v: 0 for v in config.likelihood}
    for indicator in record.table:
        value = indicator.get("likelihood")
        if not is_blank(value):
            label = str(value).strip() if str(value).strip() in likelihood else "其他"
            likelihood[label] = likelihood.get(label, 0) + 1
    note = ""
    approved = roster.project_or_none(project_code) if roster else None
    if approved is not None and approved.budget_total != amounts["budget_total"]:
        # 预算总额 is pre-filled from the roster: a changed value must not move the totals
        typed = "未填" if "预算总额" in missing else format(amounts["budget_total"], "f")
        note = f"预算总额按名册 {format(approved.budget_total, 'f')} 万元计入（报表中为 {typed}）"
        amounts["budget_total"] = approved.budget_total
        missing = [m for m in missing if m != "预算总额"]
    findings = [f for f in result.findings if f.sheet == record.sheet] or list(record.issues)
    execution = percent(amounts["funds_spent"], amounts["budget_total"])
    return ProjectLine(
        department_code=department_code,
        department=department,
        unit_code=unit_code,
        unit=unit,
        project_code=project_code,
        project=str(fields.get("project_name") or "").strip() or f"（{record.sheet}）",
        fund_source=fields.get("fund_source"),
        budget_total=amounts["budget_total"],
        funds_received=amounts["funds_received"],
        funds_spent=amounts["funds_spent"],
        received_rate=percent(amounts["funds_received"], amounts["budget_total"])
        if spec.funds is None
        else None,
        execution_rate=execution,
        progress_gap=gap_to_progress(execution, progress),
        likelihood=likelihood,
        findings=len(findings),
        errors=sum(1 for f in findings if f.severity == "error"),
        missing=missing,
        note=note,
        forecast=money_value(fields.get("forecast")),
        deviation_reasons=deviation_counts(record, spec),
        file=result.path,
        sheet=record.sheet,
        deviation_analysis=fields.get("deviation_analysis"),
        improvement_plan=fields.get("improvement_plan"),
        form=record.form,
        category=approved.category if approved is not None else "",
    )


def _slim(record: FormRecord, config: Config) -> FormRecord:
    """The part of a counted form the roll-up reads after collecting (its 预警 and 附表2 rate).

    A city is thousands of forms: only this much of each is kept, not the whole record.
    """
    if record.form in forms_of(config).project_forms:
        at_risk = set(config.likelihood_at_risk)
        table = [ind for ind in record.table if str(ind.get("likelihood") or "").strip() in at_risk]
        cells = {k: v for k, v in record.cells.items() if k in ALERT_CELLS}
    else:
        rate_row = (r for r in record.table if name_key(r.get("indicator")) == "预算执行率")
        table, cells = [row for row in (next(rate_row, None),) if row is not None], {}
    return FormRecord(file=record.file, form=record.form, sheet=record.sheet, table=table, cells=cells)


def reported_rate(record: FormRecord, indicator: str) -> Decimal | None:
    """A rate the department wrote in its 附表2 table (已完成情况 of the named 监控指标), in percent."""
    row = next((r for r in record.table if name_key(r.get("indicator")) == indicator), None)
    return percent_value(row.get("actual")) if row is not None else None


def _recency(result: FileResult, record: FormRecord) -> tuple[str, str, str]:
    """Which of two returns of the same form counts: newest received, then newest generated, then path."""
    return (result.received or "", str((record.identity or {}).get("generated_at") or ""), result.path)


def _account(
    result: FileResult, period: Period, records: list[FormRecord], forms: FormRegistry
) -> FileAccount:
    account = FileAccount(result.path, "included", errors=result.errors, warnings=result.warnings)
    if result.status != "read":
        account.status = result.status
        account.reason = result.reason or (
            "已被较新的版本替代" if result.status == "superseded" else "无法读取"
        )
        account.superseded_by = result.superseded_by
    elif not records:
        account.status, account.reason = "rejected", result.reason or "工作簿中没有找到监控表"
    elif all(r.period is not None and r.period != period for r in records):
        account.status = "rejected"
        account.reason = f"期间为{records[0].period.name}，不是本次汇总的{period.name}"  # type: ignore[union-attr]
    elif all(forms.spec(r.form).stage == "target" for r in records):  # the year's plan, not its execution
        account.status, account.reason = "rejected", "绩效目标表，不计入监控汇总"
    return account


def collect(
    results: list[FileResult], config: Config, period: Period, roster: Roster | None, progress: Decimal
) -> Collected:
    """Turn the batch into project lines, counting each project once and accounting for every file."""
    forms = forms_of(config)
    accounts: dict[str, FileAccount] = {}
    # each form's key -> (recency, file, slim record, its line | its department form)
    winners: dict[tuple, tuple[tuple, FileResult, FormRecord, ProjectLine | DepartmentForm]] = {}
    keys_of_file: dict[str, list[tuple]] = {}
    files: list[FileResult] = []
    for result in sorted(results, key=lambda r: r.path):
        records = result.records if result.status == "read" else []  # unpacked once per file
        account = accounts[result.path] = _account(result, period, records, forms)
        files.append(result)
        if account.status != "included":
            continue
        owner = match_file(result, records, roster, forms)  # as validation answered, whatever roster it had
        files[-1] = _settled(result, owner)
        for record in records:
            if record.period is not None and record.period != period:
                continue
            if forms.spec(record.form).stage == "target":
                continue  # a 绩效目标 form's money is the year's plan (a file of them is not counted)
            line: ProjectLine | DepartmentForm
            if record.form in forms.project_forms:
                line = _project_line(result, owner, record, roster, config, progress)
                key: tuple = (
                    "project",
                    line.unit_code or name_key(line.unit),
                    line.project_code or name_key(line.project),
                )
            else:
                code, name = department_of_form(owner, record, roster)
                line = DepartmentForm(result, _slim(record, config), code, name)
                sheet_key = record.fields.get("project_name") if record.form == "key_project" else ""
                key = (record.form, code or name_key(name), name_key(sheet_key))
            rank = _recency(result, record)
            keys_of_file.setdefault(result.path, []).append(key)
            if key not in winners or rank > winners[key][0]:
                winners[key] = (rank, result, _slim(record, config), line)
    return _settle(winners, keys_of_file, accounts, files)


def _settled(result: FileResult, owner: Match) -> FileResult:
    """The file as this roster sees it (a shallow copy: the packed records are shared, not unpacked)."""
    settled = copy.copy(result)
    settled.code, settled.name = owner.code, owner.name or result.name
    settled.department_code, settled.project_codes = owner.department_code, owner.project_codes
    return settled


def _settle(
    winners: dict[tuple, tuple[tuple, FileResult, FormRecord, ProjectLine | DepartmentForm]],
    keys_of_file: dict[str, list[tuple]],
    accounts: dict[str, FileAccount],
    files: list[FileResult],
) -> Collected:
    lines: list[ProjectLine] = []
    department_forms: list[DepartmentForm] = []
    alert_sources: dict[tuple[str, str], FormRecord] = {}
    kept: dict[str, int] = {}
    for _, result, record, line in winners.values():
        kept[result.path] = kept.get(result.path, 0) + 1
        if isinstance(line, ProjectLine):
            lines.append(line)
            alert_sources[(line.file, line.sheet)] = record
        else:
            department_forms.append(line)
    # a read file none of whose forms counted was superseded by the returns that won
    for path, account in accounts.items():
        if account.status != "included":
            continue
        account.forms = kept.get(path, 0)
        if account.forms == 0:
            winner = winners[keys_of_file[path][0]][1].path
            account.status, account.superseded_by = "superseded", winner
            account.reason = f"与 {Path(winner).name} 报送的是同一张表，按较新的一份计入"
    return Collected(lines, department_forms, [accounts[p] for p in sorted(accounts)], alert_sources, files)
