"""kill -9 at random moments during generate, validate, aggregate and render in a workspace: the ledger stays
consistent after every kill, and a rerun leaves no half-written or orphaned output."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from perfcli import api
from tests.ledger_workspace import CLI, SAMPLE_RETURNS, SAMPLE_ROSTER

TRIALS = 10

COMMANDS: dict[str, list[str]] = {
    "generate": ["generate", str(SAMPLE_ROSTER), "--period", "2026Q3", "--out", "监控表", "--jobs", "2"],
    "validate": [
        "validate",
        "回收",
        "--roster",
        str(SAMPLE_ROSTER),
        "--report",
        "问题清单.xlsx",
        "--annotate",
        "标注",
    ],
    "aggregate": ["aggregate", "city", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "汇总.xlsx"],
    "render": ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件"],
}
# render again into a new --out: letters written before, in another folder (issue 24, item 5)
COMMANDS["render-new-out"] = [*COMMANDS["render"][:-1], "函件2"]
# a rerun needs nothing more: each command completes an interrupted run by itself (validate and aggregate
# know their own 问题清单, annotated copies and 汇总 through the ledger)
RERUN_EXTRA: dict[str, list[str]] = {command: [] for command in COMMANDS}
OUTPUTS = {
    "generate": ["监控表"],
    "validate": [".", "标注"],
    "aggregate": ["."],
    "render": ["函件"],
    "render-new-out": ["函件2"],
}


def check_consistent(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        numbers = db.execute("SELECT prefix, year, number FROM letters").fetchall()
        assert len(numbers) == len(set(numbers))
        for prefix, year, last in db.execute("SELECT prefix, year, last FROM doc_sequences"):
            used = [n for p, y, n in numbers if (p, y) == (prefix, year)]
            assert not used or max(used) <= last  # a number once given is never given again
        written = db.execute(
            "SELECT count(*) FROM letters WHERE status = 'issued' AND sha256 IS NULL"
        ).fetchone()
        assert written[0] == 0
        forms = db.execute("SELECT count(*) FROM forms_issued WHERE status = 'written' AND sha256 IS NULL")
        assert forms.fetchone()[0] == 0
    finally:
        db.close()


def leftovers(workspace: Path, command: str) -> list[Path]:
    found: list[Path] = []
    for folder in OUTPUTS[command]:
        base = workspace / folder
        if base.is_dir():
            found += [p for p in base.rglob(".~*")]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_kill_at_random_moments_leaves_a_consistent_ledger_and_a_clean_rerun(
    tmp_path: Path, command: str
) -> None:
    workspace = tmp_path / "工作区"
    api.init(workspace)
    shutil.copytree(SAMPLE_RETURNS, workspace / "回收")
    args = [*CLI, *COMMANDS[command]]
    started = time.monotonic()
    subprocess.run(args, cwd=workspace, capture_output=True, timeout=600)  # how long a whole run takes
    duration = time.monotonic() - started
    for folder in ("监控表", "函件", "标注"):
        shutil.rmtree(workspace / folder, ignore_errors=True)
    if command == "render-new-out":  # the letters stay issued in 函件; the kills render them into 函件2
        subprocess.run([*CLI, *COMMANDS["render"]], cwd=workspace, capture_output=True, timeout=600)
        shutil.rmtree(workspace / "函件2", ignore_errors=True)
    for name in ("问题清单.xlsx", "汇总.xlsx"):
        (workspace / name).unlink(missing_ok=True)

    rng = random.Random(command)
    for _ in range(TRIALS):
        run = subprocess.Popen(
            [*args, *RERUN_EXTRA[command]],
            cwd=workspace,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, max(0.3, duration)))
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first
        run.wait(timeout=60)
        gone_by = time.monotonic() + 10  # the workers of the group die with it; wait until they are gone
        while time.monotonic() < gone_by:
            try:
                os.killpg(run.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        check_consistent(workspace / "perfcli.db")

    done = subprocess.run([*args, *RERUN_EXTRA[command]], cwd=workspace, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    check_consistent(workspace / "perfcli.db")
    assert leftovers(workspace, command) == []
    if command in ("generate", "render", "render-new-out"):
        verified = api.verify(config=workspace / "perfcli.toml")
        assert verified.problems == [] and verified.unwritten == []
        again = subprocess.run(args, cwd=workspace, capture_output=True, text=True)  # nothing left to do
        assert again.returncode in (0, 1), again.stderr
