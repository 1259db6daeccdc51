"""perfcli aggregate — placeholder until its issue lands."""

from __future__ import annotations

import typer

app = typer.Typer(name="aggregate", help="汇总：单位附表1 → 部门附表2；全部报表 → 全市（区）汇总。")
