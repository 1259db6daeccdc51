"""perfcli extract — read returned workbooks and print what each monitoring form says (DESIGN §3 records)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK

if TYPE_CHECKING:
    from perfcli.api import WorkbookContent
    from perfcli.forms.spec import FormSpec
    from perfcli.model.records import FormRecord

app = typer.Typer()

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="回收的工作簿（.xlsx/.xlsm/.xls/.ods），也可以是文件夹（递归查找）。文件名不影响识别。",
        show_default=False,
        metavar="文件或文件夹",
    ),
]


@app.command("extract")
def extract(files: FilesArg, json_output: JsonOpt = False, config: ConfigOpt = None) -> None:
    """读取工作簿中的监控表（附表1/2/3），按标签识别各栏，输出每张表的内容。

    加 --json 时输出记录数组（每条记录：file、form、sheet、period、unit、fields、funding、indicators 或 rows、
    issues，供其他程序使用）。不修改输入文件。
    无法读取的文件（空文件、损坏、加密、非工作簿、压缩炸弹等）在标准错误中逐个说明原因，其余文件照常读取。
    退出码：0 全部读取成功；1 有文件无法读取或其中没有监控表；2 用法错误。

    示例：
    perfcli extract 回收/区教育局_附表1_2026Q3.xlsx
    perfcli extract 回收/区教育局_附表1_2026Q3.xlsx --json > 附表1.json
    """
    from perfcli import api

    result = api.extract(files, config=config)
    for content in result.contents:
        _report_problems(content)
    if json_output:
        print_json(result.to_json())
    else:
        for record in result.records:
            _render(record, result.forms.spec(record.form))
    raise typer.Exit(EXIT_DATA_ERRORS if result.failed else EXIT_OK)


def _report_problems(content: WorkbookContent) -> None:
    """Say on stderr why a file gave no records (and any file-level warning)."""
    from rich.markup import escape

    if content.rejected:
        err.print(f"[red]✗ 无法读取[/] {escape(content.path)}：{escape(content.rejected)}", soft_wrap=True)
        return
    if not content.records:
        near = f"\n  {escape(content.resembles)}" if content.resembles else ""
        err.print(
            f"[red]✗ 未找到监控表[/] {escape(content.path)}：工作簿中没有附表1、附表2 或附表3（按表中文字识别）"
            + near,
            soft_wrap=True,
        )
        return
    in_records = {id(f) for record in content.records for f in record.issues}
    for finding in content.findings:
        if id(finding) not in in_records:
            err.print(
                f"[yellow]! {finding.code}[/] {escape(content.path)}：{escape(finding.message)}",
                soft_wrap=True,
            )


def _text(value: Any, limit: int = 60) -> str:
    from perfcli.model.records import to_jsonable

    if value is None:
        return "—"
    text = str(to_jsonable(value)).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> Any:
    """A ticked list (偏差原因) as 经费保障、其他; anything else as it is."""
    return "、".join(value) if isinstance(value, list) else value


def _render(record: FormRecord, spec: FormSpec) -> None:
    """A readable summary of one form (of `spec`): heading, fields, funding, the indicator table, reading
    issues."""
    from rich.markup import escape
    from rich.table import Table

    from perfcli.forms.spec import month_label

    month = record.period.end_month if record.period is not None else None
    heading = f"[bold]{spec.full_name}[/]  {escape(record.file)} › {escape(record.sheet)}"
    year = record.fields.get("year")  # a 自评表 is for a year
    heading += f"  {record.period.name if record.period else f'{year}年度' if year else '期间未识别'}"
    if record.unit:
        who = spec.field(spec.unit_field).label if spec.unit_field else spec.header_label or "编报单位"
        heading += f"  {who}：{escape(record.unit)}"
    out.print(heading, soft_wrap=True)
    fields = Table(show_header=False, box=None, padding=(0, 2))
    for spec_field in spec.fields:
        unit = "（万元）" if spec_field.type == "money" and not spec_field.column else ""
        label = month_label(spec.label_of(spec_field.key), month)
        value = record.fields.get(spec_field.key)
        code = record.fields.get(spec_field.code_key) if spec_field.code_key else None
        fields.add_row(label + unit, escape(_text(f"{value}（{code}）" if code else value)))
    for source in spec.funding:
        cols = record.funding.get(source.key)
        if cols is not None:
            titles = " / ".join(spec.paired_columns.values())
            values = " / ".join(_text(cols.get(column)) for column in spec.paired_columns)
            fields.add_row(f"{source.short_label}（{titles}）", values)
    if spec.funds is not None:  # 监控表 项目资金: one line per row, the columns side by side
        grid = record.fields.get(spec.funds.key) or {}
        titles = " / ".join(month_label(c.label, month) for c in spec.funds.columns)
        for funds_row in spec.funds.rows:
            cells = grid.get(funds_row.key) or {}
            values = " / ".join(_text(cells.get(c.key)) for c in spec.funds.columns)
            fields.add_row(f"{funds_row.short_label}（{titles}）", values)
    out.print(fields)
    if record.table:
        table = Table()
        keys = [*(c.key for c in spec.table.columns), *(g.key for g in spec.table.ticks)]
        for title in (*(c.label for c in spec.table.columns), *(g.label for g in spec.table.ticks)):
            table.add_column(month_label(title, month))
        for row in record.table:
            table.add_row(*(escape(_text(_shown(row.values.get(k)), 24)) for k in keys))
        out.print(table)
    for issue in record.issues:
        colour = "red" if issue.severity == "error" else "yellow"
        where = f"[{issue.cell}] " if issue.cell else ""
        out.print(f"  [{colour}]{issue.code}[/] {escape(where + issue.message)}", soft_wrap=True)
    out.print()
