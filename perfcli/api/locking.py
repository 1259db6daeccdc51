"""The locks a command holds on its outputs while it writes them: the lock files beside them
(perfcli.io.files.locks), and in a workspace with a server ledger also the server's advisory lock of each, so that
two clerks on two PCs never write the same output at once even where the shared drive's file locks are
not to be trusted."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from perfcli.io.files import locks
from perfcli.ledger.store import ledger_url, workspace_root
from perfcli.model.config import Config


@contextmanager
def output_locks(targets: Iterable[tuple[Path, str | None]], config: Config | None = None) -> Iterator[None]:
    """Hold every (target, tag)'s lock for the block (perfcli.io.files.locks.output_locks), and with a server
    ledger its advisory lock on the server too; refuse before anything is written when another run holds
    one."""
    listed = list(targets)
    url = ledger_url(config) if config is not None else None
    root = workspace_root(config) if config is not None else None
    with ExitStack() as stack:
        if url is not None and root is not None and listed:
            from perfcli.ledger.server import ServerLedger

            ledger = ServerLedger.connect(url, root)
            stack.callback(ledger.close)
            names = [ledger.root.store(locks.lock_file_for(Path(t), tag)) for t, tag in listed]
            stack.enter_context(ledger.output_lock(names))
        stack.enter_context(locks.output_locks(listed))
        yield
