"""perfcli extract — read returned workbooks and print what each monitoring form says (DESIGN §3 records)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK, UsageError

app = typer.Typer()

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FORM_NAMES = {
    "project": "附表1 项目预算绩效运行监控表",
    "department": "附表2 部门整体预算绩效运行监控表",
    "key_project": "附表3 部门重点项目预算绩效运行监控表",
}

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

    不修改输入文件。无法读取的文件（空文件、损坏、加密、非工作簿、压缩炸弹等）在标准错误中说明原因。
    退出码：0 全部读取成功；1 有文件无法读取或其中没有监控表；2 用法错误。
    """
    from perfcli.core.config import load_config
    from perfcli.core.read import read_workbook

    settings = load_config(config)
    paths = _expand(files)
    contents = [read_workbook(path, settings) for path in paths]
    failed = 0
    for content in contents:
        if content.rejected:
            failed += 1
            err.print(
                f"[red]✗ 无法读取[/] {content.path}：{content.rejected}",
                markup=True,
                highlight=False,
                soft_wrap=True,
            )
        elif not content.records:
            failed += 1
            err.print(
                f"[red]✗ 未找到监控表[/] {content.path}：工作簿中没有附表1、附表2 或附表3",
                markup=True,
                highlight=False,
                soft_wrap=True,
            )
    records = [record for content in contents for record in content.records]
    if json_output:
        print_json([record.to_json() for record in records])
    else:
        for record in records:
            _render(record.to_json())
    raise typer.Exit(EXIT_DATA_ERRORS if failed else EXIT_OK)


def _expand(files: list[Path]) -> list[Path]:
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


_FIELD_LABELS = {
    "project_name": "项目名称",
    "budget_total": "预算总额（万元）",
    "fund_source": "资金来源",
    "funds_received": "已到位资金（万元）",
    "funds_spent": "已支出资金（万元）",
    "implementation": "项目实施情况",
    "deviation_analysis": "目标偏离情况及原因分析",
    "improvement_plan": "改进计划",
    "department_name": "部门名称",
    "key_work_progress": "部门年度重点工作实施情况",
    "total_budget": "项目总金额·预算数（万元）",
    "total_executed": "项目总金额·执行数（万元）",
    "department": "主管部门",
    "implementer": "实施单位",
    "planned_start": "计划开始时间",
    "planned_end": "计划结束时间",
}
_SOURCES = {
    "central_provincial": "中央、省级财政",
    "municipal": "市级财政",
    "district": "区级财政",
    "other": "其他",
}


def _text(value: Any, limit: int = 60) -> str:
    if value is None:
        return "—"
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _render(record: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    period = record["period"]
    period_text = (
        f"{period['year']}年第{period.get('quarter') or period.get('half')}{'季度' if 'quarter' in period else '半年'}"
        if period
        else "期间未识别"
    )
    out.print(
        f"[bold]{escape(FORM_NAMES[record['form']])}[/]  {escape(record['file'])} › {escape(record['sheet'])}  {period_text}"
        + (f"  编报单位：{escape(record['unit'])}" if record.get("unit") else ""),
        markup=True,
    )
    fields = Table(show_header=False, box=None, padding=(0, 2))
    for key, value in record["fields"].items():
        fields.add_row(_FIELD_LABELS.get(key, key), escape(_text(value)))
    for source, cols in record.get("funding", {}).items():
        fields.add_row(
            f"{_SOURCES.get(source, source)}（预算数/执行数）",
            f"{_text(cols.get('budget'))} / {_text(cols.get('executed'))}",
        )
    out.print(fields)
    rows = record.get("indicators", record.get("rows", []))
    if rows:
        table = Table(show_lines=False)
        for key in rows[0]:
            table.add_column(_COLUMN_LABELS.get(key, key))
        for row in rows:
            table.add_row(*(escape(_text(v, 24)) for v in row.values()))
        out.print(table)
    for issue in record["issues"]:
        colour = "red" if issue["severity"] == "error" else "yellow"
        where = "".join(x for x in (issue.get("cell") and f"[{issue['cell']}] ",) if x)
        out.print(f"  [{colour}]{issue['code']}[/] {escape(where + issue['message'])}", markup=True)
    out.print()


_COLUMN_LABELS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度目标",
    "actual": "已完成情况",
    "likelihood": "完成目标可能性",
    "category": "监控内容",
    "indicator": "监控指标",
}
