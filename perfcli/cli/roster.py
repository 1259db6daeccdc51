"""perfcli roster — 名册：由已批复的绩效目标生成本年度名册的绩效指标。"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, ForceOpt, JsonOpt, OptionalPeriodOpt

app = typer.Typer(
    name="roster",
    help="名册：由工作区台账中已批复的绩效目标生成本年度名册（绩效指标、项目预算总额）。\n\n"
    "示例：\nperfcli roster from-targets --period 2027 --roster 名册.xlsx --out 名册（2027）.xlsx",
    no_args_is_help=True,
)


@app.command("from-targets")
def from_targets(
    roster: Annotated[
        Path, typer.Option("--roster", help="现有名册（.xlsx），不会被改写。", show_default=False)
    ],
    out_file: Annotated[
        Path, typer.Option("--out", "-o", help="写出的新名册（.xlsx）。", show_default=False)
    ],
    period: OptionalPeriodOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """按已批复的绩效目标写出新名册：有已批复目标的项目，“绩效指标”表换成批复的年度指标（一级、二级按监控表的
    用语，如 产出指标→产出、数量指标→产出数量），“项目”表的预算总额取申报表的年度资金总额；没有已批复目标的
    项目保留原有指标并列出提示。此后 generate 生成的监控表即按批复的目标预填。

    示例：
    perfcli roster from-targets --period 2027 --roster 名册.xlsx --out 名册（2027）.xlsx
    """
    from perfcli import api

    result = api.roster_from_approved_targets(
        roster=roster, out=out_file, period=period, config=config, force=force
    )
    for warning in result.warnings:
        err.print(f"[yellow]注意：[/]{escape(warning)}", highlight=False)
    if as_json:
        print_json(result.to_json())
        return
    done = result.done
    rows = sum(n for _, _, n in done.replaced)
    out.print(
        f"{result.year}年度：{len(done.replaced)} 个项目按已批复的绩效目标写入 {rows} 条年度指标，"
        f"{len(done.budgets)} 个项目的预算总额改为年度资金总额，{len(done.kept)} 个项目保留原有指标；"
        f"新名册已写入 {result.written}",
        markup=False,
    )
