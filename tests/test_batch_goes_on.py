"""One file that vanishes or one folder that cannot be listed never stops a batch: it is reported per file,
counted, and the exit code says the batch is incomplete (1), never that the run failed (3)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import fixtures_builder as fb
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "sample_data" / "roster.xlsx"


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "returns"
    folder.mkdir()
    fb.canonical_project(folder / "good.xlsx")
    return folder


def _commands(returns: Path, out: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(returns)],
        "status": ["status", str(returns), "--roster", str(ROSTER)],
        "aggregate city": ["aggregate", "city", str(returns), "--out", str(out / "汇总.xlsx")],
        "render": [
            "render",
            "feedback",
            str(returns),
            "--roster",
            str(ROSTER),
            "--out",
            str(out / "letters"),
        ],
    }


COMMANDS = list(_commands(Path(), Path()))


@pytest.mark.parametrize("command", COMMANDS)
def test_dangling_link_is_reported_and_the_batch_goes_on(tmp_path, returns, command) -> None:
    (returns / "已删除的附件.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    result = CliRunner().invoke(app, _commands(returns, tmp_path)[command])
    assert result.exit_code != 3, result.output
    assert "内部错误" not in result.output
    if command in ("validate", "aggregate city"):
        assert result.exit_code == 1
        assert "已删除的附件.xlsx" in result.output and "文件不存在或已被移走" in result.output


def test_file_deleted_while_validate_runs(tmp_path, returns, monkeypatch) -> None:
    from perfcli.findings import batch

    doomed = fb.canonical_project(returns / "doomed.xlsx")
    found = batch.discover

    def discover_then_lose_one(paths):
        files = found(paths)
        doomed.unlink()  # the clerk moves it away after the folder was listed
        return files

    monkeypatch.setattr(batch, "discover", discover_then_lose_one)
    result = CliRunner().invoke(app, ["validate", str(returns), "--annotate", str(tmp_path / "a")])
    assert result.exit_code == 1, result.output
    assert "doomed.xlsx" in result.output and "文件不存在或已被移走" in result.output
    assert "老旧小区改造工程" in result.output or "good.xlsx" in result.output


def _refuse_listing(monkeypatch, folder: Path) -> None:
    listing = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_reported_and_counted(tmp_path, returns, monkeypatch) -> None:
    locked = returns / "区教育局"
    locked.mkdir()
    fb.canonical_project(locked / "hidden.xlsx")
    _refuse_listing(monkeypatch, locked)
    result = CliRunner().invoke(app, ["validate", str(returns)])
    assert result.exit_code == 1, result.output
    assert "区教育局" in result.output and "文件夹无法读取（没有权限）" in result.output

    city = CliRunner().invoke(app, ["aggregate", "city", str(returns), "--out", str(tmp_path / "汇总.xlsx")])
    assert city.exit_code == 1, city.output
    assert "退回 1" in city.output and "文件夹无法读取" in city.output


def test_file_moved_away_before_its_annotated_copy(tmp_path, monkeypatch) -> None:
    from perfcli.io.xlsx.write import annotate

    returns = tmp_path / "returns"
    returns.mkdir()
    for name in ("a", "b"):
        fb.canonical_project(
            returns / f"{name}.xlsx", values={"project_name": f"项目{name}", "funds_spent": 2000}
        )
    load = annotate._load

    def load_after_the_clerk_moved_a(source):
        if source.name == "a.xlsx":
            source.unlink()
        return load(source)

    monkeypatch.setattr(annotate, "_load", load_after_the_clerk_moved_a)
    result = CliRunner().invoke(app, ["validate", str(returns), "--annotate", str(tmp_path / "copies")])
    assert result.exit_code == 1, result.output
    assert [p.name for p in (tmp_path / "copies").iterdir()] == ["b（问题标注）.xlsx"]
