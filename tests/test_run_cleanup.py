"""A killed run leaves nothing that lasts: its workers exit with it, and the next run removes its scratch
folders from the system temp folder (and its LibreOffice ends with its process group)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import fixtures_builder as fb
import pytest
from conftest import needs_libreoffice
from typer.testing import CliRunner

from perfcli.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
PERFCLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_next_run_removes_stale_scratch_folders(tmp_path, monkeypatch) -> None:
    import tempfile

    from perfcli.io.files import scratch

    system_temp = tmp_path / "tmp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    monkeypatch.setattr(scratch, "_run_dir", None)
    killed = system_temp / f"perfcli-run-p{_dead_pid()}-abc123"
    (killed / "lo-x" / "user").mkdir(parents=True)
    legacy = system_temp / "perfcli-annotate-k2j4h5"
    (legacy / "copy.xlsx").parent.mkdir()
    (legacy / "copy.xlsx").write_bytes(b"x")
    old = time.time() - 2 * scratch.LEGACY_STALE_SECONDS
    os.utime(legacy, (old, old))
    alive = system_temp / f"perfcli-run-p{os.getppid()}-def456"  # a running perfcli's: left alone
    alive.mkdir()
    other = system_temp / "someone-elses"
    other.mkdir()

    returns = tmp_path / "returns"
    returns.mkdir()
    fb.canonical_project(returns / "bad.xlsx", values={"funds_spent": 2000})
    result = CliRunner().invoke(app, ["validate", str(returns), "--report", str(tmp_path / "问题清单.xlsx")])
    assert result.exit_code == 1, result.output
    assert not killed.exists() and not legacy.exists()
    assert alive.exists() and other.exists()


def _descendants(pid: int) -> set[int]:
    """Every process whose chain of parents leads to `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:  # ended in the meantime
        return ""


def _alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    good = fb.canonical_project(returns / "0.xlsx")
    for n in range(1, 600):
        shutil.copyfile(good, returns / f"{n}.xlsx")
    parent = subprocess.Popen(
        [*PERFCLI, "validate", str(returns), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 3 and parent.poll() is None and time.monotonic() < deadline:
        workers = _descendants(parent.pid)  # the resource tracker and two workers
        time.sleep(0.05)
    assert parent.poll() is None, "the batch ended before its workers were seen: make it bigger"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert _wait_gone(workers, 10) == set()


@needs_libreoffice
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_killing_render_pdf_ends_its_libreoffice(tmp_path: Path) -> None:
    roster = ROOT / "sample_data" / "roster.xlsx"
    returns = ROOT / "sample_data" / "returns"
    parent = subprocess.Popen(
        [*PERFCLI, "render", "reminder", str(returns), "--roster", str(roster), "--out", str(tmp_path / "o")]
        + ["--pdf"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    office: set[int] = set()
    deadline = time.monotonic() + 120
    while not office and parent.poll() is None and time.monotonic() < deadline:
        office = {pid for pid in _descendants(parent.pid) if "soffice" in _cmdline(pid)}
        time.sleep(0.05)
    if not office:
        pytest.skip("render finished before LibreOffice was seen")
    everything = _descendants(parent.pid)
    os.killpg(parent.pid, signal.SIGKILL)
    parent.wait()
    assert _wait_gone(everything, 10) == set()
