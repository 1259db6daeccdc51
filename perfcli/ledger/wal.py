"""Guarding the ledger's write-ahead log (the -wal file beside it) against being deleted or replaced while
perfcli uses it: a sync tool, a clean-up script or a clerk can remove it from a shared folder.

SQLite keeps committed transactions in the -wal until a checkpoint copies them into the ledger, and the
-shm file indexes them for every connection. A -wal deleted while a connection is open is still written
by that connection (through its open handle), while the next one makes a new, empty -wal: two logs for one
index, which corrupts the ledger. So:
- every committed write transaction is checkpointed at once (`checkpoint`), so that a committed state never
  lives only in the -wal;
- a connection notes which -wal it opened (`wal_identity`) and refuses to write once the file is another
  or gone (`WalReplaced`); when that is found right after its own commit, the commit (in the log it still
  holds open) is checkpointed into the ledger file first;
- a ledger whose -wal does not hold the frames its -shm indexes (deleted, emptied, replaced) is neither
  opened nor written (`wal_lost`)."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

from perfcli.errors import RunFailed

# the wal-index header at the start of the -shm (https://www.sqlite.org/walformat.html), in the machine's
# byte order: isInit at 12, the page size at 14 (1 meaning 65536), mxFrame (the last valid frame) at 16
_HEADER_SIZE, _IS_INIT, _PAGE_SIZE, _MX_FRAME = 48, 12, 14, 16
_WAL_HEADER, _FRAME_HEADER = 32, 24
_READS = 5  # looks at an index that other connections keep changing


def wal_file(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def wal_identity(path: Path) -> tuple[int, int] | None:
    """Which file the ledger's -wal is now (device, inode); None when there is none."""
    try:
        found = os.stat(wal_file(path))
    except OSError:
        return None
    return found.st_dev, found.st_ino


# Ledgers this process has a connection to: their -shm is never opened here. Closing any descriptor of a
# file drops every POSIX lock the process holds on it, SQLite's own locks on the -shm included (which
# breaks concurrent readers with "locking protocol").
_CONNECTED: Counter[str] = Counter()


def connected(path: Path, change: int) -> None:
    """Count a connection of this process to the ledger at `path` opened (+1) or closed (-1)."""
    _CONNECTED[str(path)] += change


def wal_lost(path: Path) -> bool:
    """Whether the ledger's -shm indexes frames of the log that its -wal does not hold: the -wal was
    deleted, emptied or replaced while the index says it holds transactions (not yet in the ledger file,
    or read through by another connection). Asked only before this process connects to the ledger (see
    _CONNECTED): otherwise False.

    The index and the log are read apart, so another process's checkpoint can empty the log in between
    (it resets the index first): the index is read again after the log, and only an answer from an index
    that did not change meanwhile counts; and the last connection to close removes the log just before
    the index, so a lost log is seen twice, a moment apart. A ledger busy with writers all along is not
    lost."""
    if _CONNECTED[str(path)] > 0:
        return False
    seen = False
    for _attempt in range(_READS):
        before = _index_header(path)
        if before is None:
            return False
        try:
            size = os.stat(wal_file(path)).st_size
        except OSError:
            size = 0
        if _index_header(path) != before:
            time.sleep(0.02)  # another connection is writing or checkpointing: look again
            continue
        frames = int.from_bytes(before[_MX_FRAME : _MX_FRAME + 4], sys.byteorder)
        page = int.from_bytes(before[_PAGE_SIZE : _PAGE_SIZE + 2], sys.byteorder)
        page = 65536 if page == 1 else page
        if not (frames > 0 and size < _WAL_HEADER + frames * (_FRAME_HEADER + page)):
            return False
        if seen:
            return True
        seen = True  # the last connection to close removes the -wal just before the -shm: look once more
        time.sleep(0.1)
    return False


def _index_header(path: Path) -> bytes | None:
    """The -shm's wal-index header, or None when there is no initialised index."""
    try:
        with open(path.with_name(path.name + "-shm"), "rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError:
        return None
    return header if len(header) == _HEADER_SIZE and header[_IS_INIT] else None


def checkpoint(db: sqlite3.Connection, *, wait: bool = False) -> None:
    """Copy the log into the ledger file and empty it, without waiting (unless `wait`): when another
    connection is reading (or this one has a statement open), what cannot be copied now is copied by a
    later checkpoint."""
    try:
        waits = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
        db.execute(f"PRAGMA busy_timeout = {waits if wait else 0}")
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            db.execute(f"PRAGMA busy_timeout = {waits}")
    except sqlite3.OperationalError:
        pass


class WalLost(RunFailed):
    """The -wal does not hold what the -shm indexes: the ledger is neither opened nor written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"工作区台账 {path} 的日志文件 {wal_file(path).name} 不见了或被清空、替换，而 {path.name}-shm 表明其中"
            "有记录（可能被同步软件、清理程序或他人删除）：为免损坏台账，perfcli 不读写它。",
            details=[
                "如有其他 perfcli 命令正在运行，请等它结束后重新运行；否则请运行 perfcli ledger recover --from-backup"
                " 从自动备份恢复，并让同步或清理软件不处理 perfcli.db-wal、perfcli.db-shm 文件。"
            ],
        )


class WalReplaced(RunFailed):
    """The -wal this connection opened was deleted or replaced meanwhile: nothing more is written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"工作区台账 {path} 的日志文件 {wal_file(path).name} 在本次运行期间被删除或替换（可能是同步软件、清理"
            "程序或他人所为）：为免损坏台账，本次运行不再写入。",
            details=[
                "此前各步已写入台账。请确认没有同步或清理软件处理 perfcli.db-wal、perfcli.db-shm 文件后，"
                "重新运行同一命令（它会补齐未完成的部分），并运行 perfcli ledger verify 核对。"
            ],
        )
