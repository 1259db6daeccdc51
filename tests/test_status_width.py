"""perfcli status at 80 columns (issue 11, item 10): dates whole, nothing cut with "…"; the 文件 column comes
back on a wide terminal."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from rich.cells import cell_len
from test_validate import department_workbook, roster, unit_workbook
from typer.testing import CliRunner

from perfcli.cli import console
from perfcli.cli.main import app
from perfcli.roster.workbook import write_roster

runner = CliRunner()


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "returns"
    both = ({}, {"name": "道路提升", "budget": 600, "received": 500, "spent": 450})
    unit_workbook(folder / "区住建局本级_附表1_2026Q3.xlsx", projects=both, saved=datetime(2026, 10, 12))
    department_workbook(folder / "区住建局_附表2附表3_2026Q3.xlsx")
    return folder, write_roster(tmp_path / "名册.xlsx", roster())


def _status(batch, columns: int, monkeypatch) -> str:
    folder, roster_path = batch
    monkeypatch.setattr(console.out, "width", columns)  # the stdout console was made at import time
    result = runner.invoke(app, ["status", str(folder), "--roster", str(roster_path), "--period", "2026Q3"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [80, 100])
def test_dates_are_whole_at_narrow_widths(batch, columns, monkeypatch):
    text = _status(batch, columns, monkeypatch)
    assert "…" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= columns
    for date in ("2026-10-10", "2026-10-20", "2026-10-12"):
        assert date in text
    rows_with_dates = [line for line in text.splitlines() if re.search(r"\d{4}-\d{2}-\d{2}", line)]
    assert all(not re.search(r"\d{4}-\d{2}-…|\d{4}-\d{2}-\s*│", line) for line in rows_with_dates)
    assert "未列出对应文件" in text and "--out" in text


def test_files_are_listed_on_a_wide_terminal(batch, monkeypatch):
    text = _status(batch, 160, monkeypatch)
    assert "区住建局本级_附表1_2026Q3.xlsx" in text and "未列出对应文件" not in text
