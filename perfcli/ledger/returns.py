"""Returns received and their findings, and the cache of what reading a file gave.

A return is known by its path and content (sha256): a corrected copy saved over the old file is a new
return, and the old one stays in the ledger as it was. Findings get stable IDs from the period, the form
they are about (unit and project), the rule and the cell or field, so the same problem keeps its ID
across corrected copies and re-validations (what 整改 tracking follows). A return's path is kept relative to
the workspace (perfcli.ledger.paths); the listings give where the file is now."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from perfcli.ledger.checksums import cache_checksum, damaged_ids, intact, seal
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.store import Ledger, now_text
from perfcli.model.findings import Finding
from perfcli.model.records import FileResult


class LedgerReadCache:
    """The findings.reading.ReadCache of a workspace: readings kept by content and `key` (version, config,
    period). Lookups read the ledger; new readings are held until `flush`, inside the command's
    transaction.

    Each row carries a checksum of its content (with its sha256 and key, so a row cannot stand in for
    another file's): a row whose checksum does not match, or whose blob the reader rejects, counts as
    missing, and `notes` says which rows were damaged."""

    def __init__(self, ledger: Ledger, key: str) -> None:
        self.ledger, self.key = ledger, key
        self.pending: dict[str, bytes] = {}
        self.rows: dict[str, int] = {}  # sha256 -> the row `get` gave it from
        self.damaged: set[int] = set()

    def get(self, sha256: str) -> bytes | None:
        row = self.ledger.db.execute(
            "SELECT rowid, result, checksum FROM read_cache WHERE sha256 = ? AND cache_key = ?",
            (sha256, self.key),
        ).fetchone()
        if row is None:
            return None
        blob = row["result"]
        if not isinstance(blob, bytes) or row["checksum"] != self.checksum(sha256, blob):
            self.damaged.add(int(row["rowid"]))
            return None
        self.rows[sha256] = int(row["rowid"])
        return blob

    def put(self, sha256: str, blob: bytes) -> None:
        self.pending[sha256] = blob

    def reject(self, sha256: str) -> None:
        if sha256 in self.rows:
            self.damaged.add(self.rows[sha256])

    def checksum(self, sha256: str, blob: bytes) -> str:
        return cache_checksum(sha256, self.key, blob)

    @property
    def notes(self) -> list[str]:
        """What the run should say once about the cache: the damaged rows, which were read again."""
        if not self.damaged:
            return []
        rows = "、".join(str(n) for n in sorted(self.damaged))
        return [f"台账缓存第 {rows} 行已损坏，已重新读取"]

    def flush(self, db: Database) -> None:
        db.executemany(
            "INSERT OR REPLACE INTO read_cache (sha256, cache_key, result, stored, checksum)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (sha, self.key, blob, now_text(), self.checksum(sha, blob))
                for sha, blob in self.pending.items()
            ],
        )
        self.pending.clear()


def form_identity(result: FileResult | None, finding: Finding) -> str:
    """Which form a finding is about: the unit (or department) and the roster project of its sheet."""
    if result is None:
        return finding.file or "-"
    return result.form_identity(finding.sheet)


def finding_id(period: str | None, identity: str, finding: Finding) -> str:
    """F + 12 hex digits of (period, form identity, code, field or cell): stable across re-validations."""
    text = "|".join([period or "", identity, finding.code, finding.place])
    return "F" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12].upper()


def _finding_rows(
    return_id: int | None, period: str | None, result: FileResult | None, findings: Iterable[Finding]
) -> list[tuple[Any, ...]]:
    rows, seen = [], set()
    for finding in findings:
        identity = form_identity(result, finding)
        base = finding_id(period, identity, finding)
        fid, n = base, 1
        while fid in seen:  # the same rule twice on one cell (two messages): keep both, distinctly
            n += 1
            fid = f"{base}-{n}"
        seen.add(fid)
        rows.append(
            (fid, return_id, period, identity, finding.code, finding.severity, finding.field, finding.sheet,
             finding.cell, finding.message)
        )  # fmt: skip
    return rows


_INSERT_FINDING = (
    "INSERT INTO findings (id, return_id, period, form_identity, code, severity, field, sheet, cell, message)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def record_returns(
    db: Database,
    root: WorkspaceRoot,
    period: str | None,
    files: list[FileResult],
    batch_findings: list[Finding],
) -> list[str]:
    """What a validation saw, inside the caller's transaction: each file (new or seen before, by path and
    sha256), its status now, and the findings it has now. A row found edited outside perfcli (its checksum
    does not match) counts as missing: it is recorded anew from this reading, as if first seen now. Returns
    what the run should say about such rows."""
    now = now_text()
    ids: dict[str, int] = {}
    notes = []
    for result in files:
        if result.sha256 is None:
            continue  # vanished before it could be read: nothing to know it by
        path = root.store(result.path)
        old = db.execute(
            "SELECT * FROM returns WHERE path = ? AND sha256 = ?", (path, result.sha256)
        ).fetchone()
        if old is not None and not intact("returns", old):
            notes.append(f"台账中回收表 {path} 的记录（第 {old['id']} 行）已被改动，已按本次读取重新记录")
            pointing = [
                r[0] for r in db.execute("SELECT id FROM returns WHERE superseded_by = ?", (old["id"],))
            ]
            kept = damaged_ids(db, "returns", pointing)
            db.execute("UPDATE returns SET superseded_by = NULL WHERE superseded_by = ?", (old["id"],))
            seal(db, "returns", pointing, damaged=kept)
            db.execute("DELETE FROM findings WHERE return_id = ?", (old["id"],))
            db.execute("DELETE FROM returns WHERE id = ?", (old["id"],))
        row = db.execute(
            "INSERT INTO returns (path, sha256, size, saved_at, received_at, received, unit, period, identity,"
            " status, reason, last_validated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (path, sha256) DO UPDATE SET status = excluded.status, reason = excluded.reason,"
            " unit = excluded.unit, period = excluded.period, identity = excluded.identity,"
            " received = excluded.received, last_validated = excluded.last_validated, superseded_by = NULL"
            " RETURNING id",
            (path, result.sha256, result.size or 0, result.saved_at, now, result.received,
             result.code, period, _identity(result, period), result.status, result.reason, now),
        ).fetchone()  # fmt: skip
        ids[result.path] = int(row[0])
        db.execute("DELETE FROM findings WHERE return_id = ?", (row[0],))
        db.executemany(_INSERT_FINDING, _finding_rows(row[0], period, result, result.findings))
    for result in files:
        if result.superseded_by and result.path in ids and result.superseded_by in ids:
            db.execute(
                "UPDATE returns SET superseded_by = ? WHERE id = ?",
                (ids[result.superseded_by], ids[result.path]),
            )
    seal(db, "returns", ids.values())
    db.execute("DELETE FROM findings WHERE return_id IS NULL AND period IS ?", (period,))
    db.executemany(_INSERT_FINDING, _finding_rows(None, period, None, batch_findings))
    return notes


def _identity(result: FileResult, period: str | None) -> str | None:
    """The workbook a return is a version of, as forms_issued names it: unit:301001:2026Q3."""
    if result.workbook_kind is None or result.code is None:
        return None
    return f"{result.workbook_kind}:{result.code}:{period or ''}"


def list_returns(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    """The returns, each with its path where the file is now (an absolute path), and whether its row is as
    perfcli wrote it (`intact`, instead of the checksum)."""
    sql = (
        "SELECT * FROM returns" + (" WHERE period = ?" if period else "") + " ORDER BY period, unit, path, id"
    )
    rows = ledger.db.execute(sql, (period,) if period else ()).fetchall()
    listed = _located(ledger, "path", rows)
    for row, found in zip(listed, rows, strict=True):
        row["intact"] = intact("returns", found)
        row.pop("checksum", None)
    return listed


def _located(ledger: Ledger, column: str, rows: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    listed = [dict(row) for row in rows]
    for row in listed:
        if row[column] is not None:
            row[column] = str(ledger.root.locate(row[column]))
    return listed


def periods(ledger: Ledger) -> list[str]:
    """The periods some return was recorded for."""
    return [
        row[0] for row in ledger.db.execute("SELECT DISTINCT period FROM returns WHERE period IS NOT NULL")
    ]


def current_paths(ledger: Ledger, period: str | None) -> list[Path]:
    """The files recorded for `period` (None: those validated without one, as 自评表 are), as its validations
    last saw them, except those superseded by another file (what a roll-up of the period takes again), where
    they are now. A row edited outside perfcli counts as missing (`damaged_returns` names them)."""
    rows = ledger.db.execute(
        "SELECT * FROM returns WHERE period IS ? ORDER BY last_validated, id", (period,)
    ).fetchall()
    latest = {row["path"]: row["status"] for row in rows if intact("returns", row)}
    kept = sorted(path for path, status in latest.items() if status != "superseded")
    return [ledger.root.locate(path) for path in kept]


def damaged_returns(ledger: Ledger, period: str | None = None) -> list[str]:
    """The paths (as kept) of returns rows edited outside perfcli, of one period or all."""
    damaged = damaged_ids(ledger.db, "returns")
    if not damaged:
        return []
    rows = ledger.db.execute("SELECT id, path, period FROM returns ORDER BY id").fetchall()
    return [row["path"] for row in rows if row["id"] in damaged and period in (None, row["period"])]


def list_findings(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    """The findings of each return as it stands (superseded returns' findings are kept but marked)."""
    sql = (
        "SELECT f.*, r.path AS file, r.status AS return_status FROM findings f"
        " LEFT JOIN returns r ON r.id = f.return_id"
        + (" WHERE f.period = ?" if period else "")
        + " ORDER BY f.period, f.form_identity, f.code, f.id"
    )
    return _located(ledger, "file", ledger.db.execute(sql, (period,) if period else ()))
