"""A department's roll-up workbook: its 附表2 pre-filled from the units' 附表1 (name, budget and the rates the
units' data decide, each explained), its identity, and the 项目明细 behind the numbers.

Which 附表2 rows a roll-up rate pre-fills is data (the spec's rate_rows[…].rollup); the rest of the form is
left open for the department.
"""

from __future__ import annotations

from decimal import Decimal

from perfcli.forms.spec import FormSpec
from perfcli.io.xlsx.write.forms import SheetContent
from perfcli.io.xlsx.write.tables import ReportTable
from perfcli.issue.content import sheet_identity, skeleton_table, workbook_identity
from perfcli.model.config import Config
from perfcli.model.identity import Identity, canonical
from perfcli.rollups.coverage import coverage_note, unreported_summary
from perfcli.rollups.model import EXECUTION_RATE_FORMULA, RECEIVED_RATE_FORMULA, DepartmentRollup
from perfcli.rollups.sheets import project_table

# a roll-up rate (RateRow.rollup) -> how it is computed, and the sum it divides by 预算总额合计
_RATE_BASIS = {
    "received_rate": (RECEIVED_RATE_FORMULA, "funds_received"),
    "execution_rate": (EXECUTION_RATE_FORMULA, "funds_spent"),
}


def department_title(rollup: DepartmentRollup) -> str:
    return f"{rollup.name} 部门整体预算绩效运行监控表"


def rollup_rates(rollup: DepartmentRollup, spec: FormSpec) -> dict[int, tuple[str, Decimal]]:
    """Table row index -> (roll-up rate name, value) for the 附表2 rows (of `spec`) a roll-up rate pre-fills."""
    rows, _ = skeleton_table(spec)
    out = {}
    for i, row in enumerate(rows):
        rule = spec.table.rate_rows.get(str(row.get(spec.table.name_column)))
        if rule is None or rule.rollup is None:
            continue
        value = getattr(rollup.totals, rule.rollup)
        if value is not None:  # no rate of a zero budget: the row stays open
            out[i] = (rule.rollup, value)
    return out


def department_sheet_content(rollup: DepartmentRollup, spec: FormSpec) -> SheetContent:
    """The 附表2 (`spec`, the config's) of a department: name, budget and the two 预算执行 rates decided by the
    units' data."""
    rows, locked = skeleton_table(spec)
    comments = {}
    t = rollup.totals
    for i, (rate, value) in rollup_rates(rollup, spec).items():
        key = f"{spec.table.key}[{i}].actual"
        # text: a number ≤ 1 would be ambiguous with a percent-formatted fraction
        rows[i]["actual"] = f"{value}%"
        locked.add(key)
        formula, part = _RATE_BASIS[rate]
        comments[key] = (
            f"{formula}\n= {getattr(t, part)} ÷ {t.budget_total}（万元）\n据 {t.projects} 个项目的附表1汇总"
            + _missing_remark(rollup)
        )
    return SheetContent(
        spec=spec,
        name=spec.code,
        period=rollup.period,
        values={"department_name": rollup.name, "budget_total": rollup.budget_total},
        table=rows,
        locked={"department_name", "budget_total", *locked},
        comments=comments,
        postscript=_explanation(rollup),
    )


def _missing_remark(rollup: DepartmentRollup) -> str:
    """On each pre-filled rate: what it leaves out."""
    if rollup.unreported is None:
        return "（未核对名册，仅收到的项目）"
    if not rollup.unreported:
        return "（应报项目均已报送）"
    return f"（仅已报送的项目；另有{unreported_summary(rollup.unreported)}未报送，未计入）"


def _explanation(rollup: DepartmentRollup) -> str:
    """Said under the form (below its 注, so readers stop before it): how the pre-filled values were reached,
    and which units and projects they leave out."""
    t = rollup.totals
    return (
        f"说明：已完成情况中，{RECEIVED_RATE_FORMULA}（{t.funds_received} ÷ {t.budget_total}），"
        f"{EXECUTION_RATE_FORMULA}（{t.funds_spent} ÷ {t.budget_total}），据所属单位 {t.projects} 个项目的附表1"
        f"汇总，明细见“项目明细”；{coverage_note(rollup.unreported, t.projects, listing=True)}"
        f"本年度预算资金总额{rollup.budget_basis}。其余内容由部门填写。"
    )


def department_identity(rollup: DepartmentRollup, content: SheetContent, config: Config) -> Identity:
    """The workbook identity, with the rates as the numbers a reader gets back from "63.45%" (63.45)."""
    sheet = sheet_identity(content)
    for i, (_rate, value) in rollup_rates(rollup, content.spec).items():
        key = f"{content.spec.table.key}[{i}].actual"
        if key in sheet.prefilled:
            sheet.prefilled[key] = canonical(value)
    return workbook_identity(
        "department", rollup.code or "", rollup.name, rollup.code, rollup.period, config.stamp(), [sheet]
    )


def department_projects_table(rollup: DepartmentRollup, config: Config) -> ReportTable:
    """项目明细 of the department's workbook: its units' projects, as they entered the 附表2 rates."""
    subtitle = (
        f"{rollup.name}　{rollup.period.name}　序时进度 {rollup.time_progress}%"
        f"（截至 {rollup.period.end.isoformat()}）　金额单位：万元"
    )
    return project_table(
        f"{rollup.name} 项目预算执行明细（据各单位附表1汇总）",
        subtitle,
        rollup.projects,
        rollup.totals,
        config.likelihood,
        rollup.time_progress,
        config.threshold("execution_lag_margin"),
        coverage=coverage_note(rollup.unreported, rollup.totals.projects, listing=True),
    )
