"""What the ledger says when it cannot be used: missing, empty or not a ledger, read-only, on a drive
without locks, newer than this perfcli, or refused by SQLite (disk full, damaged)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from perfcli.errors import PerfcliError, RunFailed, UsageError
from perfcli.ledger.schema import SCHEMA_VERSION


def newer_ledger(path: Path, version: int) -> UsageError:
    return UsageError(
        f"工作区台账 {path} 由更新版本的 perfcli 建立（结构版本 {version}），"
        f"本版本只认识到 {SCHEMA_VERSION}：请升级 perfcli。"
    )


RECOVER_HINT = (
    "请运行 perfcli ledger recover：它从工作区中已出具的函件、生成的监控表和回收的表重建台账，文号从见过的最大"
    "编号之后继续；或 perfcli ledger recover --from-backup 从 .perfcli/backups 中的自动备份恢复。"
)
_STATES = {
    "missing": "不存在",
    "empty": "是空文件",
    "foreign": "不是 perfcli 台账（文件已损坏或被替换）",
}


class LedgerUnusable(UsageError):
    """The workspace's ledger is missing, empty or not a ledger: nothing is written (exit 2)."""

    def __init__(self, path: Path, state: str) -> None:
        super().__init__(
            f"工作区台账 {path} {_STATES[state]}。为免重复使用已发出的文号，perfcli 不会自动新建台账。",
            details=[RECOVER_HINT],
        )
        self.state = state


class LedgerWithoutLocks(RunFailed):
    """The ledger's drive does not honour byte-range locks: writing is refused (SQLite would corrupt the
    file under two writers, or hang); reading is still possible."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"工作区台账 {path} 所在的磁盘（网络共享盘）不支持文件锁，多人同时写入会损坏台账，perfcli 不在此写入。",
            details=[
                "请把工作区放在本机磁盘上；多人在多台电脑上共用一个工作区时，请改用服务器台账"
                "（perfcli.toml 的 [ledger] url，PostgreSQL）。perfcli doctor 列出此磁盘支持的功能。"
            ],
        )


class LedgerReadOnly(UsageError):
    """The ledger (or its folder) cannot be written: said before any work is done (exit 2)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"台账只读：无法写入工作区台账 {path}（文件或所在文件夹只读，或磁盘只读）。",
            details=[
                "请取消文件或文件夹的只读属性，或把工作区复制到可写入的位置后再运行；"
                "只查看台账的命令（perfcli ledger letters、perfcli status 等）在只读时也可使用。"
            ],
        )


def ledger_failure(path: Path, exc: sqlite3.Error) -> PerfcliError:
    """The message for a ledger operation SQLite refused: disk full, read-only, damaged, or as SQLite said."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return RunFailed(
            f"磁盘空间不足，无法写入 {path}", details=["台账未作任何改动；请腾出磁盘空间后重新运行。"]
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return LedgerReadOnly(path)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return RunFailed(f"工作区台账 {path} 已损坏：{exc}", details=[RECOVER_HINT])
    return RunFailed(f"无法读写工作区台账 {path}：{exc}")
