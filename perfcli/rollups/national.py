"""What the roll-up takes from a national-style 监控表 (its funds grid and ticks), and the city's 监控表汇总
table: per department 执行率, 预计执行率, and the counts of each 完成目标可能性 and each 偏差原因."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.io.xlsx.write.tables import Column, ReportTable
from perfcli.model.records import FormRecord
from perfcli.model.values import percent
from perfcli.rollups.model import EXECUTION_RATE_FORMULA, GAP_FORMULA, RECEIVED_RATE_FORMULA, ProjectLine

FORECAST_RATE_FORMULA = "预计执行率 = 全年预计执行数合计 ÷ 年初预算数合计 × 100%"
EXECUTED_RATE_FORMULA = "执行率 = 执行数合计 ÷ 年初预算数合计 × 100%"


def _walk(fields: dict[str, Any], key: str) -> Any:
    value: Any = fields
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def project_fields(record: FormRecord, spec: FormSpec) -> dict[str, Any]:
    """附表1's fields as they are; a 监控表's with budget_total, funds_spent and forecast taken from its funds
    grid (where the spec's `execution` says 执行数 and 年初预算数 are)."""
    if spec.funds is None:
        return record.fields
    source = spec.execution
    total = spec.funds.rows[0].key
    return {
        **record.fields,
        "budget_total": _walk(record.fields, source.budget or f"{spec.funds.key}.{total}.budget"),
        "funds_spent": _walk(record.fields, source.spent or f"{spec.funds.key}.{total}.executed"),
        "forecast": _walk(record.fields, f"{spec.funds.key}.{total}.forecast"),
    }


def deviation_counts(record: FormRecord, spec: FormSpec) -> dict[str, int]:
    """How many indicator rows ticked each 偏差原因 (the multiple-choice tick group)."""
    group = next((g for g in spec.table.ticks if not g.single), None)
    if group is None:
        return {}
    counts = dict.fromkeys(group.options, 0)
    for row in record.table:
        for option in row.get(group.key) or ():
            counts[option] = counts.get(option, 0) + 1
    return counts


def national_table(
    lines: Iterable[ProjectLine], likelihood: tuple[str, ...], subtitle: str
) -> ReportTable | None:
    """监控表汇总: one row per department of the lines read from 监控表 (None when there are none)."""
    national = [line for line in lines if line.forecast is not None or line.deviation_reasons]
    if not national:
        return None
    reasons = tuple(dict.fromkeys(r for line in national for r in line.deviation_reasons))
    groups: dict[str, list[ProjectLine]] = {}
    for line in national:
        groups.setdefault(line.department, []).append(line)
    columns = [
        Column("主管部门", 24),
        Column("项目数", 8, "int"),
        Column("年初预算数（万元）", 16, "money"),
        Column("执行数（万元）", 14, "money"),
        Column("执行率（%）", 11, "rate"),
        Column("全年预计执行数（万元）", 18, "money"),
        Column("预计执行率（%）", 13, "rate"),
        *(Column(f"可能性：{v}", 10, "int") for v in likelihood),
        *(Column(f"偏差原因：{r}", 10, "int") for r in reasons),
    ]
    rows = [_row(name, group, likelihood, reasons) for name, group in sorted(groups.items())]
    total = _row("合计", national, likelihood, reasons)
    return ReportTable(
        sheet="监控表汇总",
        title="项目支出绩效目标执行监控表汇总",
        subtitle=subtitle,
        columns=columns,
        rows=rows,
        totals=total,
        notes=[EXECUTED_RATE_FORMULA, FORECAST_RATE_FORMULA, "可能性、偏差原因为勾选该项的指标个数。"],
    )


def _row(
    name: str, lines: list[ProjectLine], likelihood: tuple[str, ...], reasons: tuple[str, ...]
) -> list[Any]:
    budget = sum((line.budget_total for line in lines), Decimal(0))
    spent = sum((line.funds_spent for line in lines), Decimal(0))
    forecast = sum((line.forecast or Decimal(0) for line in lines), Decimal(0))
    return [
        name,
        len(lines),
        budget,
        spent,
        percent(spent, budget),
        forecast,
        percent(forecast, budget),
        *(sum(line.likelihood.get(v, 0) for line in lines) for v in likelihood),
        *(sum(line.deviation_reasons.get(r, 0) for line in lines) for r in reasons),
    ]


RECEIVED_COLUMNS = ("已到位", "资金到位率")  # titles (their start) of the columns of 已到位资金


def without_received(table: ReportTable) -> ReportTable:
    """The table without its 已到位 columns: for forms that do not collect 已到位资金 (the national
    监控表), a column of zeros would state what nobody reported."""
    drop = [i for i, c in enumerate(table.columns) if c.title.startswith(RECEIVED_COLUMNS)]
    keep = [i for i in range(len(table.columns)) if i not in drop]
    table.columns = [table.columns[i] for i in keep]
    table.rows = [[row[i] for i in keep] for row in table.rows]
    if table.totals is not None:
        table.totals = [table.totals[i] for i in keep]
    if table.highlight is not None:
        table.highlight = replace(table.highlight, column=keep.index(table.highlight.column))
    if table.chart is not None:
        chart = table.chart
        table.chart = replace(
            chart,
            categories=keep.index(chart.categories),
            bars=keep.index(chart.bars),
            line=keep.index(chart.line),
        )
    return table


def rate_notes(
    progress: Decimal, margin: Decimal | None = None, *, received: bool = True, form: str = "附表1"
) -> list[str]:
    """How the rates are computed; with `margin`, also 序时进度 and the 预警 line; `received`: the form
    collects 已到位资金; `form` names it."""
    formulas = [RECEIVED_RATE_FORMULA] if received else []
    notes = [
        f"说明：{'；'.join([*formulas, EXECUTION_RATE_FORMULA, GAP_FORMULA])}。",
        f"金额为各单位{form}填报数的精确合计；比率按合计数计算，四舍五入保留两位小数。",
    ]
    if margin is not None:
        notes.append(
            f"序时进度 {progress}% = 年初至期末的天数 ÷ 全年天数；预算执行率落后序时进度超过 {margin} 个百分点的项目列入预警清单。"
        )
    return notes
