"""A SQLite ledger copied into an empty server ledger (`perfcli ledger migrate --to postgresql://…`), and the
two compared: row counts and, per table, a digest of its rows in key order.

The copy is one server transaction: the tables are made by the same migrations, every row is copied with
its ids (SQLite's rowid too, where a table has no id of its own), the identity counters are set above them,
and the copy is read back and compared before COMMIT. A copy that does not compare equal is rolled back,
leaving the target as empty as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from perfcli.ledger.connection import Database
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.ledger.server import LOCK_SPACE, META, WRITE_LOCK, ServerLedger
from perfcli.ledger.server_identity import new_identity, remember
from perfcli.ledger.store import Ledger

BATCH = 500


@dataclass(frozen=True)
class TableCopy:
    """One table on both sides: its rows and their digest in the SQLite ledger and on the server."""

    name: str
    rows: int
    digest: str
    server_rows: int
    server_digest: str

    @property
    def same(self) -> bool:
        return self.rows == self.server_rows and self.digest == self.server_digest

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__, same=self.same)


def tables(ledger: Ledger) -> list[str]:
    """The SQLite ledger's tables, in the order they were made (the migrations' order)."""
    rows = ledger.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    return [str(r[0]) for r in rows]


@dataclass(frozen=True)
class Shape:
    """A table's columns as copied (SQLite's rowid first where the table has no INTEGER PRIMARY KEY) and the
    columns that order its rows (its primary key, else the rowid)."""

    columns: list[str]
    key: list[str]


def shape(ledger: Ledger, table: str) -> Shape:
    info = ledger.db.execute(f"PRAGMA table_info({table})").fetchall()
    columns = [str(r["name"]) for r in info]
    key = [str(r["name"]) for r in sorted((r for r in info if r["pk"]), key=lambda r: r["pk"])]
    alias = len(key) == 1 and any(r["pk"] and str(r["type"]).upper() == "INTEGER" for r in info)
    if not alias:
        columns = ["rowid", *columns]
    return Shape(columns, key or ["rowid"])


def _rows(db: Database, table: str, found: Shape) -> Iterator[tuple[Any, ...]]:
    listed = ", ".join(found.columns)
    order = ", ".join(found.key)
    for row in db.execute(f"SELECT {listed} FROM {table} ORDER BY {order}"):
        yield tuple(row)


def digest_rows(rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    """(count, sha256) of rows: each value tagged by type, so that 1, '1' and b'1' differ."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        count += 1
        for value in row:
            if value is None:
                digest.update(b"N\0")
            elif isinstance(value, bool | int):
                digest.update(b"I" + str(int(value)).encode() + b"\0")
            elif isinstance(value, float):
                digest.update(b"F" + repr(value).encode() + b"\0")
            elif isinstance(value, bytes | bytearray | memoryview):
                data = bytes(value)
                digest.update(b"B" + str(len(data)).encode() + b":" + data)
            else:
                text = str(value).encode("utf-8")
                digest.update(b"T" + str(len(text)).encode() + b":" + text)
        digest.update(b"\n")
    return count, digest.hexdigest()


def compare(source: Ledger, target: Database) -> list[TableCopy]:
    """Each table of the SQLite ledger beside the server's: counts and digests in key order."""
    found: list[TableCopy] = []
    for table in tables(source):
        layout = shape(source, table)
        count, digest = digest_rows(_rows(source.db, table, layout))
        server_count, server_digest = digest_rows(_rows(target, table, layout))
        found.append(TableCopy(table, count, digest, server_count, server_digest))
    return found


def server_tables(target: Database) -> list[str]:
    rows = target.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def _copy_table(source: Ledger, target: Database, table: str) -> None:
    layout = shape(source, table)
    marks = ", ".join("?" * len(layout.columns))
    insert = f"INSERT INTO {table} ({', '.join(layout.columns)}) VALUES ({marks})"
    batch: list[tuple[Any, ...]] = []
    for row in _rows(source.db, table, layout):
        batch.append(row)
        if len(batch) >= BATCH:
            target.executemany(insert, batch)
            batch = []
    if batch:
        target.executemany(insert, batch)


def _raise_counters(target: Database) -> None:
    """Each identity column's next value above the ids copied."""
    rows = target.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall()
    for table, column in rows:
        target.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
            f" COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )


def copy_ledger(source: Ledger, target: ServerLedger) -> list[TableCopy]:
    """Copy every table of `source` (at the current schema version) into the empty server database of
    `target`, and compare; committed only when every table compares equal. Returns the comparison."""
    db = target.db
    db.execute("BEGIN")
    try:
        db.execute(f"SELECT pg_advisory_xact_lock({LOCK_SPACE}, {WRITE_LOCK})")
        db.execute("SET CONSTRAINTS ALL DEFERRED")  # a superseded letter refers to a later one
        db.execute(META)
        apply_migrations(db, 0, SCHEMA_VERSION, target.root)
        for table in tables(source):
            _copy_table(source, db, table)
        _raise_counters(db)
        db.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys checked now, before the comparison
        result = compare(source, db)
        if all(t.same for t in result):
            db.execute(
                "INSERT INTO ledger_meta (name, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            identity = new_identity(db)
            db.execute("COMMIT")
            remember(target.root.path, identity, target.where)
        else:
            target.roll_back()
        return result
    except BaseException as exc:
        import psycopg

        target.roll_back()
        if isinstance(exc, psycopg.Error):  # a row the server's types or keys refuse: said, all undone
            raise target.failure(exc) from exc
        raise
