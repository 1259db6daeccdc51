"""The checks of one form (DESIGN §5), built from its spec and the locality config.

Field types, required-ness, vocabularies, rate rows and where the 预算执行率 comes from are all in the
spec, so a new form or locality needs no new code here. The reader's own findings are not repeated.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from perfcli.findings import form_rules as R
from perfcli.findings import handling
from perfcli.findings.execution import execution_lag
from perfcli.findings.national import check_ticked, month_shown
from perfcli.findings.targets import review_record
from perfcli.forms.registry import forms_of
from perfcli.forms.spec import FormSpec
from perfcli.model.config import Config
from perfcli.model.findings import Finding, Rule
from perfcli.model.period import Period
from perfcli.model.records import FormRecord
from perfcli.model.values import (
    HUNDRED,
    is_blank,
    money_value,
    percent,
    percent_value,
    plain_number,
    round_half_up,
)
from perfcli.scoring.cross_checks import rate_gap
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.kinds import score_form, scored_kind

NEAR_MISS_CODE = "R003"  # the reader's 近似的规定取值 warning, which already proposes the canonical value


class _Checker:
    """Collects the findings of one record, with its file, sheet and cells filled in."""

    def __init__(self, record: FormRecord, config: Config, spec: FormSpec) -> None:
        self.record, self.config, self.spec = record, config, spec
        self.findings: list[Finding] = []

    def add(self, rule: Rule, *, field: str | None, cell: str | None = None, **params: Any) -> None:
        if cell is None and field is not None:
            cell = self.record.cells.get(field)
        record = self.record
        self.findings.append(
            rule.finding(file=record.file, sheet=record.sheet, cell=cell, field=field, **params)
        )

    def near_miss_reported(self, cell: str | None) -> bool:
        """The reader warned about this cell as a near-miss (DESIGN §4: a warning, not an error twice over)."""
        return cell is not None and any(
            i.code == NEAR_MISS_CODE and i.cell == cell for i in self.record.issues
        )

    def row_name(self, index: int) -> str:
        """指标“…” / 监控指标“…”, or 第 N 个指标行 when the row has no name."""
        name = self.record.table[index].get(self.spec.table.name_column)
        label = "监控指标" if self.spec.table.name_column == "indicator" else "指标"
        return f"{label}“{name}”" if not is_blank(name) else f"第 {index + 1} 个指标行"


def validate_record(record: FormRecord, config: Config, *, period: Period | None = None) -> list[Finding]:
    """Every check of DESIGN §5 on one form. A 自评表 is scored instead (its score kept on the record)."""
    spec = forms_of(config).spec(record.form)
    if scored_kind(spec):
        scored = score_form(record, ScoringSettings.from_config(config), spec)
        record.score = {k: v for k, v in scored.to_json().items() if k != "findings"}
        return scored.findings
    check = _Checker(record, config, spec)
    _check_fields(check)
    if spec.stage == "target":  # a 绩效目标 form: a project's 申报表 gets the 初审 rules (findings.targets)
        return check.findings + review_record(record, spec, config, check.findings)
    if record.form == "project":
        _check_money_order(check)
    _check_funding(check)
    ticked = bool(spec.table.ticks) or spec.funds is not None
    if ticked:  # the national 监控表's shape: ticks, remarks, funds grid, 1-X月 (perfcli.findings.national)
        check.findings.extend(check_ticked(record, spec, period))
    else:
        _check_table(check)
        _check_required_groups(check)
        _check_at_risk(check)
    _check_execution_lag(check, period or record.period)
    if not ticked:
        _check_period(check, period)
    return check.findings


def _split_sources(text: str) -> list[str]:
    return [p for p in re.split(r"[、，,/；;\s]+", text.strip()) if p]


def _check_fields(check: _Checker) -> None:
    record, spec = check.record, check.spec
    for spec_field in spec.fields:
        value = record.fields.get(spec_field.key)
        label = month_shown(spec.label_of(spec_field.key), record)
        if is_blank(value):
            if spec_field.required:
                check.add(R.REQUIRED, field=spec_field.key, label=label)
            continue
        if spec_field.type == "money":
            _check_not_negative(check, spec_field.key, money_value(value))
        elif spec_field.type == "enum" and spec_field.vocabulary == "fund_sources":
            allowed = check.config.fund_sources
            parts = _split_sources(str(value))
            wrong = not parts or any(p not in allowed for p in parts)
            if wrong and not check.near_miss_reported(record.cells.get(spec_field.key)):
                check.add(R.FUND_SOURCE_VOCAB, field=spec_field.key, value=value, allowed="、".join(allowed))
    for source in spec.funding:
        for column in spec.paired_columns:
            key = f"funding.{source.key}.{column}"
            _check_not_negative(check, key, money_value(record.funding.get(source.key, {}).get(column)))


def _check_not_negative(check: _Checker, key: str, amount: Decimal | None) -> None:
    if amount is not None and amount < 0:
        check.add(R.MONEY_NEGATIVE, field=key, label=check.spec.label_of(key), value=plain_number(amount))


def _check_money_order(check: _Checker) -> None:
    """已支出 ≤ 已到位 ≤ 预算总额 (附表1)."""
    fields = check.record.fields
    budget, received, spent = (
        money_value(fields.get(k)) for k in ("budget_total", "funds_received", "funds_spent")
    )
    if spent is not None and received is not None and spent > received:
        check.add(
            R.SPENT_OVER_RECEIVED,
            field="funds_spent",
            spent=plain_number(spent),
            received=plain_number(received),
        )
    if received is not None and budget is not None and received > budget:
        check.add(
            R.RECEIVED_OVER_BUDGET,
            field="funds_received",
            received=plain_number(received),
            budget=plain_number(budget),
        )


def _check_funding(check: _Checker) -> None:
    """附表3: 项目总金额 = the sum of the funding rows, for 预算数 and for 执行数 (exact Decimal)."""
    record, spec = check.record, check.spec
    for total_field in (f for f in spec.fields if f.column):
        column = total_field.column or ""
        total = money_value(record.fields.get(total_field.key))
        amounts = {s.key: money_value(record.funding.get(s.key, {}).get(column)) for s in spec.funding}
        if total is None or all(a is None for a in amounts.values()):
            continue
        parts = sum((a for a in amounts.values() if a is not None), Decimal(0))
        if parts != total:
            detail = "，".join(
                f"{s.short_label} {'空' if amounts[s.key] is None else plain_number(amounts[s.key])}"  # type: ignore[arg-type]
                for s in spec.funding
            )
            check.add(
                R.FUNDING_SUM,
                field=total_field.key,
                column=spec.paired_columns.get(column or "", column or ""),
                total=plain_number(total),
                parts=plain_number(parts),
                detail=detail,
                diff=plain_number(total - parts),
            )


def _check_table(check: _Checker) -> None:
    record, config, table = check.record, check.config, check.spec.table
    allowed = "、".join(config.likelihood)
    for i, row in enumerate(record.table):
        name = row.get(table.name_column)
        if is_blank(name) or table.unused_placeholder(row):
            continue
        where, base = check.row_name(i), f"{table.key}[{i}]"
        actual, likelihood = row.get("actual"), row.get("likelihood")
        if is_blank(actual):
            check.add(R.INDICATOR_ACTUAL, field=f"{base}.actual", cell=row.cells.get("actual"), where=where)
        else:
            _check_rate_row(check, i, str(name).strip(), actual)
        cell = row.cells.get("likelihood")
        if is_blank(likelihood):
            check.add(
                R.INDICATOR_LIKELIHOOD, field=f"{base}.likelihood", cell=cell, where=where, allowed=allowed
            )
        elif str(likelihood).strip() not in config.likelihood and not check.near_miss_reported(cell):
            check.add(
                R.LIKELIHOOD_VOCAB,
                field=f"{base}.likelihood",
                cell=cell,
                where=where,
                value=likelihood,
                allowed=allowed,
            )


def _check_required_groups(check: _Checker) -> None:
    """At least one row of the filler's own in each required group (附表2: 重点工作推进情况, V118)."""
    table = check.spec.table
    group_key = table.columns[0].key
    for group, what in table.required_groups.items():
        rows = [row for row in check.record.table if str(row.get(group_key) or "").strip() == group]
        if any(not is_blank(r.get(table.name_column)) and not table.unused_placeholder(r) for r in rows):
            continue
        check.add(
            R.GROUP_EMPTY,
            field=f"{table.key}.{table.name_column}",
            cell=rows[0].cells.get(table.name_column) if rows else None,
            group=group,
            what=what,
            placeholder=table.group_placeholder(group) or what,
        )


def _check_rate_row(check: _Checker, index: int, name: str, actual: Any) -> None:
    rate_row = check.spec.table.rate_rows.get(name)
    if rate_row is None:
        return
    cell = check.record.table[index].cells.get("actual")
    field = f"{check.spec.table.key}[{index}].actual"
    where = f"{check.row_name(index)}的已完成情况"
    value = percent_value(actual)
    if value is None:
        check.add(R.RATE_NOT_NUMBER, field=field, cell=cell, where=where, value=actual)
        return
    if rate_row.range == "unit" and not (0 <= value <= HUNDRED):
        check.add(
            R.RATE_RANGE,
            field=field,
            cell=cell,
            where=where,
            value=plain_number(value),
            formula=rate_row.formula,
        )
    source = check.spec.execution
    if source.row == name and source.spent and source.budget:
        _check_rate_against_amounts(check, value, field, cell, where)


def _check_rate_against_amounts(
    check: _Checker, value: Decimal, field: str, cell: str | None, where: str
) -> None:
    """A printed 预算执行率 row against the amounts the form's header gives it (V119)."""
    source, record = check.spec.execution, check.record
    assert source.spent and source.budget
    spent = money_value(_value_at(record, source.spent))
    budget = money_value(_value_at(record, source.budget))
    computed = rate_gap(value, spent, budget)
    if computed is None or spent is None or budget is None:
        return
    spent_label = month_shown(source.spent_label or check.spec.label_of(source.spent), record)
    budget_label = source.budget_label or check.spec.label_of(source.budget)
    check.add(
        R.RATE_DISAGREES_WITH_AMOUNTS,
        field=field,
        cell=cell,
        where=where,
        filled=plain_number(value),
        formula=f"{spent_label} {plain_number(spent)} ÷ {budget_label} {plain_number(budget)}",
        computed=plain_number(computed),
    )


def _check_at_risk(check: _Checker) -> None:
    """可能性小/不可能 ⇒ 目标偏离情况及原因分析 and 改进计划 say something (常州新北 第十二条)."""
    record, config = check.record, check.config
    at_risk = [
        (i, str(row.get("likelihood")).strip())
        for i, row in enumerate(record.table)
        if not is_blank(row.get("likelihood"))
        and str(row.get("likelihood")).strip() in config.likelihood_at_risk
    ]
    if not at_risk:
        return
    index, likelihood = at_risk[0]
    where = check.row_name(index) + (f"等 {len(at_risk)} 个指标" if len(at_risk) > 1 else "")
    for rule, key in ((R.AT_RISK_DEVIATION, "deviation_analysis"), (R.AT_RISK_PLAN, "improvement_plan")):
        if is_blank(record.fields.get(key)):
            label = check.spec.label_of(key)
            check.add(
                rule, field=key, where=where, likelihood=likelihood, label=label, suggestion=handling.EXPLAIN
            )


def _execution(check: _Checker) -> tuple[Decimal, str, str, str | None] | None:
    """(预算执行率 %, how it was reached, field key, cell) of a record, when it can be computed."""
    record, spec, source = check.record, check.spec, check.spec.execution
    if source.spent and source.budget:
        spent, budget = (
            money_value(_value_at(record, source.spent)),
            money_value(_value_at(record, source.budget)),
        )
        if spent is None or budget is None or budget <= 0 or spent < 0:
            return None
        spent_label = source.spent_label or spec.label_of(source.spent)
        spent_label = month_shown(spent_label, record)  # 1-X月执行数 as the form prints it
        budget_label = source.budget_label or spec.label_of(source.budget)
        formula = f"{spent_label} {plain_number(spent)} ÷ {budget_label} {plain_number(budget)}"
        return percent(spent, budget), formula, source.spent, record.cells.get(source.spent)  # type: ignore[return-value]
    for i, row in enumerate(record.table):
        if source.row and str(row.get(spec.table.name_column) or "").strip() == source.row:
            value = percent_value(row.get("actual"))
            if value is not None:
                how = f"部门填报的{spec.table.rate_rows[source.row].formula}"
                return value, how, f"{spec.table.key}[{i}].actual", row.cells.get("actual")
    return None


def _value_at(record: FormRecord, key: str) -> Any:
    """A field, or a cell of a nested one: funds.total.executed (the national 监控表's funds grid)."""
    value: Any = record.fields
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _check_execution_lag(check: _Checker, period: Period | None) -> None:
    found = _execution(check) if period is not None else None
    if found is None or period is None:
        return
    value, formula, key, cell = found
    lag = execution_lag(value, period, check.config)
    if lag is None or not lag.lagging:
        return
    check.add(
        R.EXECUTION_LAG,
        field=key,
        cell=cell,
        suggestion=handling.suggest(
            check.config, lag.level or "一般", None, check.record.fields.get("deviation_analysis")
        ),
        rate=round_half_up(value),
        formula=formula,
        progress=lag.progress,
        end=period.end.isoformat(),
        lag=round_half_up(lag.lag),
        margin=plain_number(lag.margin),
    )


def _check_period(check: _Checker, wanted: Period | None) -> None:
    if wanted is None:
        return
    found = check.record.period
    if found is None:
        check.add(R.PERIOD_MISSING, field="period", example=wanted.label, wanted=wanted.name)
    elif found != wanted:
        check.add(R.PERIOD_MISMATCH, field="period", found=found.name, wanted=wanted.name)
