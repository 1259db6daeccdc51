"""What the filesystem under a workspace ledger can do, tried rather than assumed: byte-range locks, shared memory
(SQLite's WAL needs both), atomic rename over an existing file, free space. Network drives often lack one of
them, and SQLite then hangs, says "disk I/O error" or, worse, corrupts the ledger. Each primitive is a small
function, so that a test can take one away."""

from __future__ import annotations

import mmap
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROBE_PREFIX = "probe-"
STALE_SECONDS = 3600
LOW_FREE_BYTES = 200 * 1024 * 1024  # below this a quarter's returns, outputs and ledger may not fit


@dataclass(frozen=True)
class FilesystemProbe:
    """What the folder's filesystem offered when tried (None: could not be tried, e.g. a read-only folder)."""

    folder: Path
    writable: bool
    byte_locks: bool | None
    shared_memory: bool | None
    atomic_rename: bool | None
    free_bytes: int | None

    @property
    def wal_possible(self) -> bool:
        """SQLite's WAL mode needs shared memory beside the file and working locks."""
        return bool(self.byte_locks and self.shared_memory)


def _byte_locks_work(path: Path) -> bool:
    """Take and release a byte-range lock on a file there (the kind SQLite and the output locks use)."""
    fd = os.open(path, os.O_RDWR)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, 0)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _shared_memory_works(path: Path) -> bool:
    """Map a file there shared and write through the map (what SQLite does with the ledger's -shm)."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.ftruncate(fd, mmap.PAGESIZE)
        with mmap.mmap(fd, mmap.PAGESIZE) as mapped:
            mapped[0:4] = b"PERF"
            mapped.flush()
        return os.pread(fd, 4, 0) == b"PERF" if hasattr(os, "pread") else True
    except (OSError, ValueError):
        return False
    finally:
        os.close(fd)


def _rename_is_atomic(path: Path) -> bool:
    """os.replace over an existing file leaves the new content (some SMB servers refuse or keep the old)."""
    fresh = path.with_name(path.name + ".new")
    try:
        fresh.write_bytes(b"new")
        os.replace(fresh, path)
        return path.read_bytes() == b"new"
    except OSError:
        fresh.unlink(missing_ok=True)
        return False


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def probe_folder(folder: Path) -> FilesystemProbe:
    """Try each feature in `folder` (made when missing) with a small file of this process, removed after;
    one left by a killed process is removed by the next probe."""
    folder = Path(folder)
    for stale in folder.glob(f"{PROBE_PREFIX}*"):
        try:
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
        except OSError:
            pass  # another process's, gone meanwhile
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{PROBE_PREFIX}{os.getpid()}"
        path.write_bytes(b"old")
    except OSError:
        return FilesystemProbe(folder, False, None, None, None, _free_bytes(folder))
    try:
        locks = _byte_locks_work(path)
        shared = _shared_memory_works(path)
        rename = _rename_is_atomic(path)
    finally:
        path.unlink(missing_ok=True)
    return FilesystemProbe(folder, True, locks, shared, rename, _free_bytes(folder))
