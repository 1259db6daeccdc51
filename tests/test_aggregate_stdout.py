"""aggregate city --json without --out (issue 11, item 11): the JSON goes to stdout and no workbook is
written; --out is only needed for the workbook."""

from __future__ import annotations

import json
from pathlib import Path

from test_aggregate_cli import unit_return
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app

runner = CliRunner()


def _returns(tmp_path: Path) -> Path:
    folder = tmp_path / "returns"
    unit_return(folder / "甲.xlsx", "区实验小学", [("校舍维修", 100, 80, 30, "确定能")])
    return folder


def test_city_json_without_out_writes_only_to_stdout(tmp_path):
    folder = _returns(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    result = runner.invoke(app, ["aggregate", "city", str(folder), "--period", "2026Q3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["output"] is None
    library = api.aggregate_city([folder], period="2026Q3")
    assert data["totals"] == json.loads(json.dumps(library.json_frame()["totals"], default=str))
    assert sorted(tmp_path.rglob("*")) == before  # no workbook anywhere


def test_city_without_out_or_json_asks_for_out(tmp_path):
    result = runner.invoke(app, ["aggregate", "city", str(_returns(tmp_path)), "--period", "2026Q3"])
    assert result.exit_code == 2
    assert "请用 --out 指定汇总工作簿" in result.output and "--json" in result.output


def test_city_json_with_out_still_writes_the_workbook(tmp_path):
    target = tmp_path / "汇总.xlsx"
    result = runner.invoke(
        app,
        ["aggregate", "city", str(_returns(tmp_path)), "--period", "2026Q3", "--json", "--out", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert target.is_file() and json.loads(result.stdout)["output"] == str(target)
