"""perfcli generate on the command line: exit codes, --json parity with the library, summary, --blank."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app

runner = CliRunner()


@pytest.fixture
def roster_file(sample_roster):
    if not sample_roster.is_file():
        pytest.skip("sample_data/roster.xlsx 尚未提供")
    return sample_roster


def test_generate_writes_and_reports_json(roster_file, tmp_path):
    out = tmp_path / "forms"
    result = runner.invoke(
        app, ["generate", str(roster_file), "--period", "2026Q3", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["period"] == "2026Q3" and payload["departments"] >= 1 and payload["units"] >= 1
    written = sorted(str(p) for p in out.rglob("*.xlsx"))
    assert written == sorted(f["path"] for f in payload["files"])
    assert payload["sheets"] == sum(
        len(openpyxl.load_workbook(p, read_only=True).sheetnames) - 1 for p in written
    )


def test_generate_summary_then_refuses_to_overwrite(roster_file, tmp_path):
    out = tmp_path / "forms"
    args = ["generate", str(roster_file), "--period", "2026Q3", "--out", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "单位工作簿（附表1）" in first.stdout and str(out) in first.stdout
    second = runner.invoke(app, args)
    assert second.exit_code == 2
    assert "已存在" in second.stderr and "--force" in second.stderr
    forced = runner.invoke(app, [*args, "--force", "--jobs", "2"])
    assert forced.exit_code == 0, forced.output


def test_bad_roster_is_a_data_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "名册.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "随便"
    wb.save(bad)
    out = tmp_path / "forms"
    result = runner.invoke(app, ["generate", str(bad), "--period", "2026Q3", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "错误" in result.stderr
    assert not out.exists() or not any(out.rglob("*.xlsx"))


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--period", "2026Q9"], "期间"),
        ([], "--period"),
    ],
)
def test_usage_errors_exit_2(roster_file, tmp_path, args, needle):
    result = runner.invoke(app, ["generate", str(roster_file), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2
    assert needle in result.stderr


def test_missing_roster_file_and_missing_roster_argument(tmp_path):
    missing = runner.invoke(
        app, ["generate", str(tmp_path / "无.xlsx"), "--period", "2026Q3", "--out", str(tmp_path)]
    )
    assert missing.exit_code == 2 and "找不到名册" in missing.stderr
    none = runner.invoke(app, ["generate", "--period", "2026Q3", "--out", str(tmp_path)])
    assert none.exit_code == 2 and "名册" in none.stderr


def test_blank_form(tmp_path):
    result = runner.invoke(app, ["generate", "--blank", "附表2", "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.stdout)["files"]
    wb = openpyxl.load_workbook(file["path"])
    assert any(c.value == "部门整体预算绩效运行监控表" for c in wb.worksheets[0][2])
    assert any(c.value == "（      年度   季度）" for c in wb.worksheets[0][3])
    unknown = runner.invoke(app, ["generate", "--blank", "附表9", "--out", str(tmp_path)])
    assert unknown.exit_code == 2 and "附表9" in unknown.stderr


def test_help_is_chinese():
    result = runner.invoke(app, ["generate", "--help"])
    assert result.exit_code == 0
    for text in ("按名册生成", "--blank", "--period", "--jobs", "输出目录"):
        assert text in result.stdout
