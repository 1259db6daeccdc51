"""A server ledger is never made again empty: once a workspace has used one, a database without its tables
(dropped, restored empty, or [ledger] url pointed at a new database) is refused, and so is another
workspace's ledger — on a real PostgreSQL started by the test session (tests/postgres_server.py)."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import psycopg
from test_ledger_postgres import SAMPLE_RETURNS, SAMPLE_ROSTER, server_rows, use_server
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app


def _cli(workspace: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--config", str(workspace / "perfcli.toml")])


def _render(workspace: Path):
    return _cli(workspace, "render", "feedback", str(workspace / "回收"), "--roster", str(SAMPLE_ROSTER),
                "--out", str(workspace / "函件"))  # fmt: skip


def _workspace(tmp_path: Path, name: str, url: str) -> Path:
    directory = tmp_path / name
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    use_server(directory, url)
    return directory


def _tables(url: str) -> list[str]:
    return [
        r[0] for r in server_rows(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ]


def test_dropped_tables_are_refused_not_made_again_empty(tmp_path: Path, pg_server) -> None:
    url = str(pg_server.create_database("t" + uuid.uuid4().hex[:12]))
    workspace = _workspace(tmp_path, "工作区", url)
    first = _render(workspace)
    assert first.exit_code in (0, 1), first.output
    note = json.loads((workspace / ".perfcli" / "server-ledger.json").read_text("utf-8"))
    [(identity,)] = server_rows(url, "SELECT value FROM ledger_meta WHERE name = 'ledger_id'")
    assert note["ledger_id"] == identity
    numbers = server_rows(url, "SELECT doc_number FROM letters")
    assert numbers
    with psycopg.connect(url) as db:  # an administrator's mistake
        for table in _tables(url):
            db.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    assert _tables(url) == []
    for args in (["ledger", "letters"], None):
        run = _cli(workspace, *args) if args else _render(workspace)
        assert run.exit_code == 2, run.output
        assert "没有 perfcli 台账" in run.output and "不会自动新建空台账" in run.output
    assert _tables(url) == []  # nothing made again: the numbers already sent are not given out twice


def test_another_workspaces_ledger_is_refused(tmp_path: Path, pg_server) -> None:
    ours = str(pg_server.create_database("t" + uuid.uuid4().hex[:12]))
    theirs = str(pg_server.create_database("t" + uuid.uuid4().hex[:12]))
    workspace = _workspace(tmp_path, "工作区", ours)
    neighbour = _workspace(tmp_path, "邻区工作区", theirs)
    assert _cli(workspace, "ledger", "letters").exit_code == 0
    assert _cli(neighbour, "ledger", "letters").exit_code == 0
    use_server_again = (workspace / "perfcli.toml").read_text("utf-8").replace(ours, theirs)
    (workspace / "perfcli.toml").write_text(use_server_again, "utf-8")
    run = _render(workspace)
    assert run.exit_code == 2, run.output
    assert "不是本工作区一直使用的那个台账" in run.output
    assert server_rows(theirs, "SELECT COUNT(*) FROM letters") == [(0,)]


def test_a_migrated_ledger_is_remembered(tmp_path: Path, pg_server) -> None:
    url = str(pg_server.create_database("t" + uuid.uuid4().hex[:12]))
    workspace = tmp_path / "工作区"
    api.init(workspace)
    done = _cli(workspace, "ledger", "migrate", "--to", url)
    assert done.exit_code == 0, done.output
    text = (workspace / ".perfcli" / "server-ledger.json").read_text("utf-8")
    assert server_rows(url, "SELECT value FROM ledger_meta WHERE name = 'ledger_id'") == [
        (json.loads(text)["ledger_id"],)
    ]
    assert "test-password" not in text  # the note keeps the URL without its password
