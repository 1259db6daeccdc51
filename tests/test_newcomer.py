"""What a newcomer trips over in the first hour: inside a workspace the commands find its 名册.xlsx, --period
takes what perfcli prints, a second generate says there was nothing to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
RETURNS = [str(SAMPLE / "returns" / name) for name in ("区人民医院_附表1_2026Q3.xlsx",)]
USING = "使用工作区名册：名册.xlsx"

runner = CliRunner()


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A workspace whose 名册.xlsx is the sample roster, as the current folder."""
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    shutil.copyfile(SAMPLE / "roster.xlsx", ws / "名册.xlsx")
    monkeypatch.chdir(ws)
    return ws


def test_status_in_a_workspace_uses_its_roster_and_says_so(workspace):
    implicit = runner.invoke(app, ["status", *RETURNS, "--period", "2026年三季度", "--json"])
    assert implicit.exit_code == 0, implicit.output
    assert USING in implicit.stderr
    explicit = runner.invoke(app, ["status", *RETURNS, "-p", "2026Q3", "--json", "-r", "名册.xlsx"])
    assert USING not in explicit.stderr
    assert json.loads(implicit.stdout) == json.loads(explicit.stdout)


@pytest.mark.parametrize(
    "command",
    [
        ["validate", *RETURNS],
        ["aggregate", "city", *RETURNS, "--json"],
        ["render", "rectification", *RETURNS, "--out", "整改通知"],
    ],
    ids=["validate", "aggregate", "render"],
)
def test_the_commands_that_take_a_roster_use_the_workspaces(workspace, command):
    result = runner.invoke(app, [*command, "--period", "2026Q3"])
    assert result.exit_code in (0, 1), result.output  # 1: the sample return has errors
    assert USING in result.stderr


def test_outside_a_workspace_status_asks_for_a_roster(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status", *RETURNS, "--period", "2026Q3"])
    assert result.exit_code == 2
    assert USING not in result.stderr and "--roster" in result.stderr


def test_a_second_generate_says_there_was_nothing_to_do(workspace):
    args = ["generate", "名册.xlsx", "--period", "2026Q3", "--out", "监控表"]
    first = runner.invoke(app, [*args, "--json"])
    assert first.exit_code == 0, first.output
    written = len(json.loads(first.stdout)["files"])
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert f"已全部生成，无需重写（{written} 个文件）" in second.stdout
    assert "已生成 " not in second.stdout


def test_the_blank_roster_init_wrote_is_not_used(tmp_path, monkeypatch):
    """Right after init the workspace's 名册.xlsx has no rows: checking returns against it would call every
    unit unknown, so commands go on as without a roster."""
    from perfcli.api.workspace import init, workspace_roster

    init(tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    assert workspace_roster() is None
