"""Checksums of the ledger's rows: the one place a row's checksum is computed and checked.

Letters (文号), returns and read-cache rows each carry a checksum of their content, so that a row edited
outside perfcli (by hand in a database browser, or by a script) is noticed: it counts as missing where it
is used, and `perfcli ledger verify` reports it. The checksum is a plain SHA-256 with no secret key: it
catches edits made without perfcli's code, not someone who runs that code to forge a row (what limits a
forged cache row is its type check and size cap, and `ledger verify --deep` reading the file again).

Every write to a sealed table ends with `seal` on the rows it wrote, inside the same transaction. A row is
sealed only while it is intact (or new): an edited row is never blessed by a later write."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from perfcli.ledger.connection import Database

# The columns a row's checksum covers, in order (never the checksum itself). A migration that adds a column
# to one of these tables appends it here and seals every row again.
SEALED: dict[str, tuple[str, ...]] = {
    "letters": (
        "id", "prefix", "year", "number", "doc_number", "kind", "recipient", "period", "issue_date", "file",
        "sha256", "status", "superseded_by", "created", "edited_by", "edited_at", "generated_sha256",
    ),
    "returns": (
        "id", "path", "sha256", "size", "saved_at", "received_at", "received", "unit", "period", "identity",
        "status", "reason", "superseded_by", "last_validated",
    ),
    "target_versions": (
        "id", "year", "project_key", "version", "status", "file", "sha256", "received", "department_code",
        "unit_code", "adjustment", "declaration", "findings", "recorded",
    ),
    "target_decisions": ("id", "version_id", "step", "decision", "comment", "at"),
}  # fmt: skip

# the column of a sealed table that names the file its row is about (None: the row names no file)
FILE_COLUMNS: dict[str, str | None] = {
    "letters": "file",
    "returns": "path",
    "target_versions": "file",
    "target_decisions": None,
}

TABLE_NAMES = {
    "letters": "函件",
    "returns": "回收表",
    "read_cache": "读取缓存",
    "target_versions": "绩效目标版本",
    "target_decisions": "绩效目标审核记录",
}


def _text(value: object) -> str:
    return f"<{type(value).__name__}:{value!r}>"  # a value of a type perfcli never writes (a blob…)


def row_checksum(table: str, row: Mapping[str, Any] | sqlite3.Row) -> str:
    """The checksum of a letters or returns row: SHA-256 of its table and the values of SEALED[table]."""
    values = [table, *(row[column] for column in SEALED[table])]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=_text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_checksum(sha256: str, key: str, blob: bytes) -> str:
    """The checksum of a read-cache row: its file's sha256 and key with it, so that a row cannot stand in
    for another file's reading."""
    digest = hashlib.sha256(f"{sha256}|{key}|".encode())
    digest.update(blob)
    return digest.hexdigest()


def intact(table: str, row: Mapping[str, Any] | sqlite3.Row) -> bool:
    """Whether a row (selected with its checksum column) is as perfcli last wrote it."""
    try:
        return bool(row["checksum"] == row_checksum(table, row))
    except (KeyError, IndexError):
        return False


def _rows(db: Database, table: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    columns = SEALED[table]
    found = []
    for chunk in range(0, len(ids), 500):
        part = list(ids[chunk : chunk + 500])
        marks = ", ".join("?" for _ in part)
        sql = f"SELECT {', '.join(columns)}, checksum FROM {table} WHERE id IN ({marks})"
        found += [dict(zip((*columns, "checksum"), row, strict=True)) for row in db.execute(sql, part)]
    return found


def damaged_ids(db: Database, table: str, ids: Iterable[int] | None = None) -> set[int]:
    """The ids of `table`'s rows (of `ids`, or all) whose checksum does not match their content."""
    if ids is None:
        ids = [int(r[0]) for r in db.execute(f"SELECT id FROM {table}")]
    return {int(row["id"]) for row in _rows(db, table, list(ids)) if not intact(table, row)}


def seal(db: Database, table: str, ids: Iterable[int], *, damaged: Iterable[int] = ()) -> None:
    """Give the rows `ids` of `table` the checksum of their content now, inside the caller's transaction,
    except those in `damaged` (rows found edited before this write: they stay as found)."""
    skip = set(damaged)
    rows = _rows(db, table, sorted({int(i) for i in ids} - skip))
    db.executemany(
        f"UPDATE {table} SET checksum = ? WHERE id = ?",
        [(row_checksum(table, row), row["id"]) for row in rows],
    )


def seal_all(db: Database, table: str) -> None:
    """Seal every row of `table` (the migration that gave the table its checksums)."""
    seal(db, table, [int(r[0]) for r in db.execute(f"SELECT id FROM {table}")])
