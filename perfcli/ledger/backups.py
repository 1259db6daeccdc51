"""Rolling backups of the ledger: after a command wrote it, an online copy (SQLite's backup API, consistent
while others read or write) into `.perfcli/backups/` beside it; the last KEEP are kept. One command that
opened the ledger twice leaves one backup, the later."""

from __future__ import annotations

import os
import sqlite3
import time
import warnings
from datetime import datetime
from pathlib import Path

from perfcli.errors import Notice, os_reason
from perfcli.ledger.store import read_connection, work_folder

KEEP = 20
_RUN = f"{os.getpid():x}{int(time.time()) % 0x10000:04x}"  # this process: its backups replace each other
_PARTIAL = ".partial"


def backup_folder(ledger: Path) -> Path:
    return work_folder(ledger) / "backups"


def list_backups(ledger: Path) -> list[Path]:
    """The backups of `ledger`, oldest first (their names start with the time they were made)."""
    folder = backup_folder(ledger)
    return sorted(folder.glob("perfcli-*.db")) if folder.is_dir() else []


def copy_database(source: Path, target: Path, connection: sqlite3.Connection | None = None) -> None:
    """An online copy of the SQLite file `source` (through `connection` when it is open already) into
    `target` (replaced), via the backup API."""
    src = connection if connection is not None else read_connection(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        if connection is None:
            src.close()


def back_up(ledger: Path, connection: sqlite3.Connection | None = None) -> Path:
    """Copy the ledger (through its open `connection`, if given: a read-only connection of its own would be
    the last to close and leave the -wal and -shm files behind) into its backups folder; drop this run's
    earlier copy and all but the last KEEP."""
    folder = backup_folder(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"perfcli-{datetime.now():%Y%m%d-%H%M%S}-{_RUN}.db"
    partial = folder / (name + _PARTIAL)
    try:
        copy_database(ledger, partial, connection)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    for old in folder.glob(f"perfcli-*-{_RUN}.db"):
        if old.name != name:
            old.unlink(missing_ok=True)
    for stale in folder.glob(f"*{_PARTIAL}"):  # a copy a killed run did not finish
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    kept = list_backups(ledger)
    for old in kept[: max(0, len(kept) - KEEP)]:
        old.unlink(missing_ok=True)
    return folder / name


def back_up_quietly(ledger: Path, connection: sqlite3.Connection | None = None) -> None:
    """back_up, a failure said once as a notice: the command's own work is done and recorded already."""
    try:
        back_up(ledger, connection)
    except OSError as exc:
        warnings.warn(
            Notice(f"台账已写入，但自动备份未能写入 {backup_folder(ledger)}：{os_reason(exc)}"), stacklevel=2
        )
    except sqlite3.Error as exc:
        warnings.warn(Notice(f"台账已写入，但自动备份未能写入 {backup_folder(ledger)}：{exc}"), stacklevel=2)
