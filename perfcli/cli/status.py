"""perfcli status — who has reported, who is missing or late, whose forms have errors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json, progress_bar
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    ForcePeriodOpt,
    JobsOpt,
    JsonOpt,
    NoCacheOpt,
    OptionalPeriodOpt,
    PathsArg,
    RosterOpt,
    roster_or_workspace,
)

if TYPE_CHECKING:
    from perfcli.api import ReportingTable

app = typer.Typer()

StatusOutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="把报送情况写成 Excel，如 报送情况表.xlsx。", show_default=False),
]
# below this width the 文件 column is left out so that dates and names stay whole (--out has it all)
WIDE_ENOUGH_FOR_FILES = 120
STATE_STYLE = {"reported": "green", "late": "yellow", "partial": "yellow", "errors": "red", "missing": "red"}


@app.command("status")
def status_command(
    paths: PathsArg,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    as_json: JsonOpt = False,
    out_path: StatusOutOpt = None,
    jobs: JobsOpt = 1,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    config_path: ConfigOpt = None,
) -> None:
    """报送情况：按名册列出每个部门、单位 已报送 / 未报送 / 部分报送 / 逾期报送 / 有错误，及对应文件。

    报送日期取工作簿内的保存时间（没有时取文件修改时间），与配置的报送期限比较。只做查询，退出码为 0（用法错误 2，运行失败 3）。

    示例：
    perfcli status 回收 --roster 名册.xlsx --period 2026Q3
    perfcli status 回收 --roster 名册.xlsx --period 2026Q3 --out 报送情况表.xlsx
    """
    from perfcli import api

    with progress_bar(as_json, "读取工作簿") as advance:
        table = api.status(
            paths,
            roster_or_workspace(roster, config_path),
            period=period,
            config=config_path,
            jobs=jobs,
            out=out_path,
            force=force,
            use_cache=not no_cache,
            force_period=force_period,
            progress=advance,
        )
    if out_path is not None:
        err.print(f"报送情况表已写入：{out_path}", markup=False)
    if as_json:
        print_json(table.to_json())
    else:
        render_status(table)


def render_status(table: ReportingTable) -> None:
    from rich.markup import escape
    from rich.table import Table

    view = Table(
        title=f"报送情况{'（' + table.period.name + '）' if table.period else ''}", title_justify="left"
    )
    with_files = out.width >= WIDE_ENOUGH_FOR_FILES
    date = {"no_wrap": True, "min_width": 10}  # 2026-10-20 is never cut
    columns: tuple[tuple[str, dict], ...] = (
        ("部门", {"overflow": "fold", "ratio": 2}),
        ("单位", {"overflow": "fold", "ratio": 2}),
        ("情况", {"no_wrap": True}),
        ("期限", date),
        ("报送日期", date),
        ("错误", {"justify": "right", "no_wrap": True}),
    )
    for name, kw in columns + ((("文件", {"overflow": "fold", "ratio": 3}),) if with_files else ()):
        view.add_column(name, **kw)
    tracked = any(row.open_rectifications is not None for row in table.rows)  # in a workspace
    if tracked:
        view.add_column("待整改", justify="right")
    for row in table.rows:
        unit = escape(row.name) if row.kind == "unit" else f"[dim]部门报表（{'、'.join(row.forms)}）[/]"
        state = f"[{STATE_STYLE[row.state]}]{row.state_label}[/]"
        if row.late and row.state != "late":
            state += "\n[yellow]逾期[/]"
        cells = [
            escape(row.department_name),
            unit,
            state,
            row.due.isoformat() if row.due else "",
            row.received or "",
            str(row.errors),
        ]
        if with_files:
            cells.append(escape("\n".join(Path(p).name for p in row.files)))
        if tracked:
            cells.append(str(row.open_rectifications or 0))
        view.add_row(*cells)
    out.print(view)
    if not with_files:
        out.print(
            f"（窗口宽度不足 {WIDE_ENOUGH_FOR_FILES} 列，未列出对应文件；加宽窗口，或加 --out 报送情况表.xlsx 查看。）",
            markup=False,
        )
    for result in table.unmatched:
        why = result.reason or table.unmatched_label(result)
        out.print(f"未能对应到名册的文件：{result.path}（{why}）", markup=False)
    out.print(table.summary_line(), markup=False)
