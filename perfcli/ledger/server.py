"""The server ledger: the same ledger in a PostgreSQL database ([ledger] url = "postgresql://用户@主机/库"),
for bureaus where two or more PCs write one workspace (a shared drive's file locks cannot be trusted with
SQLite there). Same tables and migrations (perfcli.ledger.schema, run through perfcli.ledger.postgres),
the schema version in the table ledger_meta instead of PRAGMA user_version.

Every write transaction first takes a transaction-level advisory lock of the ledger, so that writers queue
as they do on SQLite's BEGIN IMMEDIATE: the 文号 sequence per (代字, year) in doc_sequences is read and
advanced by one writer at a time and never gives a number twice (UNIQUE (prefix, year, number) stands
behind it). Outputs are locked on the server too (`output_lock`), keyed on their path in the workspace.

What the SQLite ledger does on the file does not apply here and is said so: backups and integrity are the
database server's (its administrator's pg_dump and checks), and the drive probe concerns only outputs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from perfcli.errors import PerfcliError, RunFailed, UsageError
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.postgres import ServerConnection, host_of, masked
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.ledger.server_identity import lost, new_identity, other, remember, remembered, stored_identity
from perfcli.ledger.store import Ledger, ledger_url
from perfcli.model.config import Config

LOCK_SPACE = 0x70657266  # 'perf': the first key of perfcli's advisory locks
WRITE_LOCK = 1  # the second key of the ledger's write lock; an output's is a digest of its path
CONNECT_TIMEOUT_S = 10
META = "CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
BACKUPS_NOTE = (
    "服务器台账的备份与恢复由数据库服务器负责（如管理员定期 pg_dump），perfcli 不在工作区另做备份。"
)


def is_server_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgres://"))


def _scrub(text: str, url: str) -> str:
    """A message with the URL's password (if any) taken out."""
    secret = urlsplit(url).password
    return text.replace(secret, "***") if secret else text


def connection_failure(url: str, exc: Exception) -> PerfcliError:
    """What a failed connection says: a refused login or unknown database (exit 2: the [ledger] url or the
    password is wrong), or a server that cannot be reached (exit 3: try again when it is up)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    reason = _scrub(first.rsplit("failed: ", 1)[-1].strip(), url)  # libpq: "… port 5432 failed: 原因"
    where, host = masked(url), host_of(url)
    text = str(exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return UsageError(
            f"服务器台账 {where} 拒绝登录（主机 {host}）：用户名或密码不对。",
            details=[
                "请核对 perfcli.toml 中 [ledger] url 的用户名；密码可写在 url 中，也可放在环境变量 PGPASSWORD 或"
                " pgpass 文件中（不必写进共享的配置文件）。"
            ],
        )
    if "does not exist" in text:
        return UsageError(
            f"服务器台账 {where}（主机 {host}）上没有这个用户或数据库：{reason}",
            details=["请数据库管理员建立 url 中的用户和数据库（空库即可，perfcli 首次使用时建表）。"],
        )
    return RunFailed(
        f"无法连接服务器台账所在的主机 {host}（{where}）：{reason}",
        details=["请确认服务器已开机、PostgreSQL 正在运行、本机网络可以访问它，然后重新运行。"],
    )


def connect(url: str) -> ServerConnection:
    """A connection to the server ledger's database, or a Chinese message naming the host."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - a regular dependency
        raise RunFailed("未安装 psycopg，无法使用服务器台账：请运行 pip install 'psycopg[binary]'。") from exc
    try:
        raw = psycopg.connect(
            url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="perfcli"
        )
    except (psycopg.Error, ValueError) as exc:
        raise connection_failure(url, exc) from None  # the cause may quote the URL with its password
    return ServerConnection(raw, f"{masked(url)}（主机 {host_of(url)}）")


class ServerLedger(Ledger):
    """An open server ledger: the Ledger interface (`db`, `root`, `transaction()`) on PostgreSQL."""

    def __init__(
        self, url: str, connection: ServerConnection, root: WorkspaceRoot, *, readonly: bool
    ) -> None:
        super().__init__(root.path, connection, root, readonly=readonly)
        self.url = url
        self.where = masked(url)
        self.journal = "server"

    @classmethod
    def connect(cls, url: str, root: Path, *, readonly: bool = False) -> ServerLedger:
        """Open the server ledger of the workspace at `root`, making its tables on first use and migrating
        them when an earlier perfcli made them. A database holding tables but no perfcli ledger is refused."""
        ledger = cls(url, connect(url), WorkspaceRoot.of(root), readonly=readonly)
        try:
            ledger._check_foreign()
            note = remembered(ledger.root.path)
            if note is not None and ledger.version == 0:
                raise lost(ledger.where, note)  # dropped or pointed elsewhere: never made again empty
            if not readonly:
                ledger._migrate()
            elif ledger.version != SCHEMA_VERSION:
                raise UsageError(
                    f"服务器台账 {ledger.where} 的结构版本与本 perfcli 不符：请先以可写方式运行一次。"
                )
            ledger._check_identity(note)
        except BaseException:
            ledger.db.close()
            raise
        return ledger

    def close(self) -> None:
        self.db.close()  # no backup of ours: the server's (BACKUPS_NOTE)

    def _check_identity(self, note: dict[str, str] | None) -> None:
        """The server ledger is the one this workspace remembers; the first time, remember it."""
        identity = stored_identity(self.db) if self.version else None
        if identity is None:
            if self.readonly or not self.version:
                return
            with self.transaction() as db:  # made by a perfcli before ledgers had an identity
                identity = stored_identity(db) or new_identity(db)
        if note is None:
            remember(self.root.path, identity, self.where)
        elif note["ledger_id"] != identity:
            raise other(self.where, note)

    def _tables(self) -> set[str]:
        rows = self.db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        return {str(r[0]) for r in rows}

    def _check_foreign(self) -> None:
        tables = self._tables()
        if tables and "ledger_meta" not in tables:
            raise UsageError(
                f"服务器台账 {self.where} 的数据库中已有其他表，不是 perfcli 台账：为免混入别的数据，perfcli 不在此写入。",
                details=["请为 perfcli 单独建一个空数据库，把 [ledger] url 指向它。"],
            )

    @property
    def version(self) -> int:
        if "ledger_meta" not in self._tables():
            return 0
        row = self.db.execute("SELECT value FROM ledger_meta WHERE name = 'schema_version'").fetchone()
        return int(row[0]) if row is not None else 0

    def _migrate(self) -> None:
        if self.version == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            db.execute(META)
            current = self.version  # read again under the write lock: another clerk may have migrated
            if current > SCHEMA_VERSION:
                raise UsageError(
                    f"服务器台账 {self.where} 由更新版本的 perfcli 建立（结构版本 {current}），"
                    f"本版本只认识到 {SCHEMA_VERSION}：请升级 perfcli。"
                )
            apply_migrations(db, current, SCHEMA_VERSION, self.root)
            if current == 0:
                new_identity(db)
            db.execute(
                "INSERT INTO ledger_meta (name, value) VALUES ('schema_version', ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction, writers queued by the ledger's advisory lock (as BEGIN IMMEDIATE does)."""
        if self.readonly:
            raise UsageError(f"服务器台账 {self.where} 以只读方式打开，不能写入。")
        import psycopg

        try:
            self.db.execute("BEGIN")
            self.db.execute(f"SELECT pg_advisory_xact_lock({LOCK_SPACE}, {WRITE_LOCK})")
        except psycopg.Error as exc:
            self.roll_back()
            raise self.failure(exc) from exc
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            self.roll_back()
            if isinstance(exc, psycopg.Error):
                raise self.failure(exc) from exc
            raise
        self.wrote = True

    def roll_back(self) -> None:
        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
        except Exception:  # the connection is gone: the server rolled the transaction back itself
            pass

    def failure(self, exc: Exception) -> PerfcliError:
        reason = _scrub(
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, self.url
        )
        closed = getattr(self.db, "connection", None)
        if closed is not None and closed.closed:
            return RunFailed(
                f"与服务器台账 {self.where}（主机 {host_of(self.url)}）的连接中断：{reason}",
                details=["本次写入未完成，台账保持写入前的状态；请在网络恢复后重新运行。"],
            )
        return RunFailed(f"服务器台账 {self.where} 拒绝了写入：{reason}", details=["台账未作任何改动。"])

    def server_version(self) -> str:
        return str(self.db.execute("SHOW server_version").fetchone()[0])

    @contextmanager
    def output_lock(self, files: list[str]) -> Iterator[None]:
        """Hold the server's advisory lock of each output (its path as the ledger keeps it) for the block,
        or refuse at once when a clerk on another PC writes one of them."""
        keys = sorted({_path_key(f) for f in files})
        taken: list[int] = []
        try:
            for key in keys:
                got = self.db.execute(
                    "SELECT pg_try_advisory_lock(?::integer, ?::integer)", (LOCK_SPACE, key)
                ).fetchone()[0]
                if not got:
                    shown = next(f for f in files if _path_key(f) == key)
                    raise UsageError(  # exit 2, as perfcli.io.files.locks.OutputBusy
                        f"另一台电脑上的 perfcli 正在写入 {shown}：请等它结束后再运行，或换一个输出位置。"
                    )
                taken.append(key)
            yield
        finally:
            for key in taken:
                self.db.execute("SELECT pg_advisory_unlock(?::integer, ?::integer)", (LOCK_SPACE, key))


def _path_key(file: str) -> int:
    """A 31-bit key for an output's path (the second key of its advisory lock; 1 is the ledger's)."""
    digest = int.from_bytes(hashlib.sha256(file.encode("utf-8")).digest()[:4], "big") & 0x7FFFFFFF
    return max(digest, 2)


def server_status(url: str, root: Path) -> tuple[str, int]:
    """The server's PostgreSQL version and the ledger's schema version (0: not made yet), read only."""
    ledger = ServerLedger(url, connect(url), WorkspaceRoot.of(root), readonly=True)
    try:
        ledger._check_foreign()
        return ledger.server_version(), ledger.version
    finally:
        ledger.close()


def refuse_on_server(config: Config, command: str) -> None:
    """What applies only to the SQLite file (recover, backups) refused plainly on a server ledger."""
    url = ledger_url(config)
    if url is not None:
        raise UsageError(
            f"工作区使用服务器台账 {masked(url)}：{command} 只用于台账文件（SQLite）。",
            details=[BACKUPS_NOTE + "服务器上的台账如有丢失或损坏，请数据库管理员从其备份恢复。"],
        )


def describe(ledger: Any) -> str:
    """How a ledger is named to the clerk: its file, or its masked URL."""
    return str(getattr(ledger, "where", None) or ledger.path)
