"""perfcli doctor: what the workspace's drive offers the ledger, the ledger's state, shared 发文机关代字."""

from __future__ import annotations

import typer

from perfcli.cli.console import out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt
from perfcli.errors import EXIT_DATA_ERRORS

app = typer.Typer()


@app.command("doctor")
def doctor(config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """检查工作区所在的磁盘和台账：能否写入、文件锁、共享内存（WAL 模式）、原子改名、剩余空间、台账是否完好，以及附近
    是否有其他工作区使用同一发文机关代字（会发出重复的文号）。每项一行；有缺项时退出码为 1。

    工作区放在网络共享盘上时，先运行本命令：缺少文件锁时 perfcli 在此只读，缺少共享内存时台账改用回滚日志。

    示例：
    perfcli doctor
    """
    from perfcli.api.doctor import doctor as run_doctor

    result = run_doctor(config=config)
    if as_json:
        print_json(result.to_json())
    else:
        for check in result.checks:
            mark = "[green]✓[/]" if check.ok else "[red]✗[/]"
            out.print(f"{mark} {check.name}：", end="", highlight=False)
            out.print(check.text, markup=False, highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(EXIT_DATA_ERRORS)
