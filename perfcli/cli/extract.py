"""perfcli extract — read returned workbooks and print what each monitoring form says (DESIGN §3 records)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from perfcli.model.records import FormRecord
    from perfcli.returns.read import WorkbookContent

app = typer.Typer()

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="回收的工作簿（.xlsx/.xlsm/.xls/.ods），也可以是文件夹（递归查找）。文件名不影响识别。",
        show_default=False,
        metavar="文件或文件夹...",
    ),
]


@app.command("extract")
def extract(files: FilesArg, json_output: JsonOpt = False, config: ConfigOpt = None) -> None:
    """读取工作簿中的监控表（附表1/2/3），按标签识别各栏，输出每张表的内容。

    加 --json 时输出记录数组（字段见 DESIGN §3，供其他程序使用）。不修改输入文件。
    无法读取的文件（空文件、损坏、加密、非工作簿、压缩炸弹等）在标准错误中逐个说明原因，其余文件照常读取。
    退出码：0 全部读取成功；1 有文件无法读取或其中没有监控表；2 用法错误。
    """
    from perfcli.model.config import load_config
    from perfcli.returns.read import read_workbook

    settings = load_config(config)
    contents = [read_workbook(path, settings) for path in _expand(files)]
    failed = sum(_report_problems(content) for content in contents)
    records = [record for content in contents for record in content.records]
    if json_output:
        print_json([record.to_json() for record in records])
    else:
        for record in records:
            _render(record)
    raise typer.Exit(EXIT_DATA_ERRORS if failed else EXIT_OK)


def _expand(files: list[Path]) -> list[Path]:
    """Files as given; folders searched recursively for workbooks (Office lock files skipped)."""
    paths: list[Path] = []
    for given in files:
        if given.is_dir():
            paths.extend(
                p
                for p in sorted(given.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in WORKBOOK_SUFFIXES
                and not p.name.startswith(("~$", ".~"))
            )
        elif given.exists():
            paths.append(given)
        else:
            raise UsageError(f"找不到文件：{given}")
    return paths


def _report_problems(content: WorkbookContent) -> bool:
    """Say on stderr why a file gave no records (and any file-level warning); True when it failed."""
    from rich.markup import escape

    if content.rejected:
        err.print(f"[red]✗ 无法读取[/] {escape(content.path)}：{escape(content.rejected)}", soft_wrap=True)
        return True
    if not content.records:
        err.print(
            f"[red]✗ 未找到监控表[/] {escape(content.path)}：工作簿中没有附表1、附表2 或附表3（按表中文字识别）",
            soft_wrap=True,
        )
        return True
    in_records = {id(f) for record in content.records for f in record.issues}
    for finding in content.findings:
        if id(finding) not in in_records:
            err.print(
                f"[yellow]! {finding.code}[/] {escape(content.path)}：{escape(finding.message)}",
                soft_wrap=True,
            )
    return False


FORM_NAMES = {
    "project": "附表1 项目预算绩效运行监控表",
    "department": "附表2 部门整体预算绩效运行监控表",
    "key_project": "附表3 部门重点项目预算绩效运行监控表",
}
_SOURCES = {
    "central_provincial": "中央、省级财政",
    "municipal": "市级财政",
    "district": "区级财政",
    "other": "其他",
}


def _text(value: Any, limit: int = 60) -> str:
    from perfcli.model.records import to_jsonable

    if value is None:
        return "—"
    text = str(to_jsonable(value)).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _render(record: FormRecord) -> None:
    """A readable summary of one form: heading, fields, funding, the indicator table, reading issues."""
    from rich.markup import escape
    from rich.table import Table

    from perfcli.forms.spec import load_spec

    spec = load_spec(record.form)  # type: ignore[arg-type]
    heading = f"[bold]{FORM_NAMES[record.form]}[/]  {escape(record.file)} › {escape(record.sheet)}"
    heading += f"  {record.period.name if record.period else '期间未识别'}"
    if record.unit:
        heading += f"  编报单位：{escape(record.unit)}"
    out.print(heading, soft_wrap=True)
    fields = Table(show_header=False, box=None, padding=(0, 2))
    for spec_field in spec.fields:
        label = spec_field.label + ("（预算数）" if spec_field.column == "budget" else "")
        label += "（执行数）" if spec_field.column == "executed" else ""
        unit = "（万元）" if spec_field.type == "money" and not spec_field.column else ""
        fields.add_row(label + unit, escape(_text(record.fields.get(spec_field.key))))
    for source, cols in record.funding.items():
        fields.add_row(
            f"{_SOURCES.get(source, source)}（预算数 / 执行数）",
            f"{_text(cols.get('budget'))} / {_text(cols.get('executed'))}",
        )
    out.print(fields)
    if record.table:
        table = Table()
        for column in spec.table.columns:
            table.add_column(column.label)
        for row in record.table:
            table.add_row(*(escape(_text(row.values.get(c.key), 24)) for c in spec.table.columns))
        out.print(table)
    for issue in record.issues:
        colour = "red" if issue.severity == "error" else "yellow"
        where = f"[{issue.cell}] " if issue.cell else ""
        out.print(f"  [{colour}]{issue.code}[/] {escape(where + issue.message)}", soft_wrap=True)
    out.print()
