"""Tamper-evident ledger rows (issue 24 item 2): letter, return and read-cache rows carry a checksum of
their content. Every write path leaves the rows it wrote sealed; a row edited outside perfcli counts as
missing where it is used and `ledger verify` reports it (exit 1); `verify --deep` catches a cache row
forged with a matching checksum by reading the file again."""

from __future__ import annotations

import json
import sqlite3
import warnings
import zlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.errors import Notice, OutputExistsError
from perfcli.ledger.checksums import SEALED, cache_checksum, damaged_ids
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.schema import apply_migrations
from perfcli.ledger.store import Ledger
from tests.ledger_workspace import SAMPLE_ROSTER


def edit(workspace: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    """A change made outside perfcli, as a database browser or a script makes it."""
    db = sqlite3.connect(workspace / "perfcli.db")
    try:
        db.execute(sql, params)
        db.commit()
    finally:
        db.close()


def rows(workspace: Path, sql: str) -> list[sqlite3.Row]:
    with Ledger.open(workspace / "perfcli.db") as ledger:
        return ledger.db.execute(sql).fetchall()


def verify(workspace: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["ledger", "verify", *extra, "--config", str(workspace / "perfcli.toml")]
    )
    return result.exit_code, result.output.replace("\n", "")


def render(workspace: Path, **options: Any) -> api.RenderResult:
    return api.render(
        "feedback", workspace / "回收", out=workspace / "函件", roster=SAMPLE_ROSTER,
        config=workspace / "perfcli.toml", **options,
    )  # fmt: skip


def validate(workspace: Path) -> api.ValidationReport:
    return api.validate(workspace / "回收", roster=SAMPLE_ROSTER, config=workspace / "perfcli.toml")


def damaged(workspace: Path) -> dict[str, set[int]]:
    with Ledger.open(workspace / "perfcli.db") as ledger:
        return {table: damaged_ids(ledger.db, table) for table in SEALED}


# --- every write path seals what it wrote -----------------------------------------------------------------
def test_every_write_path_leaves_its_rows_sealed(workspace: Path) -> None:
    config = workspace / "perfcli.toml"
    validate(workspace)  # returns inserted
    render(workspace)  # letters numbered (reserved) then issued
    render(workspace, reissue=True)  # new numbers, the old letters superseded
    letter = sorted((workspace / "函件").glob("*.docx"))[0]
    letter.unlink()
    render(workspace)  # a letter whose file is gone is written again (mark_rewriting, record_issued)
    edited = sorted((workspace / "函件").glob("*.docx"))[1]
    edited.write_bytes(edited.read_bytes() + b"\0")  # softened in Word before signing
    api.accept([edited], by="张三", config=config)
    validate(workspace)  # the same returns seen again (the upsert)
    edit(workspace, "DELETE FROM letters WHERE id = (SELECT MAX(id) FROM letters)")  # lost: recover adopts it
    assert api.recover(config=config).letters == 1
    assert damaged(workspace) == {table: set() for table in SEALED}
    assert all(
        r["checksum"]
        for r in rows(workspace, "SELECT checksum FROM letters UNION ALL SELECT checksum FROM returns")
    )
    assert verify(workspace)[0] == 0
    assert len(rows(workspace, "SELECT * FROM letters WHERE status = 'superseded'")) >= 7


def test_migration_10_seals_the_rows_already_there(tmp_path: Path) -> None:
    path = tmp_path / "perfcli.db"
    db = sqlite3.connect(path)
    apply_migrations(db, 0, 9, WorkspaceRoot.of(tmp_path))
    db.execute(
        "INSERT INTO letters (prefix, year, number, doc_number, kind, recipient, period, file, status, created)"
        " VALUES ('新财绩', 2026, 7, '新财绩〔2026〕7号', 'reminder', '区博物馆', '2026Q3', 'a.docx', 'issued', 'x')"
    )
    db.execute(
        "INSERT INTO returns (path, sha256, size, received_at, status, last_validated)"
        " VALUES ('回收/a.xlsx', 'ab', 1, 'x', 'ok', 'x')"
    )
    db.execute("PRAGMA user_version = 9")
    db.commit()
    db.close()
    with Ledger.open(path) as ledger:
        assert {t: damaged_ids(ledger.db, t) for t in SEALED} == {table: set() for table in SEALED}
        assert ledger.db.execute("SELECT checksum FROM letters").fetchone()[0] != ""
    edit(tmp_path, "UPDATE letters SET recipient = '区图书馆'")
    with Ledger.open(path) as ledger:
        assert damaged_ids(ledger.db, "letters") == {1}


# --- an edited letter row ---------------------------------------------------------------------------------
def test_an_edited_letter_row_is_reported_and_its_number_and_file_are_never_taken_over(
    workspace: Path,
) -> None:
    render(workspace)
    first = rows(workspace, "SELECT * FROM letters ORDER BY id")
    target = first[1]
    edit(workspace, "UPDATE letters SET issue_date = '2026-01-01' WHERE id = ?", (target["id"],))
    code, out = verify(workspace)
    assert code == 1
    assert f"台账 letters 表第 {target['id']} 行" in out and target["doc_number"] in out and "已被改动" in out
    listed = api.ledger_list("letters", config=workspace / "perfcli.toml")
    assert [r["id"] for r in listed if not r["intact"]] == [target["id"]] and "checksum" not in listed[0]
    file = workspace / target["file"]
    sent = file.read_bytes()

    with warnings.catch_warnings(record=True) as caught, pytest.raises(OutputExistsError):
        warnings.simplefilter("always")
        render(workspace)  # the edited row's letter is not overwritten without --force
    said = [str(w.message) for w in caught if isinstance(w.message, Notice)]
    assert any(target["doc_number"] in s and "视为不存在" in s for s in said)
    assert file.read_bytes() == sent
    taken = rows(workspace, f"SELECT * FROM letters WHERE recipient = '{target['recipient']}' ORDER BY id")[
        -1
    ]
    assert taken["number"] == max(r["number"] for r in first) + 1  # a new number, never the edited row's


def test_with_force_the_edited_rows_letter_is_kept_aside_and_a_new_number_given(workspace: Path) -> None:
    render(workspace)
    target = rows(workspace, "SELECT * FROM letters ORDER BY id")[1]
    top = max(r["number"] for r in rows(workspace, "SELECT number FROM letters"))
    edit(workspace, "UPDATE letters SET created = 'x' WHERE id = ?", (target["id"],))
    file = workspace / target["file"]
    sent = file.read_bytes()
    for _ in range(2):  # refused, and refused again on a rerun (the number reserved is not taken for ours)
        with pytest.raises(OutputExistsError):
            render(workspace)
    render(workspace, force=True)
    assert (workspace / "函件" / "旧文件" / file.name).read_bytes() == sent
    new = rows(workspace, f"SELECT * FROM letters WHERE recipient = '{target['recipient']}' ORDER BY id")[-1]
    assert (
        new["number"] == top + 1 and new["status"] == "issued" and new["doc_number"] != target["doc_number"]
    )
    assert verify(workspace)[0] == 1  # the edited row stays reported


def test_the_sequence_resumes_above_every_number_seen_edited_rows_included(workspace: Path) -> None:
    render(workspace)
    edit(workspace, "UPDATE letters SET number = 40 WHERE id = 3")  # an edited row shows a higher number
    edit(workspace, "UPDATE doc_sequences SET last = 1")  # and the sequence is set back
    code, out = verify(workspace)
    assert code == 1 and "doc_sequences" in out and "letters 表第 3 行" in out
    before = len(rows(workspace, "SELECT id FROM letters"))
    render(workspace, reissue=True, force=True)  # force: the edited row's file is not taken for ours
    numbers = [
        r["number"] for r in rows(workspace, f"SELECT number FROM letters WHERE id > {before} ORDER BY id")
    ]
    assert numbers == list(range(41, 41 + before))  # above 40, which only the edited row shows
    every = [r["number"] for r in rows(workspace, "SELECT number FROM letters")]
    assert len(every) == len(set(every))


# --- an edited return row ---------------------------------------------------------------------------------
def test_an_edited_return_row_is_reported_then_recorded_anew_from_the_file(workspace: Path) -> None:
    validate(workspace)
    target = rows(workspace, "SELECT * FROM returns ORDER BY id")[2]
    edit(
        workspace,
        "UPDATE returns SET received = '2026-01-01', status = 'superseded' WHERE id = ?",
        (target["id"],),
    )
    code, out = verify(workspace)
    assert code == 1 and f"台账 returns 表第 {target['id']} 行" in out and Path(target["path"]).name in out
    listed = api.ledger_list("returns", config=workspace / "perfcli.toml")
    assert [r["id"] for r in listed if not r["intact"]] == [target["id"]]
    from perfcli.ledger.returns import current_paths

    with Ledger.open(workspace / "perfcli.db") as ledger:
        assert workspace / target["path"] not in current_paths(
            ledger, "2026Q3"
        )  # not on the edited row's word
    report = validate(workspace)
    assert any(target["path"] in n and "已按本次读取重新记录" in n for n in report.notes)
    again = rows(workspace, f"SELECT * FROM returns WHERE path = '{target['path']}'")
    assert (
        len(again) == 1 and again[0]["status"] != "superseded" and again[0]["received"] == target["received"]
    )
    assert verify(workspace)[0] == 0


# --- read-cache rows, and --deep ----------------------------------------------------------------------------
def _forged(blob: bytes) -> bytes:
    """The cached records with one text value changed: still valid data of the right types."""
    size = int.from_bytes(blob[:4], "big")
    data = json.loads(zlib.decompress(blob[4 : 4 + size]))

    def change(node: Any) -> bool:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            if isinstance(value, str) and value and key not in ("$d", "kind", "table"):
                node[key] = value + "（改）"
                return True
            if change(value):
                return True
        return False

    assert change(data[0])
    records = zlib.compress(json.dumps(data, ensure_ascii=False).encode())
    return len(records).to_bytes(4, "big") + records + blob[4 + size :]


def test_an_edited_cache_row_is_reported_and_a_forged_one_is_caught_by_deep(workspace: Path) -> None:
    validate(workspace)
    code, out = verify(workspace, "--deep")
    assert code == 0 and "全部完好" in out
    compared = int(out.split("重新读取比对 ")[1].split(" 条")[0])
    assert compared == len(rows(workspace, "SELECT rowid FROM read_cache")) > 0

    row = rows(workspace, "SELECT rowid, * FROM read_cache ORDER BY rowid")[0]
    edit(
        workspace, "UPDATE read_cache SET result = ? WHERE rowid = ?", (_forged(row["result"]), row["rowid"])
    )
    code, out = verify(workspace)
    assert code == 1 and f"台账 read_cache 表第 {row['rowid']} 行" in out

    blob = _forged(row["result"])  # forged as someone with perfcli's code would: the checksum matches
    checksum = cache_checksum(row["sha256"], row["cache_key"], blob)
    edit(
        workspace,
        "UPDATE read_cache SET result = ?, checksum = ? WHERE rowid = ?",
        (blob, checksum, row["rowid"]),
    )
    assert verify(workspace)[0] == 0  # the checksum cannot tell
    code, out = verify(workspace, "--deep")
    assert code == 1 and f"台账 read_cache 表第 {row['rowid']} 行" in out and "表内数据" in out
    api.validate(workspace / "回收", roster=SAMPLE_ROSTER, config=workspace / "perfcli.toml", use_cache=False)
    assert verify(workspace, "--deep")[0] == 0  # --no-cache wrote the true reading back
