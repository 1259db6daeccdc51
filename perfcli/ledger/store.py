"""The workspace ledger (台账): one SQLite file beside perfcli.toml, in WAL mode where the filesystem allows
it (a rollback journal, exclusively locked, where not), that remembers what was issued and received. Every
command writes its records inside `transaction()`, so a run killed at any moment leaves the ledger as it was
before or after that step, never in between. Files are recorded relative to the workspace root
(perfcli.ledger.paths), so the workspace may move."""

from __future__ import annotations

import os
import sqlite3
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from perfcli.errors import Notice, PerfcliError, RunFailed, UsageError
from perfcli.ledger.connection import Database
from perfcli.ledger.failures import (
    LedgerReadOnly,
    LedgerUnusable,
    LedgerWithoutLocks,
    ledger_failure,
    newer_ledger,
)
from perfcli.ledger.filesystem import LOW_FREE_BYTES, FilesystemProbe, probe_folder
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.ledger.wal import WalLost, WalReplaced, checkpoint, connected, wal_identity, wal_lost
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


def ledger_url(config: Config) -> str | None:
    """The server ledger's URL ([ledger] url, postgresql://…), or None: the ledger is the SQLite file."""
    if config.path is None:
        return None
    value = str(config.section("ledger").get("url") or "").strip()
    return value or None


def workspace_root(config: Config) -> Path | None:
    """The workspace's root folder, which the ledger's paths are relative to: the folder of perfcli.toml."""
    return config.path.parent if config.path is not None else None


def work_folder(path: Path) -> Path:
    """The ledger's own folder beside it (.perfcli): backups and the filesystem probe live there."""
    return path.parent / ".perfcli"


def _lenient_text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """An open ledger. Use `with Ledger.open(path) as ledger:` and write inside `ledger.transaction()`.
    `root` turns the paths it records into what it keeps and back (`root.store`, `root.locate`)."""

    def __init__(
        self, path: Path, connection: Database, root: WorkspaceRoot, *, readonly: bool = False
    ) -> None:
        self.path = path
        self.db: Database = connection
        if isinstance(connection, sqlite3.Connection):
            # text that is not UTF-8 (a row edited outside perfcli) reads with replacement characters, so
            # that its checksum fails (perfcli.ledger.checksums), instead of failing every query that meets it
            connection.text_factory = _lenient_text
        self.root = root
        self.readonly = readonly
        self.journal = "wal"
        self.wrote = False  # a transaction was committed: the ledger is backed up when it is closed
        self.wal: tuple[int, int] | None = None  # the -wal this connection opened (perfcli.ledger.wal)
        connected(path, +1)

    @classmethod
    def open(
        cls, path: Path, root: Path | None = None, *, create: bool = True, readonly: bool = False
    ) -> Ledger:
        """Open (creating when `create` and migrating when needed) the ledger at `path` of the workspace at
        `root` (by default the ledger's own folder, where it is unless [ledger] path puts it elsewhere).

        Without `create` a missing or empty file is refused: a lost ledger silently replaced by an empty one
        gives out again 文号 already sent (`perfcli ledger recover` rebuilds it). `readonly` opens it for
        reading only (mode=ro, no migration, no journal change), for listings on a read-only drive."""
        where = WorkspaceRoot.of(root if root is not None else path.parent)
        state = ledger_state(path)
        if state == "foreign" or (state in ("missing", "empty") and (readonly or not create)):
            raise LedgerUnusable(path, state)
        if readonly:
            return cls._open_readonly(path, where)
        if state == "ok" and not writable(path):
            raise LedgerReadOnly(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = probe_folder(work_folder(path))
        if not probe.writable:
            raise LedgerReadOnly(path)
        if probe.byte_locks is False:
            raise LedgerWithoutLocks(path)
        _say_drive_limits(path, probe)
        if wal_lost(path):
            raise WalLost(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.row_factory = sqlite3.Row
            ledger = cls(path, db, where)
            ledger.journal = ledger._set_journal(probe.wal_possible)
            db.execute("PRAGMA synchronous=NORMAL" if ledger.journal == "wal" else "PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            ledger._migrate()
            ledger.wal = wal_identity(path) if ledger.journal == "wal" else None
        except sqlite3.DatabaseError as exc:
            raise ledger_failure(path, exc) from exc
        return ledger

    @classmethod
    def _open_readonly(
        cls, path: Path, root: WorkspaceRoot | None = None, *, any_version: bool = False
    ) -> Ledger:
        """mode=ro; where not even the -shm beside it can be made (a read-only folder), immutable."""
        if wal_lost(path):
            raise WalLost(path)
        try:
            db = read_connection(path)
            db.row_factory = sqlite3.Row
            ledger = cls(path, db, root or WorkspaceRoot.of(path.parent), readonly=True)
            found = ledger.version
        except sqlite3.DatabaseError as exc:
            raise ledger_failure(path, exc) from exc
        if any_version:
            return ledger
        if found > SCHEMA_VERSION:
            ledger.close()
            raise newer_ledger(path, found)
        if found < SCHEMA_VERSION:
            ledger.close()
            raise UsageError(
                f"工作区台账 {path} 由较早版本的 perfcli 建立，需要升级结构，但现在只能读取（只读的文件或文件夹）。",
                details=["请在可写入的位置运行一次任一 perfcli 命令（如 perfcli ledger letters）完成升级。"],
            )
        return ledger

    def _set_journal(self, wal_possible: bool) -> str:
        """WAL where the filesystem offers shared memory and locks and SQLite agrees (its answer is checked);
        otherwise a rollback journal with the file locked exclusively for the connection, said once."""
        if wal_possible:
            mode = str(self.db.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
            if mode == "wal":
                return mode
        # exclusive first: a file still in WAL mode can then be opened without shared memory
        self.db.execute("PRAGMA locking_mode=EXCLUSIVE")
        mode = str(self.db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        warnings.warn(
            Notice(
                f"工作区台账 {self.path} 所在的磁盘不支持 SQLite 的 WAL 模式（共享内存），已改用回滚日志并在"
                "每次运行期间独占台账：同时运行的其他 perfcli 命令会等待它结束。"
            ),
            stacklevel=2,
        )
        return mode

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Back up the ledger when this run wrote it (through this connection), then close: the last
        connection to close checkpoints the WAL and removes the -wal and -shm files."""
        if self.wrote:
            self.wrote = False
            from perfcli.ledger.backups import back_up_quietly

            assert isinstance(
                self.db, sqlite3.Connection
            )  # a server ledger (ledger.server) has its own close
            back_up_quietly(self.path, self.db)
        self.db.close()
        connected(self.path, -1)

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        with self.transaction():
            current = self.version  # read again under the write lock: another process may have migrated
            if current > SCHEMA_VERSION:
                raise newer_ledger(self.path, current)
            apply_migrations(self.db, current, SCHEMA_VERSION, self.root)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE: concurrent writers queue for the lock, never interleave).
        A failure inside it (disk full, read-only) rolls all of it back and is said as such."""
        if self.readonly:
            raise LedgerReadOnly(self.path)
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY:
                raise RunFailed(f"工作区台账 {self.path} 正被其他程序长时间占用：{exc}") from exc
            raise ledger_failure(self.path, exc) from exc
        try:
            if self.wal is not None and wal_identity(self.path) != self.wal:
                raise WalReplaced(self.path)
            yield self.db
            self.db.execute("COMMIT")
            if self.journal == "wal":
                replaced = self.wal is not None and wal_identity(self.path) != self.wal
                assert isinstance(self.db, sqlite3.Connection)  # a server ledger has its own transaction
                checkpoint(self.db, wait=replaced)  # a committed state never lives only in the -wal
                if replaced:
                    self.wrote = True
                    raise WalReplaced(self.path)
        except BaseException as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise ledger_failure(self.path, exc) from exc
            raise
        self.wrote = True


def _say_drive_limits(path: Path, probe: FilesystemProbe) -> None:
    """What the drive lacks that does not stop the run, said once: non-atomic rename, little free space."""
    if probe.atomic_rename is False:
        warnings.warn(
            Notice(
                f"工作区 {path.parent} 所在的磁盘改名替换文件不可靠：中断时输出可能不完整，建议放在本机磁盘上。"
            ),
            stacklevel=3,
        )
    if probe.free_bytes is not None and probe.free_bytes < LOW_FREE_BYTES:
        warnings.warn(
            Notice(
                f"工作区 {path.parent} 所在的磁盘只剩 {probe.free_bytes // (1024 * 1024)} MB：请尽快腾出空间。"
            ),
            stacklevel=3,
        )


_HEADER = b"SQLite format 3\x00"


def ledger_state(path: Path) -> str:
    """missing, empty, foreign (not an SQLite file, or one without perfcli's tables) or ok."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_HEADER))
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "ok"  # unreadable: SQLite says why when it is opened
    if not head:
        return "empty"
    if head != _HEADER:
        return "foreign"
    try:
        db = read_connection(path)
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return "ok"  # damaged inside: opening it says so, `ledger verify` says how
    if version > SCHEMA_VERSION:
        return "ok"  # a newer perfcli's: opening it says so
    if version == 0 and not tables:
        return "empty"  # created by sqlite3 and never given a table
    if version == 0 or "letters" not in tables:
        return "foreign"
    return "ok"


def read_connection(path: Path) -> sqlite3.Connection:
    """A connection that only reads: read-write but query-only where the file may be written (so that,
    closing last, it tidies the WAL away), otherwise read-only (mode=ro). Where nobody may write the file
    and no -wal waits beside it, or where not even the -shm can be made (a read-only folder), immutable:
    then no file is made beside it."""
    uri = "file:" + quote(str(Path(path).resolve()))
    tries = ["?mode=ro", "?mode=ro&immutable=1"]
    if writable(path):
        # read-write but query-only: a read-only connection that happens to close last cannot checkpoint
        # the WAL, and leaves the -wal and -shm files beside the ledger (after init, doctor, verify)
        tries.insert(0, "?mode=rw")
    elif not path.with_name(path.name + "-wal").exists():
        tries.reverse()
    for flags in tries[:-1]:
        try:
            db = sqlite3.connect(uri + flags, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.execute("PRAGMA query_only = ON")
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.OperationalError:
            continue
    return sqlite3.connect(uri + tries[-1], uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def integrity_problems(path: Path) -> list[str]:
    """What SQLite's integrity check finds wrong in the ledger file (empty: nothing), read-only."""
    try:
        with Ledger._open_readonly(path, any_version=True) as ledger:
            rows = [str(r[0]) for r in ledger.db.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    except PerfcliError as exc:
        return [exc.message]
    return [] if rows == ["ok"] else rows


def writable(path: Path) -> bool:
    """Whether the ledger file and its folder may be written: permissions, and the read-only attribute
    (no write bit), which is honoured even for an administrator."""
    for item in (path, path.parent):
        try:
            mode = item.stat().st_mode
        except OSError:
            return False
        if not os.access(item, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def ever_used(path: Path) -> bool:
    """Whether the ledger at `path` existed once: its backups folder holds a copy (init makes the first)."""
    folder = work_folder(path) / "backups"
    return folder.is_dir() and any(folder.glob("perfcli-*.db"))


def open_ledger(config: Config, *, readonly: bool | None = False) -> Ledger | None:
    """The workspace's ledger, or None outside a workspace (no perfcli.toml found). A ledger that existed
    once and is now missing or empty is refused (LedgerUnusable: `perfcli ledger recover`), never silently
    replaced; one never made (a perfcli.toml written by hand) is made on first use. `readonly` None: for a
    command that only reads, opened read-only where it cannot be written or its drive has no locks."""
    path = ledger_path(config)
    if path is None:
        return None
    root = workspace_root(config)
    url = ledger_url(config)
    if url is not None:
        from perfcli.ledger.server import ServerLedger

        return ServerLedger.connect(url, path.parent if root is None else root, readonly=readonly is True)
    create = not ever_used(path)
    if readonly is None:
        if path.exists() and not writable(path):
            return Ledger.open(path, root, create=False, readonly=True)
        try:
            return Ledger.open(path, root, create=create)
        except LedgerWithoutLocks:
            return Ledger.open(path, root, create=False, readonly=True)  # reading needs no lock of ours
    return Ledger.open(path, root, create=create, readonly=readonly)
