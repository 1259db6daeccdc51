"""perfcli init_cmd — placeholder until its issue lands."""

from __future__ import annotations

import typer

app = typer.Typer()
