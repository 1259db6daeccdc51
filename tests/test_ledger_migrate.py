"""perfcli ledger migrate --to postgresql://…: a SQLite workspace's ledger copied into an empty database on a
real PostgreSQL (started by the test session), every table's rows counted and compared by the test itself,
[ledger] url set only after success, the sequence continued on the server, a non-empty target refused,
and a copy changed on the server afterwards found by --check."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.model.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"


@pytest.fixture
def database(pg_server) -> str:
    return str(pg_server.create_database("m" + uuid.uuid4().hex[:12]))


@pytest.fixture
def used(tmp_path: Path) -> Path:
    """A SQLite workspace after a quarter's work: validated, letters rendered, one reissued."""
    directory = tmp_path / "工作区"
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    config = directory / "perfcli.toml"
    api.validate(directory / "回收", roster=SAMPLE_ROSTER, config=config)
    for kind, reissue in (("feedback", False), ("rectification", False), ("feedback", True)):
        api.render(
            kind,
            [directory / "回收"],
            out=directory / kind,
            roster=SAMPLE_ROSTER,
            config=config,
            reissue=reissue,
            force=reissue,
        )
    return directory


def run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(app, list(args))
    return done.exit_code, done.output


def test_a_sqlite_ledger_is_copied_whole_then_the_workspace_uses_the_server(
    used: Path, database: str
) -> None:
    config = used / "perfcli.toml"
    with sqlite3.connect(used / "perfcli.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        letters = db.execute(
            "SELECT id, doc_number, status, superseded_by FROM letters ORDER BY id"
        ).fetchall()
        cached = db.execute("SELECT sha256, result FROM read_cache ORDER BY sha256").fetchall()
    assert counts["letters"] > 20 and counts["read_cache"] == len(list((used / "回收").iterdir()))
    assert any(status == "superseded" for _, _, status, _ in letters)

    code, output = run("ledger", "migrate", "--to", database, "--config", str(config))
    assert code == 0, output
    assert "行数与校验和全部一致" in output and "test-password" not in output
    with psycopg.connect(database) as server:
        for table, count in counts.items():
            assert server.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        copied = server.execute("SELECT id, doc_number, status, superseded_by FROM letters ORDER BY id")
        assert [tuple(r) for r in copied.fetchall()] == letters
        blobs = server.execute("SELECT sha256, result FROM read_cache ORDER BY sha256").fetchall()
        assert [(s, bytes(b)) for s, b in blobs] == cached
    assert load_config(config).section("ledger")["url"] == database

    # the workspace now writes the server: the next letter continues the sequence, ids go on
    highest = max(int(n.split("〕")[1][:-1]) for _, n, _, _ in letters)
    result = api.render("reminder", [used / "回收"], out=used / "催报", roster=SAMPLE_ROSTER, config=config)
    assert [x.doc_number for x in result.letters][0].endswith(f"〕{highest + 1}号")
    with psycopg.connect(database) as server:
        assert server.execute("SELECT count(*) FROM letters").fetchone()[0] == counts["letters"] + len(
            result.letters
        )
    with sqlite3.connect(used / "perfcli.db") as db:  # the file is kept as it was, no longer written
        assert db.execute("SELECT count(*) FROM letters").fetchone()[0] == counts["letters"]

    code, output = run("ledger", "migrate", "--to", database, "--config", str(config))
    assert code == 2 and "已经使用服务器台账" in output


def test_a_target_that_is_not_empty_is_refused_and_the_workspace_keeps_its_file(
    used: Path, database: str
) -> None:
    with psycopg.connect(database, autocommit=True) as server:
        server.execute("CREATE TABLE their_data (x integer)")
    config = used / "perfcli.toml"
    code, output = run("ledger", "migrate", "--to", database, "--config", str(config))
    assert code == 2 and "不是空的" in output and "their_data" in output
    assert load_config(config).section("ledger")["url"] == ""
    with psycopg.connect(database) as server:
        tables = server.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert [t[0] for t in tables] == ["their_data"]


def test_a_copy_changed_on_the_server_is_found_by_check(used: Path, database: str) -> None:
    config = used / "perfcli.toml"
    code, output = run("ledger", "migrate", "--to", database, "--config", str(config))
    assert code == 0, output
    code, output = run("ledger", "migrate", "--to", database, "--check", "--config", str(config))
    assert code == 0 and "全部一致" in output
    with psycopg.connect(database, autocommit=True) as server:
        server.execute(
            "UPDATE letters SET recipient = recipient || '（改）' WHERE id = (SELECT min(id) FROM letters)"
        )
    code, output = run("ledger", "migrate", "--to", database, "--check", "--config", str(config))
    assert code == 1, output
    lines = {line.split("：")[0].strip(): line for line in output.splitlines() if "：" in line}
    assert "不一致" in lines["letters"] and "不一致" not in lines["returns"]
    with psycopg.connect(database, autocommit=True) as server:
        server.execute("DELETE FROM findings WHERE row = (SELECT max(row) FROM findings)")
    code, output = run("ledger", "migrate", "--to", database, "--check", "--json", "--config", str(config))
    import json

    differing = {t["name"]: t for t in json.loads(output)["tables"] if not t["same"]}
    assert set(differing) == {"letters", "findings"}
    assert differing["findings"]["server_rows"] == differing["findings"]["rows"] - 1


def test_a_url_that_is_not_postgresql_is_refused(used: Path) -> None:
    code, output = run("ledger", "migrate", "--to", "mysql://x@y/z", "--config", str(used / "perfcli.toml"))
    assert code == 2 and "postgresql://" in output


def test_a_copy_that_does_not_compare_equal_is_undone_whole(used: Path, database: str) -> None:
    """A value the server stores otherwise (1.5 in an INTEGER column: SQLite keeps it, PostgreSQL rounds it)
    makes the copy differ from the file: nothing is committed and the workspace keeps its file."""
    with sqlite3.connect(used / "perfcli.db") as db:
        db.execute("UPDATE returns SET size = 1.5 WHERE id = (SELECT min(id) FROM returns)")
    config = used / "perfcli.toml"
    code, output = run("ledger", "migrate", "--to", database, "--config", str(config))
    assert code == 3, output
    assert "核对不符（returns）" in output and "已全部撤销" in output
    assert load_config(config).section("ledger")["url"] == ""
    with psycopg.connect(database) as server:
        tables = server.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    assert tables == []
