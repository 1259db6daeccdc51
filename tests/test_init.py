"""perfcli init: writes the config and the empty roster, and never overwrites them without --force."""

from __future__ import annotations

import json
import shlex
import shutil
import tomllib
from datetime import date

import openpyxl
from typer.testing import CliRunner

from perfcli.api.workspace import latest_report_period
from perfcli.cli.main import app
from perfcli.model.config import default_config_text
from perfcli.roster.workbook import read_roster

runner = CliRunner()


def test_init_writes_config_and_empty_roster(tmp_path):
    target = tmp_path / "2026三季度"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    config, roster = target / "perfcli.toml", target / "名册.xlsx"
    assert config.read_text("utf-8") == default_config_text()
    assert tomllib.loads(config.read_text("utf-8"))["vocabulary"]["fund_sources"]
    assert openpyxl.load_workbook(roster).sheetnames == ["部门", "单位", "项目", "绩效指标"]
    assert read_roster(roster).departments == []
    assert "perfcli.toml" in result.output and "名册.xlsx" in result.output
    assert "perfcli generate" in result.output and "--period" in result.output


def test_init_refuses_to_overwrite_without_force(tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "perfcli.toml").write_text("# 已修改\n", encoding="utf-8")
    roster_before = (tmp_path / "名册.xlsx").read_bytes()
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "已存在" in result.output and "--force" in result.output
    assert (tmp_path / "perfcli.toml").read_text("utf-8") == "# 已修改\n"
    assert (tmp_path / "名册.xlsx").read_bytes() == roster_before
    assert "保留原样" in result.output and "perfcli（新）.toml" in result.output
    result = runner.invoke(app, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 0
    assert (tmp_path / "perfcli.toml").read_text("utf-8") == "# 已修改\n"  # the clerk's, still in use
    assert (tmp_path / "perfcli（新）.toml").read_text("utf-8") == default_config_text()
    assert (tmp_path / "名册.xlsx").read_bytes() == roster_before
    assert (
        str(tmp_path / "perfcli（新）.toml") in result.output
        and str(tmp_path / "名册（新）.xlsx") in result.output
    )


def test_init_refusal_writes_nothing_when_only_the_roster_exists(tmp_path):
    (tmp_path / "名册.xlsx").write_bytes(b"mine")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert not (tmp_path / "perfcli.toml").exists()
    assert (tmp_path / "名册.xlsx").read_bytes() == b"mine"


def test_init_force_over_a_filled_roster_keeps_its_rows_and_says_where_the_new_one_is(
    tmp_path, sample_roster
):
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    shutil.copyfile(sample_roster, workspace / "名册.xlsx")  # the clerk filled it in
    filled = read_roster(workspace / "名册.xlsx").projects
    assert filled

    result = runner.invoke(app, ["init", str(workspace), "--force"])
    assert result.exit_code == 0, result.output
    assert read_roster(workspace / "名册.xlsx").projects == filled
    assert read_roster(workspace / "名册（新）.xlsx").projects == []
    assert f"{workspace / '名册.xlsx'} 已存在，保留原样" in result.output
    assert str(workspace / "名册（新）.xlsx") in result.output
    next_step = f"perfcli generate {shlex.quote(str(workspace / '名册.xlsx'))}"
    assert next_step in result.output  # the next step uses the filled roster

    again = runner.invoke(app, ["init", str(workspace), "--force", "--json"])
    data = json.loads(again.stdout)
    assert data["written_beside"] == {
        str(workspace / "perfcli.toml"): str(workspace / "perfcli（新2）.toml"),
        str(workspace / "名册.xlsx"): str(workspace / "名册（新2）.xlsx"),
    }
    assert read_roster(workspace / "名册.xlsx").projects == filled


def test_init_without_force_keeps_everything_and_says_so(tmp_path, sample_roster):
    workspace = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(workspace)]).exit_code == 0
    shutil.copyfile(sample_roster, workspace / "名册.xlsx")
    before = {p.name: p.read_bytes() for p in workspace.iterdir() if p.is_file()}
    result = runner.invoke(app, ["init", str(workspace)])
    assert result.exit_code == 2
    assert str(workspace / "perfcli.toml") in result.output and str(workspace / "名册.xlsx") in result.output
    assert "保留原样" in result.output
    assert {p.name: p.read_bytes() for p in workspace.iterdir() if p.is_file()} == before


def test_init_inside_a_workspace_refuses_naming_the_outer_one(tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path / "ws")]).exit_code == 0
    result = runner.invoke(app, ["init", str(tmp_path / "ws" / "三季度")])
    assert result.exit_code == 2
    assert "已有的工作区" in result.output and str(tmp_path / "ws") in result.output
    assert not (tmp_path / "ws" / "三季度").exists()


def test_init_json(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["roster"].endswith("名册.xlsx") and data["config"].endswith("perfcli.toml")


def test_init_on_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    result = runner.invoke(app, ["init", str(tmp_path / "f")])
    assert result.exit_code == 2 and "不是文件夹" in result.output


def test_init_help_is_chinese():
    result = runner.invoke(app, ["init", "--help"])
    assert result.exit_code == 0 and "创建工作目录" in result.output


def test_latest_report_period():
    assert latest_report_period(date(2026, 11, 23), [2, 3]).code == "2026Q3"
    assert latest_report_period(date(2026, 8, 1), [2, 3]).code == "2026Q2"
    assert latest_report_period(date(2027, 2, 1), [2, 3]).code == "2026Q3"
    assert latest_report_period(date(2026, 7, 2), [2]).code == "2026Q2"
