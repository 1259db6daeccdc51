"""perfcli compare — two periods of the workspace side by side: execution rates and their change per
project and per department, indicators that did not move, projects flagged."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, ForceOpt, JsonOpt, RosterOpt, roster_or_workspace

if TYPE_CHECKING:
    from perfcli.api.compare import Comparison

app = typer.Typer()

CompareOutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="把对比结果写成 Excel，如 对比.xlsx。", show_default=False),
]


@app.command("compare")
def compare_command(
    before: Annotated[
        str, typer.Argument(help="前一期，如 2026Q2 或 2026年二季度。", show_default=False, metavar="前一期")
    ],
    after: Annotated[
        str, typer.Argument(help="后一期，如 2026Q3 或 2026年三季度。", show_default=False, metavar="后一期")
    ],
    roster: RosterOpt = None,
    as_json: JsonOpt = False,
    out_path: CompareOutOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
) -> None:
    """两期对比：按项目、按部门列出两期的预算执行率及变化（百分点）、已完成情况未变化的指标，并标出
    执行进度停滞（落后序时进度且变化不超过5个百分点）和完成可能性下降的项目。

    数据取自工作区台账记录的两期回收表（须先在工作区内分别校验）。只做查询，退出码为 0。

    示例：
    perfcli compare 2026Q2 2026Q3 --roster 名册.xlsx --out 对比.xlsx
    """
    from perfcli import api

    comparison = api.compare(
        before, after, roster=roster_or_workspace(roster, config), config=config, out=out_path, force=force
    )
    for note in comparison.before.notes + comparison.after.notes:
        err.print(note, markup=False)
    if out_path is not None:
        err.print(f"对比表已写入：{out_path}", markup=False)
    if as_json:
        print_json(comparison.to_json())
    else:
        render_comparison(comparison)


def render_comparison(comparison: Comparison) -> None:
    from rich.markup import escape
    from rich.table import Table

    from perfcli.api.compare import FLAG_NAMES

    def rate(value: object) -> str:
        return "—" if value is None else f"{value:.2f}%"

    def points(value: object) -> str:
        return "—" if value is None else f"{value:+.2f}"

    before, after = comparison.before.period.name, comparison.after.period.name
    view = Table(title=f"项目对比（{before} → {after}）", title_justify="left")
    for name, kw in (("项目", {"ratio": 3, "overflow": "fold"}), ("单位", {"ratio": 2, "overflow": "fold"}),
                     ("上期", {"justify": "right"}), ("本期", {"justify": "right"}),
                     ("变化", {"justify": "right"}), ("标记", {"overflow": "fold"})):  # fmt: skip
        view.add_column(name, **kw)
    for p in comparison.projects:
        flags = "、".join(FLAG_NAMES[f] for f in p.flags)
        view.add_row(escape(p.project_name), escape(p.unit), rate(p.rate_before), rate(p.rate_after),
                     points(p.change_points), f"[yellow]{flags}[/]" if flags else "")  # fmt: skip
    out.print(view)
    departments = Table(title="部门对比", title_justify="left")
    for name in ("部门", "上期", "本期", "变化", "停滞", "可能性下降", "口径"):
        departments.add_column(name, justify="left" if name in ("部门", "口径") else "right")
    for d in comparison.departments:
        departments.add_row(escape(d.name), rate(d.rate_before), rate(d.rate_after), points(d.change_points),
                            str(d.stalled), str(d.worse), f"[yellow]{escape(d.basis)}[/]" if d.basis else "")  # fmt: skip
    out.print(departments)
    flagged = [p for p in comparison.projects if p.flags]
    out.print(f"共 {len(comparison.projects)} 个项目，标记 {len(flagged)} 个。", markup=False)
