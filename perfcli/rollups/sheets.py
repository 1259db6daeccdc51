"""The report tables of the roll-ups: the city 汇总.xlsx (汇总 with its chart, 项目明细, 预警清单, 报送情况,
未报送项目, 文件清单) and the 项目明细 of a department's workbook — which columns, rows, totals, notes and alerts.

perfcli.io.xlsx.write.tables lays them out; nothing here knows about cells or formats.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.io.xlsx.write.tables import Column, ColumnChart, Highlight, ReportTable
from perfcli.model.config import Config
from perfcli.rollups.compare import change
from perfcli.rollups.coverage import UnreportedProject, unreported_budget, unreported_units
from perfcli.rollups.model import (
    CityRollup,
    ProjectLine,
    Totals,
    gap_to_progress,
)
from perfcli.rollups.national import national_table, rate_notes, without_received

FILE_STATUS = {"included": "已计入", "rejected": "被退回（未计入）", "superseded": "被替代（未重复计入）"}


def _money_columns(titles: tuple[str, str, str]) -> list[Column]:
    # Not the 附表1 labels themselves (预算总额, 已到位资金…): a reader must never take this sheet for a form.
    return [
        Column(titles[0], 15, "money"),
        Column(titles[1], 15, "money"),
        Column(titles[2], 15, "money"),
        Column("资金到位率", 10, "rate"),
        Column("预算执行率", 10, "rate"),
    ]


def _likelihood_columns(values: tuple[str, ...]) -> list[Column]:
    return [Column(f"指标数\n{v}", 9, "int") for v in values]


def _index(columns: list[Column], title: str) -> int:
    return next(i for i, c in enumerate(columns) if c.title == title)


def _likelihood(totals: Totals, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The configured 完成目标可能性 values, then any other a return used (counted, not hidden)."""
    return (*configured, *(v for v in totals.likelihood if v not in configured))


def project_table(
    title: str,
    subtitle: str,
    projects: list[ProjectLine],
    totals: Totals,
    likelihood: tuple[str, ...],
    progress: Decimal,
    margin: Decimal | None,
    *,
    coverage: str,
    received: bool = True,
    form: str = "附表1",
) -> ReportTable:
    """项目明细: one row per project's 附表1 as it entered the totals, shared by both workbooks; `coverage`
    says which projects the totals leave out (perfcli.rollups.coverage)."""
    values = _likelihood(totals, likelihood)
    columns = [
        Column("序号", 6, "int"),
        Column("部门", 18),
        Column("预算责任单位", 18),
        Column("项目", 24),
        Column("资金来源", 8),
        *_money_columns(("项目预算（万元）", "已到位（万元）", "已支出（万元）")),
        Column("与序时进度差（百分点）", 11, "gap"),
        *_likelihood_columns(values),
        Column("问题数", 7, "int"),
        Column("说明", 22),
        Column("来源文件", 22),
        Column("工作表", 14),
    ]
    rows = [
        [
            *(i, p.department, p.unit, p.project, p.fund_source),
            *(p.budget_total, p.funds_received, p.funds_spent, p.received_rate, p.execution_rate),
            p.progress_gap,
            *(p.likelihood.get(v, 0) for v in values),
            *(p.findings, _line_note(p), Path(p.file).name, p.sheet),
        ]
        for i, p in enumerate(projects, 1)
    ]
    total_row = [
        *("", "合计", "", f"{totals.projects} 个项目", ""),
        *(totals.budget_total, totals.funds_received, totals.funds_spent),
        *(totals.received_rate, totals.execution_rate, gap_to_progress(totals.execution_rate, progress)),
        *(totals.likelihood.get(v, 0) for v in values),
        *(sum(p.findings for p in projects), "", "", ""),
    ]
    table = ReportTable(
        "项目明细",
        title,
        subtitle,
        columns,
        rows,
        total_row,
        [*rate_notes(progress, margin, received=received, form=form), coverage],
        highlight=None if margin is None else Highlight(_index(columns, "与序时进度差（百分点）"), -margin),
    )
    return table if received else without_received(table)


def _line_note(line: ProjectLine) -> str:
    parts = [f"未填{'、'.join(line.missing)}（按 0 计）"] if line.missing else []
    return "；".join([*parts, line.note] if line.note else parts)


# --- the city workbook ------------------------------------------------------------------------------------
def city_tables(city: CityRollup, config: Config) -> list[ReportTable]:
    """汇总.xlsx's sheets in order: 汇总 (with the chart), 项目明细, 预警清单, 报送情况, 文件清单."""
    name = config.section("locality").get("name", "")
    subtitle = (
        f"{name}　{city.period.name}　序时进度 {city.time_progress}%（截至 {city.period.end.isoformat()}）"
        f"　预警线：落后 {city.lag_margin} 个百分点　金额单位：万元"
    )
    projects = project_table(
        f"{city.period.name}预算绩效运行监控项目明细",
        subtitle,
        city.projects,
        city.totals,
        city.likelihood_values,
        city.time_progress,
        city.lag_margin,
        coverage=_city_coverage(city),
        received=city.collects("funds_received"),
        form=_form_codes(city),
    )
    national = national_table(city.projects, city.likelihood_values, subtitle)  # lines from 监控表
    summary = _summary_table(city, subtitle, forms_of(config))
    if city.previous is not None:
        _add_previous(
            summary, city, [city.previous.department(d) for d in city.departments], city.previous.total
        )
        _add_previous(projects, city, [city.previous.project(p) for p in city.projects], city.previous.total)
    return [
        summary,
        projects,
        *([national] if national is not None else []),
        _alert_table(city, subtitle, config),
        _reporting_table(city, subtitle),
        _unreported_table(city, subtitle),
        _files_table(city, subtitle),
    ]


def _add_previous(
    table: ReportTable, city: CityRollup, before: list[Decimal | None], total: Decimal | None
) -> None:
    """上期执行率 and the change in points, as the last two columns (rows in the roll-up's order)."""
    assert city.previous is not None
    table.columns += [
        Column(f"上期执行率\n（{city.previous.period.name}）", 11, "rate"),
        Column("较上期变化\n（百分点）", 10, "gap"),
    ]
    rate = _index(table.columns, "预算执行率")
    for row, rate_before in zip(table.rows, before, strict=True):
        row += [rate_before, change(rate_before, row[rate])]
    if table.totals is not None:
        table.totals += [total, change(total, table.totals[rate])]


def _form_codes(city: CityRollup) -> str:
    return "、".join(spec.code for spec in city.project_forms)


def _city_coverage(city: CityRollup) -> str:
    return city.coverage + ("名单见“未报送项目”。" if city.unreported else "")


def _summary_table(city: CityRollup, subtitle: str, forms: FormRegistry) -> ReportTable:
    values = _likelihood(city.totals, city.likelihood_values)
    columns = [
        Column("序号", 6, "int"),
        Column("部门", 22),
        Column("项目数", 7, "int"),
        *_money_columns(("预算总额合计\n（万元）", "已到位资金合计\n（万元）", "已支出资金合计\n（万元）")),
        Column("序时进度", 9, "rate"),
        Column("与序时进度差（百分点）", 11, "gap"),
        *_likelihood_columns(values),
        Column("有问题的项目数", 9, "int"),
        Column("部门附表2自报执行率", 11, "rate"),
        Column("未报送项目数\n（未计入）", 9, "int"),
        Column("未报送项目预算\n（万元，未计入）", 15, "money"),
    ]
    unreported = city.unreported
    rows = [
        [
            *(i, d.name, d.totals.projects),
            *(d.totals.budget_total, d.totals.funds_received, d.totals.funds_spent),
            *(d.totals.received_rate, d.totals.execution_rate, city.time_progress, d.progress_gap),
            *(d.totals.likelihood.get(v, 0) for v in values),
            *(d.totals.projects_with_findings, d.reported_execution_rate),
            *_unreported_cells(d.unreported),
        ]
        for i, d in enumerate(city.departments, 1)
    ]
    t = city.totals
    total_row = [
        *("", "合计", t.projects, t.budget_total, t.funds_received, t.funds_spent),
        *(t.received_rate, t.execution_rate, city.time_progress),
        gap_to_progress(t.execution_rate, city.time_progress),
        *(t.likelihood.get(v, 0) for v in values),
        *(t.projects_with_findings, None),
        *_unreported_cells(unreported),
    ]
    counts = city.file_counts()
    received = city.collects("funds_received")
    files = (
        f"报表文件：计入 {counts.get('included', 0)} 个，退回 {counts.get('rejected', 0)} 个，"
        f"被替代 {counts.get('superseded', 0)} 个（详见“文件清单”）"
    )
    if forms.owed("department", True):  # the pack has department forms (附表2/附表3)
        files += (
            f"；部门附表2/附表3 共 {city.department_forms} 张（部门金额以所属单位附表1汇总，附表3 与附表1 为同一"
            "项目，不重复计入；“部门附表2自报执行率”为部门整体口径，可能含基本支出，仅供对照）"
        )
    else:  # no 附表2: no 自报执行率 to show beside the units' rate
        own = _index(columns, "部门附表2自报执行率")
        columns.pop(own)
        for row in [*rows, total_row]:
            row.pop(own)
    notes = [
        *rate_notes(city.time_progress, city.lag_margin, received=received, form=_form_codes(city)),
        files + "。",
        _city_coverage(city),
    ]
    table = ReportTable(
        "汇总",
        f"{city.period.name}预算绩效运行监控汇总表",
        subtitle,
        columns,
        rows,
        total_row,
        notes,
        highlight=Highlight(_index(columns, "与序时进度差（百分点）"), -city.lag_margin),
        chart=ColumnChart(
            "各部门预算执行率与序时进度",
            categories=_index(columns, "部门"),
            bars=_index(columns, "预算执行率"),
            line=_index(columns, "序时进度"),
        ),
    )
    return table if received else without_received(table)


def _alert_table(city: CityRollup, subtitle: str, config: Config) -> ReportTable:
    columns = [
        Column("序号", 6, "int"),
        Column("预警类型", 14),
        Column("程度", 6),
        Column("部门", 16),
        Column("预算责任单位", 16),
        Column("项目", 20),
        Column("情况", 40),
        Column("处置建议（常州新北 第十五条）", 48),
        Column("来源文件", 20),
        Column("工作表", 12),
        Column("单元格", 7),
    ]
    rows = [
        [
            *(i, a.kind, a.level, a.department, a.unit, a.project, a.detail, a.handling),
            *(Path(a.file).name, a.sheet, a.cell),
        ]
        for i, a in enumerate(city.alerts, 1)
    ] or [["", "无", "", "", "", "", "本期没有需要预警的项目", "", "", "", ""]]
    note = (
        "预警类型：执行进度滞后（预算执行率落后序时进度超过预警线）；目标完成可能性低（指标完成目标可能性为"
        + "、".join(config.likelihood_at_risk)
        + "）；偏离未说明（存在上述情况但未填写目标偏离情况及原因分析或改进计划）。"
    )
    return ReportTable(
        "预警清单", f"{city.period.name}预算绩效运行监控预警清单", subtitle, columns, rows, notes=[note]
    )


def _reporting_table(city: CityRollup, subtitle: str) -> ReportTable:
    columns = [
        Column("类别", 6),
        Column("所属部门", 18),
        Column("单位/部门", 20),
        Column("编码", 10),
        Column("报送情况", 10),
        Column("应报项目数", 8, "int"),
        Column("已报项目数", 8, "int"),
        Column("收到日期", 11),
        Column("截止日期", 11),
        Column("逾期", 6),
        Column("说明", 50),
    ]
    rows: list[list[Any]] = []
    counts: dict[str, int] = {}
    for r in city.reporting.rows:
        rows.append(
            [
                *("单位" if r.kind == "unit" else "部门", r.department_name, r.name, r.code, r.state_label),
                len(r.expected) if r.kind == "unit" and r.in_roster else None,
                len(r.reported) if r.kind == "unit" else None,
                *(r.received or "", r.due.isoformat() if r.due else "", "是" if r.late else "否", r.detail),
            ]
        )
        counts[r.state_label] = counts.get(r.state_label, 0) + 1
    for f in city.reporting.unmatched:
        state = city.reporting.unmatched_label(f)
        rows.append(
            ["文件", "", f.name or Path(f.path).name, f.code, state, None, None, "", "", "", f.reason or ""]
        )
        counts[state] = counts.get(state, 0) + 1
    note = "统计：" + "，".join(f"{k} {v} 个" for k, v in counts.items()) if counts else "统计：无"
    return ReportTable(
        "报送情况", f"{city.period.name}预算绩效运行监控报送情况", subtitle, columns, rows, notes=[note]
    )


def _unreported_cells(projects: list[UnreportedProject] | None) -> list[Any]:
    """未报送项目数 and their 预算 (blank without a roster: nobody can say)."""
    return [None, None] if projects is None else [len(projects), unreported_budget(projects)]


def _unreported_table(city: CityRollup, subtitle: str) -> ReportTable:
    """未报送项目: each roster project no counted 附表1 reports, with its budget — outside every total."""
    columns = [
        Column("序号", 6, "int"),
        Column("部门", 18),
        Column("预算责任单位", 20),
        Column("单位报送情况", 10),
        Column("项目编码", 12),
        Column("项目", 30),
        Column("项目预算（万元）", 15, "money"),
    ]
    unreported = city.unreported
    rows: list[list[Any]] = []
    departments = {d.code: d.name for d in city.departments}
    for i, p in enumerate(unreported or [], 1):
        department = departments.get(p.department_code, p.department_code or "")
        rows.append([i, department, p.unit, p.unit_state, p.project_code, p.project, p.budget_total])
    if unreported is None:
        rows = [["", "", "", "", "", "未提供名册，无法核对应报而未报送的项目", None]]
    elif not unreported:
        rows = [["", "", "", "", "", "无：名册中应报的项目均已报送", None]]
    total: list[Any] | None = None
    if unreported:
        units = f"{len(unreported_units(unreported))} 个单位"
        total = ["", "合计", units, "", "", f"{len(unreported)} 个项目", unreported_budget(unreported)]
    return ReportTable(
        "未报送项目",
        f"{city.period.name}未报送的项目（未计入汇总）",
        subtitle,
        columns,
        rows,
        total,
        notes=[_city_coverage(city)],
    )


def _files_table(city: CityRollup, subtitle: str) -> ReportTable:
    columns = [
        Column("序号", 6, "int"),
        Column("文件", 40),
        Column("处理结果", 16),
        Column("计入表数", 8, "int"),
        Column("错误", 6, "int"),
        Column("警告", 6, "int"),
        Column("原因", 50),
        Column("替代它的文件", 30),
    ]
    rows = [
        [
            i,
            f.path,
            FILE_STATUS.get(f.status, f.status),
            f.forms,
            f.errors,
            f.warnings,
            f.reason,
            f.superseded_by,
        ]
        for i, f in enumerate(city.files, 1)
    ]
    note = (
        "每个输入文件都在此列出：已计入、被退回（附原因，未计入合计）或被同一报表的较新版本替代（只计一次）。"
    )
    return ReportTable(
        "文件清单", f"{city.period.name}报表文件处理清单", subtitle, columns, rows, notes=[note]
    )
