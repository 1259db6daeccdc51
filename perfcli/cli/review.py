"""perfcli review — the 绩效目标 review steps (初审、复审、批复): the 审核意见表 out, the reviewer's decisions in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, ForceOpt, JsonOpt, RosterOpt, roster_or_workspace

if TYPE_CHECKING:
    from perfcli.api.target_review import TargetReviewResult

app = typer.Typer(
    name="review",
    help="绩效目标审核：写出审核意见表（初审、复审、批复），登记审核人填写的结论。\n\n"
    "示例：\nperfcli review targets --period 2027 --out 审核意见表.xlsx --as 初审",
    no_args_is_help=True,
)

YearOpt = Annotated[
    str | None,
    typer.Option("--period", "-p", help="预算年度，如 2027（申报表上的（2027年度））。", show_default=False),
]


@app.command("targets")
def targets_command(
    period: YearOpt = None,
    step: Annotated[
        str, typer.Option("--as", help="审核环节：初审（业务股室）、复审（综合股）或 批复。")
    ] = "初审",
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="写出审核意见表（.xlsx）。", show_default=False)
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="登记审核意见表中填写的审核结论和审核意见。", show_default=False),
    ] = None,
    roster: RosterOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """绩效目标审核（黑龙江 绩效目标管理规程：业务股室初审，综合股复审，随预算批复）。

    --out：为最新版本待该环节审核的每个项目写一行：部门、单位、项目编码、项目名称、版本、状态、审核发现
    （每条一行，前标 完整性/相关性/适当性/可行性）、建议（有错误建议退回）、审核结论（下拉选择；无问题或有错误的
    按建议预填，可改；只有警告的留空，请审核后选择）、审核意见（退回的理由，写入退回修改通知）。

    初审的审核意见表另有一张“未申报项目”表：名册（--roster，工作区内省略时用工作区的名册）中尚未报送申报表的项目，
    以便要求及时申报。

    --from：登记填好的审核意见表：能登记的结论一并登记（同一事务），不能登记的逐行说明原因（已不是最新版本、
    状态不在待该环节审核、审核结论为空或不可用）。

    退出码：0 全部登记（或已写出），1 有不能登记的行，2 用法错误（如输出已存在而未加 --force）。

    示例：
    perfcli review targets --period 2027 --out 初审意见表.xlsx --as 初审
    perfcli review targets --period 2027 --from 初审意见表.xlsx --as 初审
    """
    from perfcli import api

    known = roster_or_workspace(roster, config) if out_file is not None and step == "初审" else None
    result = api.review_targets(
        period, step=step, out=out_file, from_file=from_file, force=force, roster=known, config=config
    )
    if as_json:
        print_json(result.to_json())
    elif result.written is not None:
        out.print(f"{result.year} 年度待{result.step}的项目 {result.awaiting} 个。", markup=False)
        if result.undeclared:
            out.print(
                f"名册中尚未报送申报表的项目 {len(result.undeclared)} 个，列在审核意见表的“未申报项目”表中。",
                markup=False,
            )
        out.print(f"审核意见表已写出：{result.written}", markup=False, soft_wrap=True)
    else:
        _show_taken(result)
    raise typer.Exit(result.exit_code)


def _show_taken(result: TargetReviewResult) -> None:
    from rich.table import Table

    if result.moved:
        table = Table(title=f"已登记的{result.step}结论（{len(result.moved)} 项）", title_justify="left")
        for name, kw in (("行", {"justify": "right"}), ("项目", {"overflow": "fold", "ratio": 3}),
                         ("版本", {"justify": "right"}), ("结论", {}), ("现状态", {})):  # fmt: skip
            table.add_column(name, **kw)
        for row in result.moved:
            table.add_row(str(row.row), f"{row.project_key} {row.project_name}", str(row.version),
                          row.decision, row.status)  # fmt: skip
        out.print(table)
    for row in result.refused:
        err.print(
            f"第 {row.row} 行（{row.project_key} {row.project_name}）未登记：{row.refused}", markup=False
        )
    out.print(
        f"{result.year} 年度{result.step}：登记 {len(result.moved)} 项，未登记 {len(result.refused)} 项。",
        markup=False,
    )
