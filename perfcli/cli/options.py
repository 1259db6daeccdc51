"""Options shared by every command, defined once so they mean the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err

if TYPE_CHECKING:
    from perfcli.model.roster import Roster

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="配置文件（perfcli.toml）；默认使用当前目录下的 perfcli.toml 或内置的常州新北口径。",
    ),
]
OptionalPeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="监控期间，如 2026Q3 或 2026年三季度、2026H1 或 2026年上半年、2026M7 或 2026年1-7月（全国监控表）。"
        "校验时表上期间不符即报错，并据此判断是否逾期；"
        "省略时按报表自身的期间（生成监控表时必填，空白表样可省略）。",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出结果（供脚本使用），写到标准输出。")]
OutDirOpt = Annotated[Path, typer.Option("--out", "-o", help="输出目录。")]
ForceOpt = Annotated[bool, typer.Option("--force", "-f", help="覆盖已存在的输出文件。")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="并行工作进程数。")]
RosterOpt = Annotated[
    Path | None,
    typer.Option(
        "--roster",
        "-r",
        help="名册工作簿（perfcli init 生成的格式）；在工作区内省略时使用工作区的 名册.xlsx。",
        show_default=False,
    ),
]
PathsArg = Annotated[
    list[Path],
    typer.Argument(help="工作簿文件或文件夹（文件夹会递归查找）。", show_default=False, metavar="路径"),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="重新读取每个工作簿（默认在工作区内，内容未变的工作簿直接取用台账中上次读取的结果）。",
    ),
]
ForcePeriodOpt = Annotated[
    bool,
    typer.Option(
        "--force-period",
        help="允许使用配置（[periods] report_periods）之外的期间，如补报一季度；缺省时这类期间报错。",
    ),
]


def roster_or_workspace(roster: Path | None, config: Path | None) -> Roster | Path | None:
    """--roster as given; without it, inside a workspace, the workspace's 名册.xlsx (already read), said on
    stderr."""
    if roster is not None:
        return roster
    from perfcli.api.workspace import workspace_roster
    from perfcli.model.roster import Roster

    found = workspace_roster(config)
    if found is not None:
        path = Path(found.source) if isinstance(found, Roster) else found
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        err.print(f"使用工作区名册：{shown}", markup=False)
    return found
