"""The one storage interface the ledger's modules write against: what they use of a DB-API connection
(`execute`, `executemany`, `in_transaction`, `close`) and of its cursors and rows. A SQLite connection
(sqlite3, rows as sqlite3.Row) is one; perfcli.ledger.postgres.ServerConnection, which runs the same SQL on
PostgreSQL, is the other. The SQL is SQLite's dialect with `?` placeholders; the server connection
translates it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Database(Protocol):
    """A ledger connection: statements in SQLite's dialect; rows indexable by position and column name and
    convertible by dict(row)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Cursor: ...

    @property
    def in_transaction(self) -> bool: ...

    def close(self) -> None: ...
