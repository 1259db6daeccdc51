"""perfcli score — score returned 项目支出绩效自评表 by the formulas (预算执行率, 正向/反向/等于/定性)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt, PathsArg
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK

if TYPE_CHECKING:
    from perfcli.api.score import ScoreResult

app = typer.Typer()


@app.command("score")
def score(paths: PathsArg, json_output: JsonOpt = False, config: ConfigOpt = None) -> None:
    """为回收的项目支出绩效自评表计分：预算执行率 10 分，定量指标按公式（正向、反向、等于），定性指标采用自评得分。

    输出每个项目的总分、等级（优、良、中、差）和问题；计算得分与单位自评得分不符时两者都列出，以计算得分为准。
    加 --json 时输出项目数组（供脚本使用）。计分口径见配置文件的 [self_evaluation]。不修改输入文件。
    退出码：0 无错误（可有警告）；1 有错误或有文件无法计分；2 用法错误。

    示例：
    perfcli score 自评表回收 --json
    """
    from perfcli import api

    result = api.score(paths, config=config)
    if json_output:
        print_json(result.to_json())
    else:
        _render(result)
    for path, why in result.unread:
        err.print(f"✗ {path}：{why}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_DATA_ERRORS if result.failed else EXIT_OK)


def _render(result: ScoreResult) -> None:
    """A table of projects (fits 80 columns), then each project's problems with sheet and cell."""
    from rich.table import Table

    from perfcli.model.values import round_half_up

    table = Table(title="绩效自评计分", title_justify="left")
    for name, justify in (("项目", "left"), ("实施单位", "left"), ("执行率分", "right"), ("总分", "right")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    table.add_column("自评", justify="right")
    table.add_column("等级", justify="center")
    table.add_column("问题", justify="right")
    for p in result.projects:
        own = str(round_half_up(p.self_total)) if p.self_total is not None else "—"
        table.add_row(
            p.project_name or "—",
            p.unit or "—",
            str(p.budget_score),
            str(p.total) if p.total is not None else "—",
            own,
            p.grade or "—",
            str(len(p.findings)) if p.findings else "",
        )
    out.print(table)
    for p in result.projects:
        if not p.findings:
            continue
        out.print(f"{p.project_name or p.sheet}（{p.file} › {p.sheet}）", markup=False, soft_wrap=True)
        for f in p.findings:
            mark = "错误" if f.severity == "error" else "警告"
            where = f"[{f.cell}] " if f.cell else ""
            out.print(f"  {mark} {f.code} {where}{f.message}", markup=False, soft_wrap=True)
    out.print(f"共 {len(result.projects)} 个项目，错误 {result.errors} 个。", markup=False)
