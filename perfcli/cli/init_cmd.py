"""perfcli init: create a working folder (config file + empty roster workbook)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from perfcli.cli.console import out, print_json
from perfcli.cli.options import ForceOpt, JsonOpt

app = typer.Typer()


@app.command("init")
def init(
    directory: Annotated[
        Path,
        typer.Argument(help="要创建的工作目录（不存在时自动创建）。", show_default=False, metavar="目录"),
    ],
    pack: Annotated[
        str | None,
        typer.Option(
            "--pack",
            help="表样包：changzhou-xinbei（默认，常州新北 附表1–3）、national（全国监控表），"
            "或自备表样包的文件夹。perfcli packs 列出内置的表样包。",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """创建工作目录：写入配置文件 perfcli.toml 和空白名册 名册.xlsx（部门、单位、项目、绩效指标）。

    填好名册后，用 perfcli generate 生成各单位、各部门的监控表。已有的 perfcli.toml、名册.xlsx 保留原样；
    加 --force 时新文件写在旁边（perfcli（新）.toml、名册（新）.xlsx），原文件不会被覆盖。

    示例：
    perfcli init 2026绩效监控
    """
    from perfcli import api

    workspace = api.init(directory, force=force, pack=pack)
    if as_json:
        print_json(workspace.to_json())
        return
    verb = "已更新工作目录" if workspace.kept else "已创建工作目录"
    out.print(f"{verb} {workspace.directory}：", markup=False, soft_wrap=True)
    for path, title, what in (
        (workspace.config, "配置文件", "地方口径：资金来源、完成目标可能性、报送期限等，可按需修改"),
        (workspace.roster, "空白名册", "请在 部门、单位、项目、绩效指标 四张表中从第3行起填写"),
    ):
        new = workspace.written_beside.get(path)
        if new is None:
            out.print(f"  {title}  {path}（{what}）", markup=False, soft_wrap=True)
        else:
            out.print(
                f"  {path} 已存在，保留原样、继续使用；新的{title}写在旁边：{new}",
                markup=False,
                soft_wrap=True,
            )
    if workspace.ledger is not None:
        out.print(
            f"  工作区台账  {workspace.ledger}（记录下发、回收、问题和函件文号；在本目录及其子目录中运行的命令都会使用它）",
            markup=False,
            soft_wrap=True,
        )
    out.print("下一步：填好名册后生成监控表，例如：", markup=False, soft_wrap=True)
    command = [
        "perfcli",
        "generate",
        str(workspace.roster),
        "--period",
        workspace.suggested_period.code,
        "--out",
        str(workspace.directory / "监控表"),
        "--config",
        str(workspace.config),
    ]
    out.print("  " + shlex.join(command), markup=False, soft_wrap=True)
