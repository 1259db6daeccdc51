"""The workspace ledger (台账): one SQLite file beside perfcli.toml, in WAL mode, that remembers what was
issued and received. Every command writes its records inside `transaction()`, so a run killed at any
moment leaves the ledger as it was before or after that step, never in between. Files are recorded
relative to the workspace root (perfcli.ledger.paths), so the workspace may move."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from perfcli.errors import RunFailed, UsageError
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.model.config import Config

LEDGER_NAME = "perfcli.db"
BUSY_TIMEOUT_S = 60  # a concurrent command holds the write lock for milliseconds; wait, never fail


def ledger_path(config: Config) -> Path | None:
    """Where the workspace keeps its ledger: [ledger] path beside perfcli.toml; None outside a workspace."""
    if config.path is None:
        return None
    value = str(config.section("ledger").get("path") or LEDGER_NAME)
    path = Path(value)
    return path if path.is_absolute() else config.path.parent / path


def workspace_root(config: Config) -> Path | None:
    """The workspace's root folder, which the ledger's paths are relative to: the folder of perfcli.toml."""
    return config.path.parent if config.path is not None else None


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """An open ledger. Use `with Ledger.open(path) as ledger:` and write inside `ledger.transaction()`.
    `root` turns the paths it records into what it keeps and back (`root.store`, `root.locate`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, root: WorkspaceRoot) -> None:
        self.path = path
        self.db = connection
        self.root = root

    @classmethod
    def open(cls, path: Path, root: Path | None = None) -> Ledger:
        """Open (creating and migrating when needed) the ledger at `path` of the workspace at `root` (by
        default the ledger's own folder, where it is unless [ledger] path puts it elsewhere)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            ledger = cls(path, db, WorkspaceRoot.of(root if root is not None else path.parent))
            ledger._migrate()
        except sqlite3.DatabaseError as exc:
            raise RunFailed(f"无法打开工作区台账 {path}：{exc}") from exc
        return ledger

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        with self.transaction():
            current = self.version  # read again under the write lock: another process may have migrated
            if current > SCHEMA_VERSION:
                raise UsageError(
                    f"工作区台账 {self.path} 由更新版本的 perfcli 建立（结构版本 {current}），"
                    f"本版本只认识到 {SCHEMA_VERSION}：请升级 perfcli。"
                )
            apply_migrations(self.db, current, SCHEMA_VERSION, self.root)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: concurrent writers queue for the lock, never interleave)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RunFailed(f"工作区台账 {self.path} 正被其他程序长时间占用：{exc}") from exc
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")


def open_ledger(config: Config) -> Ledger | None:
    """The workspace's ledger, or None outside a workspace (no perfcli.toml found)."""
    path = ledger_path(config)
    return Ledger.open(path, workspace_root(config)) if path is not None else None
