"""A ledger a bureau can trust (issue 24): a lost ledger is never silently replaced, backups and recovery,
atomic state changes under concurrent reissues, ordinary faults (disk full, read-only) with ordinary
messages, and the filesystem probe behind `perfcli doctor`. Each test builds the fault and checks the
outcome."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.ledger.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
CLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    directory = tmp_path / "工作区"
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    return directory


def cli(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=workspace, capture_output=True, text=True, timeout=600)


def render(workspace: Path, kind: str, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli(workspace, "render", kind, "回收", "--roster", str(SAMPLE_ROSTER), "--out", out, *extra)


def letters(workspace: Path) -> list[sqlite3.Row]:
    with Ledger.open(workspace / "perfcli.db", readonly=True) as ledger:
        return ledger.db.execute("SELECT * FROM letters ORDER BY id").fetchall()


# --- never silently lost ------------------------------------------------------------------------------------
def _lose(path: Path, how: str) -> None:
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 20)


@pytest.mark.parametrize("how", ["deleted", "emptied", "replaced"])
def test_a_lost_ledger_is_refused_naming_the_file_and_the_way_out(workspace: Path, how: str) -> None:
    done = render(workspace, "feedback", "函件")
    assert done.returncode in (0, 1), done.stderr
    _lose(workspace / "perfcli.db", how)
    found = (workspace / "perfcli.db").read_bytes() if how != "deleted" else None

    again = render(workspace, "feedback", "函件2")
    assert again.returncode == 2, again.stderr
    assert str(workspace / "perfcli.db") in again.stderr and "perfcli ledger recover" in again.stderr
    assert not (workspace / "函件2").exists()  # refused before any letter was written
    if how == "deleted":
        assert not (workspace / "perfcli.db").exists()  # not silently created
    else:
        assert (workspace / "perfcli.db").read_bytes() == found  # left as it was found
    verified = cli(workspace, "ledger", "verify")
    assert verified.returncode != 0 and "全部完好" not in verified.stdout


# --- atomic state changes -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_concurrent_reissues_leave_exactly_one_live_letter_per_recipient(workspace: Path) -> None:
    report = cli(workspace, "validate", "回收", "--roster", str(SAMPLE_ROSTER), "--json")
    (workspace / "校验.json").write_text(report.stdout, encoding="utf-8")
    for round_ in range(10):
        runs = [
            subprocess.Popen(
                [*CLI, "render", "feedback", "校验.json", "--roster", str(SAMPLE_ROSTER), "--reissue"]
                + ["--out", f"函件{round_}-{n}"],
                cwd=workspace,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        for run in runs:
            _, stderr = run.communicate(timeout=300)
            assert run.returncode in (0, 1), stderr
        rows = letters(workspace)
        live: dict[tuple[str, str, str], int] = {}
        for row in rows:
            if row["status"] != "superseded":
                key = (row["kind"], row["recipient"], row["period"])
                live[key] = live.get(key, 0) + 1
        assert live and set(live.values()) == {1}, f"round {round_}: {live}"
        numbers = [(r["prefix"], r["year"], r["number"]) for r in rows]
        assert len(numbers) == len(set(numbers))
        for row in rows:
            if row["status"] == "superseded":
                assert row["superseded_by"] is not None
    listed = json.loads(cli(workspace, "ledger", "letters", "--json").stdout)
    assert len([x for x in listed if x["status"] != "superseded"]) == len(live)
