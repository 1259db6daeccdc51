"""perfcli extract: JSON parity with the library, the readable summary, exit codes."""

from __future__ import annotations

import json

import fixtures_builder as fb
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook

runner = CliRunner()


def test_json_is_what_the_library_returns(tmp_path):
    path = fb.department_workbook_with_key_project(tmp_path / "dept.xlsx")
    result = runner.invoke(app, ["extract", "--json", str(path)])
    assert result.exit_code == 0
    expected = [r.to_json() for r in read_workbook(path, load_config()).records]
    assert json.loads(result.stdout) == json.loads(json.dumps(expected, ensure_ascii=False, default=str))
    assert [r["form"] for r in json.loads(result.stdout)] == ["department", "key_project"]


def test_summary_shows_fields_table_and_issues(tmp_path):
    path = fb.numbers_as_text(tmp_path / "yuan.xlsx", funds_received="8,000,000元")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert "附表1 项目预算绩效运行监控表" in result.stdout
    assert "2026年三季度" in result.stdout and "编报单位：新北区住房和城乡建设局" in result.stdout
    assert "老旧小区改造工程" in result.stdout and "改造老旧小区数量" in result.stdout
    assert "R002 [B7]" in result.stdout


def test_folder_is_searched_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    fb.canonical_project(tmp_path / "a" / "one.xlsx")
    fb.two_forms_in_one_book(tmp_path / "a" / "b" / "two.xlsx")
    (tmp_path / "a" / "readme.txt").write_text("not a workbook", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(tmp_path / "a")])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3


def test_workbook_without_forms_exits_1(tmp_path):
    wb, ws = fb.new_book("Sheet1")
    ws["A1"] = "会议纪要"
    path = fb.save(wb, tmp_path / "minutes.xlsx")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "未找到监控表" in result.stderr and "minutes.xlsx" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2
    assert "找不到文件" in result.stderr


def test_help_is_chinese():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "读取工作簿中的监控表" in result.stdout and "退出码" in result.stdout
