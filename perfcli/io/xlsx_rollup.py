"""Roll-up workbooks: the city 汇总.xlsx (汇总, 项目明细, 预警清单, 报送情况, 文件清单, a chart) and each
department's workbook (its 附表2 pre-filled from the units' 附表1, plus 项目明细).

Everything a unit typed is written with write_string, so text such as "=1+1" stays text. Money goes to
the file as the exact Decimal digits; rates are percent numbers shown with the 0.00"%" format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.model.config import Config
from perfcli.rollups.model import (
    EXECUTION_RATE_FORMULA,
    GAP_FORMULA,
    RECEIVED_RATE_FORMULA,
    CityRollup,
    DepartmentRollup,
    ProjectLine,
    Totals,
)

FONT = "宋体"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = '0.00"%"'
GAP_FORMAT = "+0.00;-0.00;0.00"
FILE_STATUS = {"included": "已计入", "rejected": "被退回（未计入）", "superseded": "被替代（未重复计入）"}


def _number(value: Decimal) -> Decimal:
    """The exact digits for the file (1E+3 would be valid XML but read oddly in some viewers)."""
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str = "text"  # text | money | rate | gap | int


class _Styles:
    def __init__(self, workbook: Any) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
        self.title = workbook.add_format(
            {"font_name": FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
        )
        self.subtitle = workbook.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter"})
        self.note = workbook.add_format(
            {"font_name": FONT, "font_size": 9, "valign": "top", "text_wrap": True}
        )
        self.header = workbook.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9D9D9"}
        )
        self.cells = {
            "text": workbook.add_format({**base, "text_wrap": True}),
            "money": workbook.add_format({**base, "num_format": MONEY_FORMAT}),
            "rate": workbook.add_format({**base, "num_format": RATE_FORMAT}),
            "gap": workbook.add_format({**base, "num_format": GAP_FORMAT}),
            "int": workbook.add_format({**base, "num_format": "0", "align": "center"}),
        }
        self.totals = {
            k: workbook.add_format({**base, **extra, "bold": True, "bg_color": "#F2F2F2"})
            for k, extra in (
                ("text", {"align": "center"}),
                ("money", {"num_format": MONEY_FORMAT}),
                ("rate", {"num_format": RATE_FORMAT}),
                ("gap", {"num_format": GAP_FORMAT}),
                ("int", {"num_format": "0", "align": "center"}),
            )
        }
        self.alert = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})


def _write(ws: Any, row: int, col: int, value: Any, kind: str, fmt: Any) -> None:
    """One cell: numbers as numbers, anything else as text (never as a formula)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif kind in ("money", "rate", "gap") and isinstance(value, Decimal):
        ws.write_number(row, col, _number(value), fmt)
    elif kind == "int" and isinstance(value, int):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _line_count(text: str, width: float) -> int:
    from perfcli.io.xlsx_text import display_width

    usable = max(width * 1.1 - 1, 1.0)  # 10pt text in columns sized for 11pt
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


class _Table:
    """A titled, filterable, print-ready table sheet."""

    def __init__(
        self, workbook: Any, styles: _Styles, name: str, title: str, subtitle: str, columns: list[Column]
    ) -> None:
        self.ws = workbook.add_worksheet(name)
        self.styles = styles
        self.columns = columns
        self.ws.merge_range(0, 0, 0, len(columns) - 1, title, styles.title)
        self.ws.set_row(0, 30)
        self.ws.merge_range(1, 0, 1, len(columns) - 1, subtitle, styles.subtitle)
        self.ws.set_row(1, 18)
        self.header_row = 2
        for col, column in enumerate(columns):
            self.ws.write_string(self.header_row, col, column.title, styles.header)
            self.ws.set_column(col, col, column.width)
        self.ws.set_row(self.header_row, 32)
        self.row = self.header_row + 1

    def add(self, values: list[Any], *, total: bool = False) -> int:
        cells = self.styles.totals if total else self.styles.cells
        lines = 1
        for col, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            _write(self.ws, self.row, col, value, column.kind, cells[column.kind])
            if column.kind == "text" and value:
                lines = max(lines, _line_count(str(value), column.width))
        if lines > 1:  # viewers do not grow rows for wrapped text written by a program
            self.ws.set_row(self.row, 13.5 * lines + 3)
        self.row += 1
        return self.row - 1

    def finish(self, notes: list[str] | tuple[str, ...] = (), *, filter_rows: int | None = None) -> None:
        ws, last_col = self.ws, len(self.columns) - 1
        last_data = (filter_rows if filter_rows is not None else self.row) - 1
        ws.autofilter(self.header_row, 0, max(last_data, self.header_row), last_col)
        ws.freeze_panes(self.header_row + 1, 0)
        row = self.row + 1
        for note in notes:
            ws.merge_range(row, 0, row, last_col, note, self.styles.note)
            ws.set_row(row, 15 * (1 + len(note) // 90))
            row += 1
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(self.header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.set_footer('&C&"宋体"&9第 &P 页，共 &N 页')
        ws.print_area(0, 0, row - 1, last_col)


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


def _workbook(path: Path | str, title: str, config: Config) -> Any:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": "预算绩效运行监控汇总",
            "author": "perfcli",
            "company": config.section("locality").get("finance_bureau", ""),
            "created": datetime.now(),
        }
    )
    return workbook


def _notes(progress: Decimal, margin: Decimal | None = None) -> list[str]:
    notes = [
        f"说明：{RECEIVED_RATE_FORMULA}；{EXECUTION_RATE_FORMULA}；{GAP_FORMULA}。",
        "金额为各单位附表1填报数的精确合计；比率按合计数计算，四舍五入保留两位小数。",
    ]
    if margin is not None:
        notes.append(
            f"序时进度 {progress}% = 年初至期末的天数 ÷ 全年天数；预算执行率落后序时进度超过 {margin} 个百分点的项目列入预警清单。"
        )
    return notes


# --- project detail (项目明细), shared by both workbooks ------------------------------------------------------


def _project_sheet(
    workbook: Any,
    styles: _Styles,
    title: str,
    subtitle: str,
    projects: list[ProjectLine],
    totals: Totals,
    likelihood: tuple[str, ...],
    progress: Decimal,
    margin: Decimal | None,
) -> None:
    extra = [v for v in totals.likelihood if v not in likelihood]
    columns = [
        Column("序号", 6, "int"),
        Column("部门", 18),
        Column("预算责任单位", 18),
        Column("项目", 24),
        Column("资金来源", 8),
        *_money_columns(("项目预算（万元）", "已到位（万元）", "已支出（万元）")),
        Column("与序时进度差（百分点）", 11, "gap"),
        *_likelihood_columns((*likelihood, *extra)),
        Column("问题数", 7, "int"),
        Column("说明", 22),
        Column("来源文件", 22),
        Column("工作表", 14),
    ]
    table = _Table(workbook, styles, "项目明细", title, subtitle, columns)
    gap_col = 10
    for i, p in enumerate(projects, 1):
        table.add(
            [
                i,
                p.department,
                p.unit,
                p.project,
                p.fund_source,
                p.budget_total,
                p.funds_received,
                p.funds_spent,
                p.received_rate,
                p.execution_rate,
                p.progress_gap,
                *(p.likelihood.get(v, 0) for v in (*likelihood, *extra)),
                p.findings,
                _line_note(p),
                Path(p.file).name,
                p.sheet,
            ]
        )
    last = table.row - 1
    table.add(
        [
            "",
            "合计",
            "",
            f"{totals.projects} 个项目",
            "",
            totals.budget_total,
            totals.funds_received,
            totals.funds_spent,
            totals.received_rate,
            totals.execution_rate,
            None if totals.execution_rate is None else totals.execution_rate - progress,
            *(totals.likelihood.get(v, 0) for v in (*likelihood, *extra)),
            sum(p.findings for p in projects),
            "",
            "",
            "",
        ],
        total=True,
    )
    if margin is not None and projects:
        table.ws.conditional_format(
            table.header_row + 1,
            gap_col,
            last,
            gap_col,
            {"type": "cell", "criteria": "<", "value": float(-margin), "format": styles.alert},
        )
    table.finish(_notes(progress, margin), filter_rows=last + 1)


def _line_note(line: ProjectLine) -> str:
    parts = [f"未填{'、'.join(line.missing)}（按 0 计）"] if line.missing else []
    return "；".join([*parts, line.note] if line.note else parts)


# --- the city workbook ------------------------------------------------------------------------------------


def write_city_workbook(path: Path | str, city: CityRollup, config: Config) -> None:
    """汇总.xlsx: 汇总 (with the chart), 项目明细, 预警清单, 报送情况, 文件清单."""
    name = config.section("locality").get("name", "")
    workbook = _workbook(path, f"{city.period.name}预算绩效运行监控汇总", config)
    styles = _Styles(workbook)
    subtitle = (
        f"{name}　{city.period.name}　序时进度 {city.time_progress}%（截至 {city.period.end.isoformat()}）"
        f"　预警线：落后 {city.lag_margin} 个百分点　金额单位：万元"
    )
    _summary_sheet(workbook, styles, city, subtitle)
    _project_sheet(
        workbook,
        styles,
        f"{city.period.name}预算绩效运行监控项目明细",
        subtitle,
        city.projects,
        city.totals,
        city.likelihood_values,
        city.time_progress,
        city.lag_margin,
    )
    _alert_sheet(workbook, styles, city, subtitle)
    _reporting_sheet(workbook, styles, city, subtitle)
    _files_sheet(workbook, styles, city, subtitle)
    workbook.close()


def _summary_sheet(workbook: Any, styles: _Styles, city: CityRollup, subtitle: str) -> None:
    likelihood = city.likelihood_values
    extra = [v for v in city.totals.likelihood if v not in likelihood]
    columns = [
        Column("序号", 6, "int"),
        Column("部门", 22),
        Column("项目数", 7, "int"),
        *_money_columns(("预算总额合计\n（万元）", "已到位资金合计\n（万元）", "已支出资金合计\n（万元）")),
        Column("序时进度", 9, "rate"),
        Column("与序时进度差（百分点）", 11, "gap"),
        *_likelihood_columns((*likelihood, *extra)),
        Column("有问题的项目数", 9, "int"),
        Column("部门附表2自报执行率", 11, "rate"),
    ]
    table = _Table(workbook, styles, "汇总", f"{city.period.name}预算绩效运行监控汇总表", subtitle, columns)
    first = table.row
    for i, d in enumerate(city.departments, 1):
        t = d.totals
        table.add(
            [
                i,
                d.name,
                t.projects,
                t.budget_total,
                t.funds_received,
                t.funds_spent,
                t.received_rate,
                t.execution_rate,
                city.time_progress,
                d.progress_gap,
                *(t.likelihood.get(v, 0) for v in (*likelihood, *extra)),
                t.projects_with_findings,
                d.reported_execution_rate,
            ]
        )
    last = table.row - 1
    t = city.totals
    table.add(
        [
            "",
            "合计",
            t.projects,
            t.budget_total,
            t.funds_received,
            t.funds_spent,
            t.received_rate,
            t.execution_rate,
            city.time_progress,
            None if t.execution_rate is None else t.execution_rate - city.time_progress,
            *(t.likelihood.get(v, 0) for v in (*likelihood, *extra)),
            t.projects_with_findings,
            None,
        ],
        total=True,
    )
    gap_col = 9
    if city.departments:
        table.ws.conditional_format(
            first,
            gap_col,
            last,
            gap_col,
            {"type": "cell", "criteria": "<", "value": float(-city.lag_margin), "format": styles.alert},
        )
    counts = city.file_counts()
    notes = [
        *_notes(city.time_progress, city.lag_margin),
        f"报表文件：计入 {counts.get('included', 0)} 个，退回 {counts.get('rejected', 0)} 个，"
        f"被替代 {counts.get('superseded', 0)} 个（详见“文件清单”）；部门附表2/附表3 共 {city.department_forms} 张"
        "（部门金额以所属单位附表1汇总，附表3 与附表1 为同一项目，不重复计入；“部门附表2自报执行率”为部门整体口径，"
        "可能含基本支出，仅供对照）。",
    ]
    table.finish(notes, filter_rows=last + 1)
    if city.departments:
        _chart(workbook, table, first, last, len(notes))


def _chart(workbook: Any, table: _Table, first: int, last: int, note_rows: int) -> None:
    """预算执行率 by department as columns, 序时进度 as a line across them."""
    sheet = "汇总"
    bars = workbook.add_chart({"type": "column"})
    bars.add_series(
        {
            "name": "预算执行率",
            "categories": [sheet, first, 1, last, 1],
            "values": [sheet, first, 7, last, 7],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True, "num_format": '0.00"%"', "font": {"name": FONT, "size": 8}},
        }
    )
    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "序时进度",
            "categories": [sheet, first, 1, last, 1],
            "values": [sheet, first, 8, last, 8],
            "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
            "marker": {"type": "none"},
        }
    )
    bars.combine(line)
    bars.set_title({"name": "各部门预算执行率与序时进度", "name_font": {"name": FONT, "size": 12}})
    bars.set_y_axis(
        {
            "name": "%",
            "min": 0,
            "max": 100,
            "num_format": "0",
            "num_font": {"name": FONT},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    bars.set_x_axis({"num_font": {"name": FONT, "size": 9}})
    bars.set_legend({"position": "bottom", "font": {"name": FONT}})
    width = max(640, 60 * (last - first + 1) + 200)
    bars.set_size({"width": width, "height": 360})
    anchor = table.row + 2 + note_rows
    table.ws.insert_chart(anchor, 1, bars)
    table.ws.print_area(0, 0, anchor + 19, len(table.columns) - 1)


def _alert_sheet(workbook: Any, styles: _Styles, city: CityRollup, subtitle: str) -> None:
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
    table = _Table(
        workbook, styles, "预警清单", f"{city.period.name}预算绩效运行监控预警清单", subtitle, columns
    )
    for i, a in enumerate(city.alerts, 1):
        table.add(
            [
                i,
                a.kind,
                a.level,
                a.department,
                a.unit,
                a.project,
                a.detail,
                a.handling,
                Path(a.file).name,
                a.sheet,
                a.cell,
            ]
        )
    if not city.alerts:
        table.add(["", "无", "", "", "", "", "本期没有需要预警的项目", "", "", "", ""])
    table.finish(
        [
            "预警类型：执行进度滞后（预算执行率落后序时进度超过预警线）；目标完成可能性低（指标完成目标可能性为"
            + "、".join(dict.fromkeys(a for a in ("可能性小", "不可能")))
            + "）；偏离未说明（存在上述情况但未填写目标偏离情况及原因分析或改进计划）。"
        ]
    )


def _reporting_sheet(workbook: Any, styles: _Styles, city: CityRollup, subtitle: str) -> None:
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
    table = _Table(
        workbook, styles, "报送情况", f"{city.period.name}预算绩效运行监控报送情况", subtitle, columns
    )
    counts: dict[str, int] = {}
    for r in city.reporting.rows:
        table.add(
            [
                "单位" if r.kind == "unit" else "部门",
                r.department_name,
                r.name,
                r.code,
                r.state_label,
                len(r.expected) if r.kind == "unit" and r.in_roster else None,
                len(r.reported) if r.kind == "unit" else None,
                r.received or "",
                r.due.isoformat() if r.due else "",
                "是" if r.late else "否",
                r.detail,
            ]
        )
        counts[r.state_label] = counts.get(r.state_label, 0) + 1
    for f in city.reporting.unmatched:
        state = city.reporting.unmatched_label(f)
        table.add(
            ["文件", "", f.name or Path(f.path).name, f.code, state, None, None, "", "", "", f.reason or ""]
        )
        counts[state] = counts.get(state, 0) + 1
    table.finish(["统计：" + "，".join(f"{k} {v} 个" for k, v in counts.items()) if counts else "统计：无"])


def _files_sheet(workbook: Any, styles: _Styles, city: CityRollup, subtitle: str) -> None:
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
    table = _Table(workbook, styles, "文件清单", f"{city.period.name}报表文件处理清单", subtitle, columns)
    for i, f in enumerate(city.files, 1):
        table.add(
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
        )
    table.finish(
        [
            "每个输入文件都在此列出：已计入、被退回（附原因，未计入合计）或被同一报表的较新版本替代（只计一次）。"
        ]
    )


# --- the department workbook ---------------------------------------------------------------------------------


def department_sheet_content(rollup: DepartmentRollup) -> Any:
    """The 附表2 of a department: name, budget and the two 预算执行 rates decided by the units' data."""
    from perfcli.forms.spec import load_spec
    from perfcli.io.xlsx_forms import SheetContent
    from perfcli.issue.content import skeleton_table  # moves to rollups/ in the next commit

    spec = load_spec("department")
    rows, locked = skeleton_table(spec)
    rates = {"资金到位率": rollup.totals.received_rate, "预算执行率": rollup.totals.execution_rate}
    for i, row in enumerate(rows):
        value = rates.get(str(row.get("indicator")))
        if value is not None:
            row["actual"] = (
                f"{value}%"  # text: a number ≤ 1 would be ambiguous with a percent-formatted fraction
            )
            locked.add(f"rows[{i}].actual")
    values = {"department_name": rollup.name, "budget_total": rollup.budget_total}
    return SheetContent(
        spec=spec,
        name="附表2",
        period=rollup.period,
        values=values,
        table=rows,
        locked={"department_name", "budget_total", *locked},
    )


def write_department_workbook(path: Path | str, *, rollup: DepartmentRollup, config: Config) -> None:
    """The department's workbook: 附表2 pre-filled (rest open for the department) and 项目明细."""

    import perfcli
    from perfcli.io import xlsx_forms
    from perfcli.io.xlsx_form_sheet import FormFormats, FormSheetWriter
    from perfcli.model.identity import Identity

    content = department_sheet_content(rollup)
    workbook = xlsx_forms.new_form_workbook(
        path, title=f"{rollup.name} 部门整体预算绩效运行监控表", config=config
    )
    ws = workbook.add_worksheet(content.name)
    writer = FormSheetWriter(ws, FormFormats(workbook), content, config)
    writer.write()
    _explain_rates(workbook, ws, writer, rollup, content)
    styles = _Styles(workbook)
    subtitle = (
        f"{rollup.name}　{rollup.period.name}　序时进度 {rollup.time_progress}%"
        f"（截至 {rollup.period.end.isoformat()}）　金额单位：万元"
    )
    _project_sheet(
        workbook,
        styles,
        f"{rollup.name} 项目预算执行明细（据各单位附表1汇总）",
        subtitle,
        rollup.projects,
        rollup.totals,
        config.likelihood,
        rollup.time_progress,
        config.threshold("execution_lag_margin"),
    )
    identity = Identity(
        workbook="department",
        code=rollup.code or "",
        name=rollup.name,
        department_code=rollup.code,
        period=rollup.period.code,
        template_version=perfcli.TEMPLATE_VERSION,
        generated_at=datetime.now().isoformat(timespec="seconds"),
        sheets=[_sheet_identity(content, rollup)],
    ).seal()
    xlsx_forms.write_identity(workbook, identity)
    workbook.close()


def _sheet_identity(content: Any, rollup: DepartmentRollup) -> Any:
    """The sheet's identity, with the rates as the numbers a reader gets back from "63.45%" (63.45)."""
    from perfcli.issue.content import sheet_identity
    from perfcli.model.identity import canonical

    identity = sheet_identity(content)
    rates = {"资金到位率": rollup.totals.received_rate, "预算执行率": rollup.totals.execution_rate}
    rows = content.table
    for i, row in enumerate(rows):
        value = rates.get(str(row.get("indicator")))
        if value is not None and f"rows[{i}].actual" in identity.prefilled:
            identity.prefilled[f"rows[{i}].actual"] = canonical(value)
    return identity


def _explain_rates(workbook: Any, ws: Any, writer: Any, rollup: DepartmentRollup, content: Any) -> None:
    """Say under the form (below its 注, so readers stop before it) how the pre-filled values were reached,
    and put the formula with the sums on the two rate cells as a comment."""
    t = rollup.totals
    rows = content.table
    note_row = writer.row - 1
    first_table_row = note_row - len(rows) - content.spec.table.spare_rows
    comments = {
        "资金到位率": f"{RECEIVED_RATE_FORMULA}\n= {t.funds_received} ÷ {t.budget_total}（万元）\n据 {t.projects} 个项目的附表1汇总",
        "预算执行率": f"{EXECUTION_RATE_FORMULA}\n= {t.funds_spent} ÷ {t.budget_total}（万元）\n据 {t.projects} 个项目的附表1汇总",
    }
    for i, row in enumerate(rows):
        text = comments.get(str(row.get("indicator")))
        if text and row.get("actual"):
            ws.write_comment(
                first_table_row + i, 3, text, {"x_scale": 2.2, "y_scale": 1.2, "font_name": FONT}
            )
    explain = (
        f"说明：已完成情况中，{RECEIVED_RATE_FORMULA}（{t.funds_received} ÷ {t.budget_total}），"
        f"{EXECUTION_RATE_FORMULA}（{t.funds_spent} ÷ {t.budget_total}），据所属单位 {t.projects} 个项目的附表1"
        f"汇总，明细见“项目明细”；本年度预算资金总额{rollup.budget_basis}。其余内容由部门填写。"
    )
    fmt = workbook.add_format(
        {"font_name": FONT, "font_size": 9, "text_wrap": True, "valign": "top", "font_color": "#404040"}
    )
    last_col = content.spec.width - 1
    ws.merge_range(writer.row, 0, writer.row, last_col, explain, fmt)
    ws.set_row(writer.row, 48)
    ws.print_area(0, 0, writer.row, last_col)
