"""perfcli spot-check — the 自评抽查 list: every 差, large self-score gaps, and a seeded random share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, ForceOpt, JsonOpt, PathsArg, RosterOpt
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK

if TYPE_CHECKING:
    from perfcli.api.self_evaluation import SpotCheckResult

app = typer.Typer()

RateOpt = Annotated[str, typer.Option("--rate", help="其余项目中随机抽取的比例，如 10%。")]
SeedOpt = Annotated[int, typer.Option("--seed", help="随机种子：同一种子、同一批文件，抽查名单相同。")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="抽查名单工作簿，如 抽查名单.xlsx。", show_default=False)
]


@app.command("spot-check")
def spot_check(
    paths: PathsArg,
    rate: RateOpt = "10%",
    seed: SeedOpt = 0,
    roster: RosterOpt = None,
    out_file: OutOpt = None,
    force: ForceOpt = False,
    json_output: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """从回收的自评表中抽取自评抽查名单，并说明每个项目的抽查理由。

    抽取：等级为“差”的全部项目；自评总分与计算总分相差 5 分及以上（配置 spot_check_gap）的全部项目；其余项目按
    --rate 比例随机抽取（向上取整）。同一随机种子、同一批文件得到同一名单。--out 写出 抽查名单.xlsx。
    退出码：0 已抽取；1 有文件无法计分；2 用法错误。

    示例：
    perfcli spot-check 自评表回收 --rate 10% --seed 2026 --out 抽查名单.xlsx
    """
    from perfcli import api

    result = api.spot_check(
        paths, rate=rate, seed=seed, roster=roster, out=out_file, config=config, force=force
    )
    if json_output:
        print_json(result.to_json())
    else:
        _render(result)
    for path, why in result.scores.unread:
        err.print(f"✗ {path}：{why}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_DATA_ERRORS if result.scores.unread else EXIT_OK)


def _render(result: SpotCheckResult) -> None:
    from rich.table import Table

    table = Table(title=f"自评抽查名单（随机种子 {result.seed}）", title_justify="left")
    table.add_column("序号", justify="right")
    table.add_column("项目", overflow="fold")
    table.add_column("总分", justify="right")
    table.add_column("抽查理由", overflow="fold")
    for i, pick in enumerate(result.picks, 1):
        table.add_row(
            str(i),
            pick.project.project_name or pick.project.sheet,
            str(pick.project.total or "—"),
            pick.reason,
        )
    out.print(table)
    out.print(f"共 {len(result.scores.projects)} 个项目，抽取 {len(result.picks)} 个。", markup=False)
    if result.written:
        out.print(f"抽查名单已写出：{result.written}", markup=False)
