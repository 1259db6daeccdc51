"""What we write: names that cannot spoof, modes colleagues can read, and a clear message with exit 3 (or 2
for a wrong path) whenever a folder cannot be written — never "内部错误" or a temp file's name."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import fixtures_builder as fb
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.io.files.outputs import safe_filename

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "sample_data" / "roster.xlsx"
READ_ONLY = Path("/sys/perfcli-cannot-write")  # refused even to root


@pytest.fixture(scope="module")
def returns(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("returns")
    fb.canonical_project(folder / "good.xlsx")
    fb.canonical_project(folder / "bad.xlsx", values={"funds_spent": 2000})
    return folder


def _run(args: list[str]):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u202eRTLO_xslx.exe", "RTLO_xslx.exe"),
        ("老旧\u200b小区\u200d改造\ufeff", "老旧小区改造"),
        ("\u2066隔离\u2069\u200e", "隔离"),
        ("..", "3201001"),
        (".", "3201001"),
        ("\u202e", "3201001"),
    ],
)
def test_names_lose_spoofing_characters(raw: str, expected: str) -> None:
    assert safe_filename(raw, fallback="3201001") == expected


def test_outputs_respect_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = _run(["init", tmp_path / "ws"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    written = [p for p in (tmp_path / "ws").iterdir() if p.is_file()]
    assert written
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def _commands(returns: Path, out: Path) -> dict[str, list[object]]:
    return {
        "init": ["init", out],
        "generate": ["generate", ROSTER, "--period", "2026Q3", "--out", out],
        "validate --report": ["validate", returns, "--report", out / "问题清单.xlsx"],
        "validate --annotate": ["validate", returns, "--annotate", out],
        "status": ["status", returns, "--roster", ROSTER, "--out", out / "报送情况.xlsx"],
        "aggregate city": ["aggregate", "city", returns, "--out", out / "汇总.xlsx"],
        "aggregate department": ["aggregate", "department", returns, "--out", out],
        "render": ["render", "reminder", returns, "--roster", ROSTER, "--out", out],
    }


@pytest.mark.parametrize("command", list(_commands(Path(), Path())))
def test_unwritable_folder_is_a_clear_failure(returns: Path, command: str) -> None:
    result = _run(_commands(returns, READ_ONLY)[command])
    assert result.exit_code == 3, result.output
    assert "无法写入" in result.stderr and str(READ_ONLY) in result.stderr
    assert "内部错误" not in result.output and ".~" not in result.output


def test_permission_denied_names_the_output_not_the_temp_file(tmp_path, returns, monkeypatch) -> None:
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".~问题清单.xh5xmbkb.xlsx"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = _run(["validate", returns, "--report", tmp_path / "问题清单.xlsx"])
    assert result.exit_code == 3
    assert f"无法写入 {tmp_path / '问题清单.xlsx'}：没有权限" in result.stderr
    assert "内部错误" not in result.output and ".~" not in result.output


def test_disk_full_says_so_and_leaves_nothing(tmp_path, returns, monkeypatch, capfd) -> None:
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    out = tmp_path / "out"
    out.mkdir()
    result = _run(["aggregate", "city", returns, "--out", out / "汇总.xlsx"])
    assert result.exit_code == 3
    assert f"磁盘空间不足，无法写入 {out / '汇总.xlsx'}" in result.stderr
    assert "内部错误" not in result.output
    assert list(out.iterdir()) == []
    assert "Exception ignored" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        lambda d, r: ["aggregate", "city", r, "--out", d / "existing.txt" / "汇总.xlsx"],
        lambda d, r: ["validate", r, "--annotate", d / "existing.txt"],
        lambda d, r: ["validate", r, "--report", d / "adir", "--force"],
        lambda d, r: ["status", r, "--roster", ROSTER, "--out", d / "adir", "--force"],
    ],
    ids=["--out under a file", "--annotate is a file", "--report is a folder", "status --out is a folder"],
)
def test_wrong_output_paths_are_usage_errors(tmp_path, returns, args) -> None:
    (tmp_path / "existing.txt").write_text("x", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    result = _run(args(tmp_path, returns))
    assert result.exit_code == 2, result.output
    assert "内部错误" not in result.output
    assert str(tmp_path) in result.stderr


_KILLED_WRITER = """
import os, sys
from pathlib import Path
from perfcli.io.files.outputs import atomic_path
with atomic_path(Path(sys.argv[1])) as tmp:
    tmp.write_bytes(b"half")
    os._exit(9)  # killed in the middle of the write
"""


def test_next_run_removes_a_killed_runs_temp_file(tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert _run(["generate", ROSTER, "--period", "2026Q3", "--out", first]).exit_code == 0
    one = next(first.rglob("*.xlsx")).relative_to(first)
    out = tmp_path / "forms"
    target = out / one  # the run killed while writing one of the files the next run writes too
    target.parent.mkdir(parents=True)
    subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target)], cwd=ROOT, check=False)
    left = [p for p in target.parent.iterdir() if p.name.startswith(".~")]
    assert left, "the killed writer should have left its temp file"
    result = _run(["generate", ROSTER, "--period", "2026Q3", "--out", out])
    assert result.exit_code == 0, result.output
    assert not [p for p in out.rglob(".~*")]


def test_temp_files_of_other_machines_are_left_until_a_day_old(tmp_path: Path) -> None:
    import time

    from perfcli.io.files import outputs as files

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    other = "0000" if files._HOST != "0000" else "ffff"
    ours = tmp_path / f".~表.p{dead.pid}h{files._HOST}-abc.xlsx"
    theirs = tmp_path / f".~表.p{dead.pid}h{other}-abc.xlsx"
    stale = tmp_path / f".~表.p{dead.pid}h{other}-def.xlsx"
    alive = tmp_path / f".~表.p{os.getpid()}h{files._HOST}-ghi.xlsx"
    clerks = tmp_path / ".~表.xlsx"  # not ours at all
    for path in (ours, theirs, stale, alive, clerks):
        path.write_bytes(b"x")
    day_ago = time.time() - files.STALE_SECONDS - 60
    os.utime(stale, (day_ago, day_ago))
    assert sorted(files.sweep_stale_temp_files(tmp_path)) == sorted([ours, stale])
    assert theirs.exists() and alive.exists() and clerks.exists()


def test_generated_file_names_cannot_spoof_their_type(tmp_path: Path) -> None:
    from decimal import Decimal

    from perfcli.issue.generate import generate
    from perfcli.model.config import load_config
    from perfcli.model.period import Period
    from perfcli.model.roster import Department, Project, Roster, Unit

    roster = Roster(
        [Department("D01", "区教育局\u200b", Decimal("100"))],
        [Unit("U01", "\u202eRTLO_xslx.exe", "D01"), Unit("U02", "..", "D01")],
        [
            Project("P01", "校舍维修", "U01", Decimal("10"), "区级"),
            Project("P02", "培训", "U02", Decimal("5"), "区级"),
        ],
        [],
    )
    result = generate(
        roster, Period.parse("2026Q3"), tmp_path / "out", load_config(None, search_from=tmp_path)
    )
    names = sorted(f.path.relative_to(tmp_path / "out").as_posix() for f in result.files)
    for name in names:
        assert not any(ch in name for ch in "\u202e\u200b"), name
    assert any(n.startswith("区教育局/RTLO_xslx.exe_附表1") for n in names), names
    assert any(n.startswith("区教育局/U02_附表1") for n in names), names
