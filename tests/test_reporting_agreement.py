"""One 报送情况: `status --json` and the 汇总.xlsx 报送情况 sheet say the same of every department and unit —
received date, lateness, what is missing — on the sample district and on a batch with late, partial and
missing returns."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from test_roster import build_roster
from test_validate import unit_workbook
from typer.testing import CliRunner

from perfcli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def status_rows(returns: Path, roster_path: Path) -> dict[tuple[str, str], dict]:
    result = runner.invoke(
        app, ["status", str(returns), "--roster", str(roster_path), "--period", "2026Q3", "--json"]
    )
    assert result.exit_code == 0, result.output
    return {(r["kind"], r["name"]): r for r in json.loads(result.stdout)["rows"]}


def sheet_rows(returns: Path, roster_path: Path, tmp_path: Path) -> dict[tuple[str, str], dict]:
    out = tmp_path / "汇总.xlsx"
    result = runner.invoke(
        app,
        [
            "aggregate",
            "city",
            str(returns),
            "--roster",
            str(roster_path),
            "--period",
            "2026Q3",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    ws = openpyxl.load_workbook(out)["报送情况"]
    header = [c.value for c in ws[3]]
    rows = {}
    for line in ws.iter_rows(min_row=4, values_only=True):
        row = dict(zip(header, line, strict=False))
        if row["类别"] in ("单位", "部门"):
            rows[({"单位": "unit", "部门": "department"}[row["类别"]], row["单位/部门"])] = row
    return rows


def assert_agree(status: dict, sheet: dict) -> None:
    assert set(status) == set(sheet)
    for key, row in status.items():
        other = sheet[key]
        assert (row["received"] or None) == (other["收到日期"] or None), key
        assert ("是" if row["late"] else "否") == other["逾期"], key
        assert row["state_label"] == other["报送情况"], key
        assert "、".join(row["missing"]) in (other["说明"] or ""), key


def test_sample_district(tmp_path):
    sample = ROOT / "sample_data"
    assert_agree(
        status_rows(sample / "returns", sample / "roster.xlsx"),
        sheet_rows(sample / "returns", sample / "roster.xlsx", tmp_path),
    )


ROSTER_ROWS = {  # test_validate.roster() as a clerk's roster workbook
    "部门": [["D01", "区住建局", 5000, "", ""], ["D02", "区水利局", None, "", ""]],
    "单位": [["U01", "区住建局（本级）", "D01", "", ""], ["U02", "区水利局（本级）", "D02", "", ""]],
    "项目": [
        ["P01", "老旧小区改造", "U01", 1000, "区级", "否", None, None, None, None, None, None],
        ["P02", "道路提升", "U01", 600, "区级", "是", 0, 0, 600, 0, None, None],
        ["P03", "河道整治", "U02", 300, "市级", "否", None, None, None, None, None, None],
    ],
    "绩效指标": [["P01", "产出", "产出数量", "改造户数", "≥300户"]],
}


@pytest.fixture
def mixed_batch(tmp_path: Path) -> tuple[Path, Path]:
    """U01 late with one of its two projects, U02 on time, no department form at all."""
    returns = tmp_path / "returns"
    unit_workbook(returns / "u1.xlsx", saved=datetime(2026, 10, 14))  # late, 道路提升 missing
    unit_workbook(
        returns / "u2.xlsx", unit="区水利局（本级）", name="河道整治", budget=300, received=200, spent=150
    )
    return returns, build_roster(tmp_path / "名册.xlsx", ROSTER_ROWS)


def test_late_partial_and_missing(mixed_batch, tmp_path):
    returns, roster_path = mixed_batch
    status = status_rows(returns, roster_path)
    assert_agree(status, sheet_rows(returns, roster_path, tmp_path))
    late = next(r for (kind, _), r in status.items() if kind == "unit" and r["late"])
    assert late["received"] == "2026-10-14" and late["missing"] == ["道路提升"]
    assert any(r["state"] == "missing" for r in status.values())
