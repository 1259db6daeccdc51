"""Where a run keeps its scratch files, and the worker processes it starts — both gone when the run is.

Every temporary folder (LibreOffice profiles, PDF staging, converted copies, xlsxwriter's part files)
lives under one folder per process, `perfcli-run-p<pid>-…` in the system temp folder. It is removed when
the process exits; a run that was killed leaves it behind, and the next run removes it (its process is
gone). Worker processes watch their parent and exit within a second or two when it dies.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from perfcli.io.files.outputs import STALE_SECONDS, pid_alive

RUN_PREFIX = "perfcli-run-"
_RUN_NAME = re.compile(r"^perfcli-run-p(\d+)-")
# the names older versions used directly in the system temp folder (no owner recorded: removed by age)
_LEGACY = re.compile(r"^perfcli-(annotate|lo|pdf|chart)-")
LEGACY_STALE_SECONDS = 3600
PARENT_POLL_SECONDS = 0.5

_run_dir: Path | None = None
_lock = threading.Lock()


def sweep_stale_runs(base: Path | None = None) -> list[Path]:
    """Remove the scratch folders of runs whose process is gone (and old ones of earlier versions)."""
    base = Path(base or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        owner = _RUN_NAME.match(entry.name)
        legacy = _LEGACY.match(entry.name)
        if not (owner or legacy) or entry.is_symlink():
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if owner:
            pid = int(owner.group(1))
            stale = (pid != os.getpid() and not pid_alive(pid)) or age > STALE_SECONDS
        else:
            stale = age > LEGACY_STALE_SECONDS
        if stale:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


def run_dir() -> Path:
    """This process's scratch folder (made on first use, after removing the stale ones of killed runs)."""
    global _run_dir
    with _lock:
        base = Path(tempfile.gettempdir())
        if _run_dir is None or _run_dir.parent != base or not _run_dir.is_dir():
            sweep_stale_runs()
            _run_dir = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}p{os.getpid()}-"))
            atexit.register(shutil.rmtree, _run_dir, True)
        return _run_dir


def scratch_dir(prefix: str) -> Path:
    """A new folder inside the run's scratch folder (the caller removes it; the run's exit does anyway)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=run_dir()))


# --- worker processes --------------------------------------------------------------------------------------
def _exit_with_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # the parent is gone: no one will read what we would write
        time.sleep(PARENT_POLL_SECONDS)


def watch_parent(parent: int, initializer: Callable[..., object] | None = None, *initargs: Any) -> None:
    """A worker's initializer: exit as soon as `parent` is gone, then run `initializer`.

    The parent's id comes from the parent: a worker that starts after its parent was killed already has
    another parent, and must not take that one for its own.
    """
    threading.Thread(target=_exit_with_parent, args=(parent,), name="perfcli-parent", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def process_pool(
    jobs: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """Fresh (spawned) worker processes that end with their parent.

    Spawned, as on Windows and macOS: forked ones would carry a copy of the roster and everything else the
    parent holds, counted again in every worker (DESIGN §7, memory).
    """
    import multiprocessing

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=watch_parent,
        initargs=(os.getpid(), initializer, *initargs),
    )
