"""What the ledger tests share: the sample data, the command line as a subprocess, and a workspace made by
init with a copy of the sample returns (the `workspace` fixture in conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from perfcli import api

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
CLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


def make_workspace(tmp_path: Path) -> Path:
    """A workspace made by init, with a copy of the sample returns (so tests may change them)."""
    directory = tmp_path / "工作区"
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    return directory


def cli(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """perfcli run in `workspace` as a clerk runs it (a process of its own)."""
    return subprocess.run([*CLI, *args], cwd=workspace, capture_output=True, text=True, timeout=600)
