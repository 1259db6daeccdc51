"""The checks of a national-style 监控表 (N0xx, perfcli.findings.national_rules): ticks, remarks, the funds
grid and the cut-off month. Which group is which comes from the spec: the single-choice tick group is
完成目标可能性 (its first option the certain one, 确定能), the multiple-choice group is 偏差原因分析; the funds
columns are keyed budget, executed, rate, forecast."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from perfcli.findings import form_rules as R
from perfcli.findings import national_rules as N
from perfcli.findings.row_checks import check_rows
from perfcli.forms.spec import FormSpec, TickGroup, month_label
from perfcli.model.findings import Finding, Rule
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import is_blank, money_value, percent, percent_value, plain_number
from perfcli.returns.ticked import MONTH_CELL
from perfcli.scoring.cross_checks import parts_gap
from perfcli.scoring.rules import PARTS_DISAGREE

_TOLERANCE = Decimal("0.01")  # percentage points
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def check_ticked(record: FormRecord, spec: FormSpec, period: Period | None) -> list[Finding]:
    found: list[Finding] = []

    def add(rule: Rule, cell: str | None, field: str | None, **params: Any) -> None:
        found.append(rule.finding(file=record.file, sheet=record.sheet, cell=cell, field=field, **params))

    _check_rows(record, spec, add)
    _check_funds(record, spec, add)
    _check_fund_parts(record, spec, add)
    _check_months(record, period, add)
    found.extend(check_rows(record, spec))  # what the form's own note asks (湖北: spec `checks`)
    return found


def _check_rows(record: FormRecord, spec: FormSpec, add: Any) -> None:
    table = spec.table
    single = next((g for g in table.ticks if g.single), None)
    multiple = next((g for g in table.ticks if not g.single), None)
    for i, row in enumerate(record.table):
        name = row.get(table.name_column)
        if is_blank(name):
            continue
        where, base = f"指标“{name}”", f"{table.key}[{i}]"
        ticked_likelihood = _ticked(row, single) if single else []
        if single is not None:
            field = f"{base}.{single.key}"
            if not ticked_likelihood:
                options = "、".join(single.options)
                add(N.LIKELIHOOD_NOT_TICKED, row.cells.get(single.key), field, where=where, options=options)
            elif len(ticked_likelihood) > 1:
                cells = "、".join(row.cells[f"{single.key}@{o}"] for o in ticked_likelihood)
                first = row.cells[f"{single.key}@{ticked_likelihood[0]}"]
                ticked = "、".join(f"“{o}”" for o in ticked_likelihood)
                add(N.LIKELIHOOD_TICKED_TWICE, first, field, where=where, ticked=ticked, cells=cells)
        if multiple is not None and not _ticked(row, multiple):
            why = _why_reason_needed(row, single)
            if why:
                options = "、".join(multiple.options)
                field = f"{base}.{multiple.key}"
                add(
                    N.REASON_MISSING,
                    row.cells.get(multiple.key),
                    field,
                    where=where,
                    why=why,
                    options=options,
                )
        if is_blank(row.get("remark")):
            for group in table.ticks:
                option = next((o for o in _ticked(row, group) if o in group.remark_for), None)
                if option is not None:
                    cell = row.cells.get("remark") or row.cells.get(f"{group.key}@{option}")
                    add(N.REMARK_MISSING, cell, f"{base}.remark", where=where, option=option)
                    break


def _ticked(row: Indicator, group: TickGroup) -> list[str]:
    return [o for o in group.options if f"{group.key}@{o}" in row.cells]


def _why_reason_needed(row: Indicator, single: TickGroup | None) -> str | None:
    likelihood = row.get(single.key) if single else None
    if single is not None and likelihood is not None and likelihood != single.options[0]:
        return f"完成目标可能性为“{likelihood}”"
    target, forecast = _number(row.get("target")), _number(row.get("forecast"))
    if target is None or forecast is None:
        return None
    reverse = str(row.get("target")).lstrip().startswith(("≤", "<", "<=", "低于", "不高于", "不超过"))
    if (forecast > target) if reverse else (forecast < target):
        return f"全年预计完成情况（{row.get('forecast')}）达不到年度指标值（{row.get('target')}）"
    return None


def _number(value: Any) -> Decimal | None:
    """The first number a target or forecast text holds (1200人次 -> 1200), when there is one."""
    if value is None:
        return None
    match = _NUMBER.search(str(value).replace(",", ""))
    return Decimal(match[0]) if match else None


def _check_funds(record: FormRecord, spec: FormSpec, add: Any) -> None:
    block = spec.funds
    if block is None:
        return
    grid = record.fields.get(block.key) or {}
    labels = {c.key: month_shown(c.label, record) for c in block.columns}
    for row in block.rows:
        values = grid.get(row.key) or {}
        budget, executed = money_value(values.get("budget")), money_value(values.get("executed"))
        forecast = money_value(values.get("forecast"))
        name = row.short_label

        def at(column: str, key: str = row.key) -> tuple[str | None, str]:
            field = f"{block.key}.{key}.{column}"
            return record.cells.get(field), field

        if budget is not None and executed is not None and executed > budget:
            add(
                N.EXECUTED_OVER_BUDGET,
                *at("executed"),
                row=name,
                executed_label=labels.get("executed", "执行数"),
                executed=plain_number(executed),
                budget_label=labels.get("budget", "年初预算数"),
                budget=plain_number(budget),
            )
        if forecast is not None and executed is not None and forecast < executed:
            add(
                N.FORECAST_BELOW_EXECUTED,
                *at("forecast"),
                row=name,
                forecast=plain_number(forecast),
                executed_label=labels.get("executed", "执行数"),
                executed=plain_number(executed),
            )
        filled = values.get("rate")
        if is_blank(filled):
            continue
        rate = percent_value(filled)
        if rate is None:
            add(
                N.AMOUNT_NOT_NUMBER,
                *at("rate"),
                row=name,
                rate_label=labels.get("rate", "执行率"),
                raw=filled,
            )
            continue
        if budget is None or executed is None or not budget:
            continue
        exact = executed * 100 / budget
        if abs(rate - exact) > _TOLERANCE:
            add(
                N.RATE_DISAGREES,
                *at("rate"),
                row=name,
                rate_label=labels.get("rate", "执行率"),
                filled=plain_number(rate),
                executed=plain_number(executed),
                budget=plain_number(budget),
                computed=percent(executed, budget),
            )


def _check_fund_parts(record: FormRecord, spec: FormSpec, add: Any) -> None:
    """The grid's first row (年度资金总额) against the 其中 rows below it, in each money column (S012)."""
    block = spec.funds
    if block is None or len(block.rows) < 2:
        return
    grid = record.fields.get(block.key) or {}
    total_row, *parts = block.rows
    for column in block.columns:
        if column.type != "money":
            continue
        total = money_value((grid.get(total_row.key) or {}).get(column.key))
        values = {p.short_label: money_value((grid.get(p.key) or {}).get(column.key)) for p in parts}
        gap = parts_gap(total, values)
        if gap is None:
            continue
        field = f"{block.key}.{total_row.key}.{column.key}"
        add(
            PARTS_DISAGREE,
            record.cells.get(field),
            field,
            total_label=total_row.short_label,
            column=month_shown(column.label, record),
            total=gap.total,
            which=gap.which,
            parts=gap.parts,
            items=gap.items,
        )


def month_shown(label: str, record: FormRecord) -> str:
    """A spec label as the form printed it: 1-X月执行数 -> 1-7月执行数 (the record's cut-off month)."""
    return month_label(label, record.period.end_month if record.period is not None else None)


def _check_months(record: FormRecord, wanted: Period | None, add: Any) -> None:
    """Every 1-X月 on the form says the period's cut-off month (the wanted one, else the form's own)."""
    against = wanted or record.period
    if record.period is not None and wanted is not None and record.period.year != wanted.year:
        add(
            R.PERIOD_MISMATCH,
            record.cells.get("period"),
            "period",
            found=f"{record.period.year}年度",
            wanted=wanted.name,
        )
    if against is None:
        return
    for key, month in record.cells.items():
        if key.startswith(MONTH_CELL) and int(month) != against.end_month:
            cell = key.removeprefix(MONTH_CELL)
            add(
                N.MONTH_MISMATCH,
                cell,
                "period",
                where=cell,
                found=month,
                wanted=against.name,
                month=against.end_month,
            )
