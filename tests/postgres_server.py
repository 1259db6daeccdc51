"""A real PostgreSQL server on 127.0.0.1 for the tests: Debian's postgresql package (.ci/run installs it),
a cluster made by initdb in a temporary folder, started by pg_ctl on a free port with password login, and
stopped and removed after. initdb refuses to run as root: as root the cluster belongs to the `postgres`
user and its commands run as that user (runuser). Skipped where PostgreSQL is not installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "perfcli", "test-password"
OWNER = "postgres"  # the system user the cluster runs as when the tests run as root


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    return versions[-1].parent if versions else None


def available() -> bool:
    where = bin_dir()
    if where is None or not (where / "pg_ctl").exists():
        return False
    if _root():
        try:
            import pwd

            pwd.getpwnam(OWNER)
        except KeyError:
            return False
        return shutil.which("runuser") is not None
    return True


@dataclass
class PostgresServer:
    port: int
    root: Path

    def url(self, database: str = "postgres", *, password: str | None = PASSWORD) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL (with the password)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", OWNER, "--", *command] if _root() else command


@contextmanager
def postgres() -> Iterator[PostgresServer]:
    where = bin_dir()
    assert where is not None
    # as root the cluster's folder must be reachable by the postgres user: not under a TMPDIR in /root
    root = Path(tempfile.mkdtemp(prefix="perfcli-pg-", dir="/tmp" if _root() else None))
    data = root / "data"
    secret = root / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    if _root():
        shutil.chown(root, OWNER)
        shutil.chown(secret, OWNER)
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_owner(
            [str(where / "initdb"), "-D", str(data), "-U", USER, f"--pwfile={secret}", "-A", "scram-sha-256"]
            + ["--encoding=UTF8", "--locale=C.UTF-8"]
        ),
        **run,  # type: ignore[call-overload]
    )
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
    subprocess.run(
        _as_owner(
            [str(where / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"]
        ),
        **run,  # type: ignore[call-overload]
    )
    try:
        yield PostgresServer(port, root)
    finally:
        subprocess.run(
            _as_owner([str(where / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)
