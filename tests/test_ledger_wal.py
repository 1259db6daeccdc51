"""The ledger's -wal and -shm files (issue 24 item 6): none is left beside the ledger after a command, and a
-wal deleted while one writer has the ledger open and a second writer starts leaves the ledger sound (SQLite's
integrity check, the 文号 invariants) or is refused with a clear message — never a silent corruption."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from perfcli import api
from perfcli.errors import RunFailed
from perfcli.ledger.checksums import SEALED, damaged_ids
from perfcli.ledger.letters import LetterKey, number_letters, record_issued
from perfcli.ledger.store import Ledger
from tests.ledger_workspace import CLI, SAMPLE_ROSTER, cli

pytestmark = pytest.mark.slow


def beside(workspace: Path) -> list[str]:
    return sorted(p.name for p in workspace.glob("perfcli.db-*"))


def test_no_wal_or_shm_is_left_after_init_or_any_command(tmp_path: Path) -> None:
    workspace = tmp_path / "工作区"
    made = subprocess.run([*CLI, "init", str(workspace)], capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    assert beside(workspace) == []
    for command in (["doctor"], ["ledger", "verify"], ["ledger", "letters"], ["status"]):
        cli(workspace, *command)
        assert beside(workspace) == [], command


def render(workspace: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli(workspace, "render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", out, *extra)


def assert_sound(workspace: Path) -> None:
    """SQLite's integrity check, and the 文号 invariants: each number once, the sequence at or above every
    number given, at most one live letter per (kind, recipient, period), every row as perfcli wrote it."""
    db = sqlite3.connect(workspace / "perfcli.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        numbers = db.execute("SELECT prefix, year, number FROM letters").fetchall()
        assert len(numbers) == len(set(numbers))
        for prefix, year, top in db.execute(
            "SELECT prefix, year, MAX(number) FROM letters GROUP BY prefix, year"
        ):
            last = db.execute("SELECT last FROM doc_sequences WHERE prefix = ? AND year = ?", (prefix, year))
            assert last.fetchone()[0] >= top
        live = db.execute(
            "SELECT kind, recipient, period, COUNT(*) FROM letters WHERE status != 'superseded'"
            " GROUP BY kind, recipient, period HAVING COUNT(*) > 1"
        ).fetchall()
        assert live == []
    finally:
        db.close()
    with Ledger.open(workspace / "perfcli.db") as ledger:
        assert {t: damaged_ids(ledger.db, t) for t in SEALED} == {t: set() for t in SEALED}


def _number_one(ledger: Ledger, workspace: Path) -> int:
    key = (LetterKey("feedback", "区图书馆", "2026Q3"), workspace / "函件A" / "区图书馆.docx")
    (number,) = number_letters(
        ledger, [key], prefix="新财绩", year=2026, start=1, formatter=lambda n: f"新财绩〔2026〕{n}号"
    )
    return number.id


def test_wal_deleted_after_a_commit_while_the_writer_stays_open(workspace: Path) -> None:
    """Writer A (perfcli) committed and keeps the ledger open; the -wal is deleted; writer B runs a whole
    render; then A goes on writing. B completes on a sound ledger, A refuses to write any more."""
    assert render(workspace, "函件").returncode == 0
    ledger = Ledger.open(workspace / "perfcli.db", workspace)
    try:
        letter = _number_one(ledger, workspace)
        (workspace / "perfcli.db-wal").unlink()
        second = render(workspace, "函件B", "--reissue")
        assert second.returncode == 0, second.stderr
        with pytest.raises(RunFailed, match="日志文件 perfcli.db-wal 在本次运行期间被删除或替换"):
            record_issued(ledger, [(letter, workspace / "函件A" / "区图书馆.docx", "0" * 64)], "2026-12-01")
    finally:
        ledger.close()
    assert_sound(workspace)
    assert render(workspace, "函件B").returncode == 0  # and the next command works


def test_wal_deleted_while_it_holds_committed_transactions(workspace: Path) -> None:
    """Writer A committed into the -wal without a checkpoint (a writer stopped between its commit and its
    checkpoint, or another SQLite program) and is still open; the -wal is deleted; writer B starts: B is
    refused with a clear message before it reads anything, and the ledger stays sound."""
    assert render(workspace, "函件").returncode == 0
    a = sqlite3.connect(workspace / "perfcli.db", isolation_level=None)
    try:
        a.execute("PRAGMA wal_autocheckpoint = 0")
        a.execute("UPDATE doc_sequences SET last = last + 5")
        (workspace / "perfcli.db-wal").unlink()
        second = render(workspace, "函件B", "--reissue")
        assert second.returncode == 3, second.stderr
        assert "日志文件 perfcli.db-wal 不见了或被清空、替换" in second.stderr
        assert not (workspace / "函件B").exists()
        listed = cli(workspace, "ledger", "letters")
        assert listed.returncode == 3 and "perfcli.db-wal" in listed.stderr
    finally:
        a.close()
    assert_sound(workspace)
    assert render(workspace, "函件B", "--reissue").returncode == 0


def test_wal_deleted_during_an_open_transaction(workspace: Path) -> None:
    """Writer A is inside its transaction when the -wal is deleted; writer B starts (and waits for the
    lock); A commits. A's commit reaches the ledger file (checkpointed from the log it still holds) and A
    says the -wal went and writes no more; B either completes on a sound ledger or is refused with the
    message; nothing is half-written."""
    assert render(workspace, "函件").returncode == 0
    before = _last(workspace)
    ledger = Ledger.open(workspace / "perfcli.db", workspace)
    try:
        with pytest.raises(RunFailed, match="在本次运行期间被删除或替换"), ledger.transaction() as db:
            db.execute("UPDATE doc_sequences SET last = last + 5")
            (workspace / "perfcli.db-wal").unlink()
            second = subprocess.Popen(
                [*CLI, "render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件B", "--reissue"],
                cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
        out, err = second.communicate(timeout=600)
    finally:
        ledger.close()
    assert second.returncode == 0 or "perfcli.db-wal" in err, err
    assert_sound(workspace)
    assert _last(workspace) >= before + 5  # A's commit is in the ledger file
    assert render(workspace, "函件B", "--reissue").returncode == 0


def _last(workspace: Path) -> int:
    db = sqlite3.connect(workspace / "perfcli.db")
    try:
        return int(db.execute("SELECT MAX(last) FROM doc_sequences").fetchone()[0])
    finally:
        db.close()


def test_init_leaves_one_backup_and_no_journal_files(tmp_path: Path) -> None:
    api.init(tmp_path / "ws")
    assert beside(tmp_path / "ws") == []
    assert len(list((tmp_path / "ws" / ".perfcli" / "backups").glob("perfcli-*.db"))) == 1
