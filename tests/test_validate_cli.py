"""perfcli validate / status on the command line: exit codes, JSON parity, outputs, hostile files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from test_validate import department_workbook, roster, unit_workbook
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.findings.batch import validate_paths
from perfcli.model.config import load_config
from perfcli.model.period import Period
from perfcli.roster.workbook import write_roster

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def returns(tmp_path) -> Path:
    folder = tmp_path / "returns"
    unit_workbook(
        folder / "住建本级.xlsx",
        projects=({}, {"name": "道路提升", "budget": 600, "received": 500, "spent": 450}),
    )
    department_workbook(folder / "住建局.xlsx")
    return folder


def test_clean_batch_exits_0_and_prints_summary(returns):
    result = run("validate", returns, "--period", "2026Q3")
    assert result.exit_code == 0, result.output
    assert "共 2 个文件" in result.output and "错误 0 条" in result.output


def test_errors_exit_1_and_warnings_alone_exit_0(tmp_path):
    unit_workbook(tmp_path / "bad" / "u.xlsx", spent=950)
    bad = run("validate", tmp_path / "bad", "--period", "2026Q3")
    assert bad.exit_code == 1 and "V103" in bad.output and "E7" in bad.output
    unit_workbook(tmp_path / "slow" / "u.xlsx", spent=100)  # 10% executed: 执行进度滞后 is a warning
    slow = run("validate", tmp_path / "slow", "--period", "2026Q3")
    assert slow.exit_code == 0 and "V112" in slow.output


def test_usage_errors_exit_2(tmp_path, returns):
    assert run("validate", tmp_path / "nope").exit_code == 2
    assert run("validate", returns, "--period", "2026Q9").exit_code == 2
    assert run("validate", returns, "--roster", tmp_path / "no-roster.xlsx").exit_code == 2
    assert run("validate").exit_code == 2
    assert run("status", returns).exit_code == 2  # --roster is required


def test_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("validate", tmp_path / "empty")
    assert result.exit_code == 0 and "没有找到任何工作簿" in result.stderr


def test_json_is_exactly_the_library_report(returns):
    result = run("validate", returns, "--period", "2026Q3", "--json")
    assert result.exit_code == 0
    library = validate_paths([returns], load_config(), period=Period.parse("2026Q3")).to_json()
    assert json.loads(result.stdout) == json.loads(json.dumps(library, ensure_ascii=False, default=str))


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.xlsx", b""),
        ("text.xlsx", "只是文字".encode()),
        ("truncated.xlsx", None),
    ],
)
def test_hostile_files_are_per_file_errors_and_the_batch_goes_on(tmp_path, name, content):
    folder = tmp_path / "in"
    good = unit_workbook(folder / "good.xlsx")
    if content is None:
        content = good.read_bytes()[:400]
    (folder / name).write_bytes(content)
    result = run("validate", folder, "--period", "2026Q3", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    statuses = {Path(f["path"]).name: f["status"] for f in data["files"]}
    assert statuses == {name: "rejected", "good.xlsx": "read"}
    assert "Traceback" not in result.output


def test_report_and_annotate_outputs(tmp_path):
    unit_workbook(tmp_path / "in" / "u.xlsx", spent=950)
    report, annotated = tmp_path / "out" / "问题清单.xlsx", tmp_path / "out" / "annotated"
    result = run(
        "validate", tmp_path / "in", "--period", "2026Q3", "--report", report, "--annotate", annotated
    )
    assert result.exit_code == 1
    assert zipfile.is_zipfile(report) and len(list(annotated.glob("*.xlsx"))) == 1
    again = run("validate", tmp_path / "in", "--period", "2026Q3", "--report", report)
    assert again.exit_code == 2 and "--force" in again.output
    report.unlink()
    refused = run(
        "validate", tmp_path / "in", "--period", "2026Q3", "--report", report, "--annotate", annotated
    )
    assert (
        refused.exit_code == 2 and not report.exists()
    )  # the existing copy refuses the run before any output
    forced = run(
        "validate",
        tmp_path / "in",
        "--period",
        "2026Q3",
        "--report",
        report,
        "--annotate",
        annotated,
        "--force",
    )
    assert forced.exit_code == 1


def test_roster_file_and_status(tmp_path, returns):
    roster_path = write_roster(tmp_path / "roster.xlsx", roster())
    result = run("validate", returns, "--roster", roster_path, "--period", "2026Q3", "--json")
    data = json.loads(result.stdout)
    assert {f["code"] for f in data["files"]} == {"U01", "D01"}
    assert result.exit_code == 0  # not-reported units are warnings
    assert any(f["code"] == "V207" for f in data["findings"])

    status = run(
        "status",
        returns,
        "--roster",
        roster_path,
        "--period",
        "2026Q3",
        "--json",
        "--out",
        tmp_path / "报送情况表.xlsx",
    )
    assert status.exit_code == 0
    table = json.loads(status.stdout)
    states = {(r["kind"], r["code"]): r["state"] for r in table["rows"]}
    assert states == {
        ("department", "D01"): "reported",
        ("unit", "U01"): "reported",
        ("department", "D02"): "missing",
        ("unit", "U02"): "missing",
    }
    assert zipfile.is_zipfile(tmp_path / "报送情况表.xlsx")
    text = run("status", returns, "--roster", roster_path, "--period", "2026Q3")
    assert "未报送" in text.output and "区水利局（本级）" in text.output


def test_help_is_chinese():
    for command in ("validate", "status"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "退出码" in result.output or "报送" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_hostile_file_is_a_per_file_error_in_validate(tmp_path, jobs):
    import fixtures_builder as fb
    from test_hostile import CASES

    (tmp_path / "base").mkdir()
    base = fb.canonical_project(tmp_path / "base" / "good.xlsx")
    folder = tmp_path / "in"
    folder.mkdir()
    bad = []
    for i, (build, _) in enumerate(CASES.values()):
        case_dir = folder / f"case{i:02d}"
        case_dir.mkdir()
        bad.append(build(base, case_dir))
    result = run(
        "validate",
        folder,
        base,
        "--json",
        "--jobs",
        jobs,
        "--report",
        tmp_path / "r.xlsx",
        "--annotate",
        tmp_path / "ann",
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    data = json.loads(result.stdout)
    statuses = {f["path"]: f["status"] for f in data["files"]}
    assert all(statuses[str(p)] == "rejected" for p in bad), statuses
    assert statuses[str(base)] == "read"
    assert all(f["reason"] for f in data["files"] if f["status"] == "rejected")
    assert not list((tmp_path / "ann").glob("*")) or all(
        "case" not in p.name for p in (tmp_path / "ann").iterdir()
    )
