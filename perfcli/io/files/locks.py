"""Advisory locks on output targets, so that two perfcli runs never write the same output at once.

A lock is a small hidden file beside the output (`.~名称.perfcli-lock`), locked with fcntl (Unix) or
msvcrt (Windows) for as long as the run writes; the operating system releases it when the process ends,
however it ends, so a killed run never leaves a stale lock. Lock files on a shared drive work across
machines as far as the file server honours byte-range locks (SMB and NFSv4 do)."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from perfcli.errors import RunFailed, UsageError, os_reason

LOCK_SUFFIX = ".perfcli-lock"


class OutputBusy(UsageError):
    """Another perfcli is writing the same output right now (exit 2: run again when it is done)."""


def lock_file_for(target: Path, tag: str | None = None) -> Path:
    """The lock of an output file (beside it), or of a folder of outputs (inside it, one per `tag`)."""
    if tag is not None:
        return target / f".~{tag}{LOCK_SUFFIX}"
    return target.parent / f".~{target.name}{LOCK_SUFFIX}"


# what a lock call answers when another process holds the lock; anything else means no locks here
_BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK}


def _try_lock(fd: int, shown: Path) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in _BUSY:
            return False
        raise RunFailed(
            f"{shown} 所在的磁盘（网络共享盘）不支持文件锁（{os_reason(exc)}），无法防止两次运行同时写入。",
            details=["请把输出放在本机磁盘上；多人在多台电脑上共用一个工作区时，请改用服务器台账。"],
        ) from exc
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
    # on Unix closing the descriptor releases the flock


def _open(lock: Path, shown: Path) -> int:
    """The lock file, created when needed; a folder that cannot be written is said as for any output."""
    from perfcli.io.files.outputs import write_failure

    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise write_failure(shown, exc) from exc


@contextmanager
def _hold(lock: Path, shown: Path) -> Iterator[None]:
    while True:
        fd = _open(lock, shown)
        try:
            locked = _try_lock(fd, shown)
        except RunFailed:
            os.close(fd)
            lock.unlink(missing_ok=True)
            raise
        if not locked:
            os.close(fd)
            raise OutputBusy(f"另一个 perfcli 正在写入 {shown}：请等它结束后再运行，或换一个输出位置。")
        try:  # the holder before us may have removed the file between our open and our lock: start over
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        _unlock(fd)
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass  # Windows keeps an open file; the next holder reuses it
        _unlock(fd)
        os.close(fd)


@contextmanager
def output_locks(targets: Iterable[tuple[Path, str | None]]) -> Iterator[None]:
    """Hold the lock of every (target, tag) — files, or folders with a tag — for the block, or refuse
    with OutputBusy before anything is written when another run holds one."""
    with ExitStack() as stack:
        seen: set[Path] = set()
        for target, tag in sorted(targets, key=lambda t: (str(t[0]), t[1] or "")):
            lock = lock_file_for(Path(target), tag)
            if lock not in seen:
                seen.add(lock)
                stack.enter_context(_hold(lock, Path(target)))
        yield
