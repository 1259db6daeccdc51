"""The server ledger on a real PostgreSQL (started by the test session on 127.0.0.1): the ledger suite's
key cases — 文号 unique and unbroken across 4 concurrent render processes, kept on re-render, renewed on
--reissue; re-validation from the cache — the same tables and columns as the SQLite ledger, the server's
output locks, and what a clerk reads when the password is wrong or the server is down."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.ledger.server import ServerLedger

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
CLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


def use_server(workspace: Path, url: str) -> None:
    """[ledger] url of a workspace made by init, set as a clerk edits perfcli.toml."""
    config = workspace / "perfcli.toml"
    text = config.read_text(encoding="utf-8")
    assert '\nurl = ""' in text
    config.write_text(text.replace('\nurl = ""', f'\nurl = "{url}"', 1), encoding="utf-8")


@pytest.fixture
def database(pg_server) -> str:
    """A new empty database on the test server: its URL."""
    return str(pg_server.create_database("t" + uuid.uuid4().hex[:12]))


@pytest.fixture
def workspace(tmp_path: Path, database: str) -> Path:
    """A workspace made by init whose ledger is the server's, with a copy of the sample returns."""
    directory = tmp_path / "工作区"
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    use_server(directory, database)
    return directory


def server_rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return list(db.execute(sql).fetchall())


def render_cli(workspace: Path, kind: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "render", kind, "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件", "--json", *extra],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_four_concurrent_renders_give_one_unbroken_sequence_kept_on_rerender_renewed_on_reissue(
    workspace: Path, database: str
) -> None:
    kinds = ["reminder", "rectification", "feedback", "report"]
    runs = [render_cli(workspace, kind) for kind in kinds]  # four processes at once, one server ledger
    results = {}
    for kind, run in zip(kinds, runs, strict=True):
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode in (0, 1), stderr
        results[kind] = json.loads(stdout)
    numbers = [x["doc_number"] for r in results.values() for x in r["letters"]]
    assert len(numbers) >= 10
    assert len(set(numbers)) == len(numbers), "a 文号 was given to two letters"
    sequence = sorted(int(n.split("〕")[1][:-1]) for n in numbers)
    assert sequence == list(range(1, len(numbers) + 1))  # one sequence, no gaps, none reused
    recorded = server_rows(database, "SELECT doc_number FROM letters WHERE status = 'issued'")
    assert sorted(r[0] for r in recorded) == sorted(numbers)
    [(last,)] = server_rows(database, "SELECT last FROM doc_sequences")
    assert last == len(numbers)

    again = render_cli(workspace, "feedback", "--force")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode in (0, 1), stderr
    before = {x["recipient"]: x["doc_number"] for x in results["feedback"]["letters"]}
    assert {x["recipient"]: x["doc_number"] for x in json.loads(stdout)["letters"]} == before

    reissued = render_cli(workspace, "report", "--reissue")
    stdout, stderr = reissued.communicate(timeout=300)
    assert reissued.returncode in (0, 1), stderr
    [new] = json.loads(stdout)["letters"]
    assert new["doc_number"].endswith(f"〕{len(numbers) + 1}号")
    [old] = results["report"]["letters"]
    states = dict(server_rows(database, "SELECT doc_number, status FROM letters WHERE kind = 'report'"))
    assert states == {old["doc_number"]: "superseded", new["doc_number"]: "issued"}
    # the SQLite file init made is not written: the server holds the ledger
    with sqlite3.connect(workspace / "perfcli.db") as db:
        assert db.execute("SELECT count(*) FROM letters").fetchone()[0] == 0


NUMBERING = """
import sys
from pathlib import Path
from perfcli.ledger.letters import LetterKey, number_letters
from perfcli.ledger.server import ServerLedger

url, root, worker = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with ServerLedger.connect(url, root) as ledger:
    for i in range(30):  # one transaction per letter: the four processes interleave all along
        key = LetterKey("reminder", f"单位{worker}-{i}", "2026Q3")
        [n] = number_letters(ledger, [(key, root / f"{worker}-{i}.docx")], prefix="新财绩", year=2026,
                             start=1, formatter=lambda n: f"新财绩〔2026〕{n}号")
        print(n.number)
"""


def test_four_processes_taking_numbers_at_once_never_share_or_skip_one(tmp_path: Path, database: str) -> None:
    with ServerLedger.connect(database, tmp_path):
        pass  # the tables, made once before the race
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", NUMBERING, database, str(tmp_path), str(w)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    numbers = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        numbers += [int(line) for line in stdout.split()]
    assert sorted(numbers) == list(range(1, 121))
    assert sorted(r[0] for r in server_rows(database, "SELECT number FROM letters")) == list(range(1, 121))


def test_revalidation_reads_nothing_again_and_finds_what_the_cold_run_found(
    workspace: Path, database: str, reads: list[str]
) -> None:
    config, returns = workspace / "perfcli.toml", workspace / "回收"

    def run(**options: object) -> dict:
        report = api.validate(returns, roster=SAMPLE_ROSTER, config=config, **options)  # type: ignore[arg-type]
        return {"files": list(report.files_json()), "findings": [f.to_json() for f in report.findings]}

    cold = run()
    assert len(reads) == len(list(returns.iterdir()))
    reads.clear()
    assert run() == cold and reads == []  # warm: every file from the server's cache
    assert run(use_cache=False) == cold
    [(cached,)] = server_rows(database, "SELECT count(*) FROM read_cache")
    assert cached == len(list(returns.iterdir()))


def test_the_server_has_every_table_and_column_of_the_sqlite_ledger(tmp_path: Path, database: str) -> None:
    """The same migrations on both: a migration added later in schema.py needs nothing on the server."""
    sqlite = sqlite3.connect(tmp_path / "perfcli.db")
    apply_migrations(sqlite, 0, SCHEMA_VERSION, WorkspaceRoot.of(tmp_path))
    expected = {
        table: {r[1] for r in sqlite.execute(f"PRAGMA table_info({table})")}
        for (table,) in sqlite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    with ServerLedger.connect(database, tmp_path) as ledger:
        assert ledger.version == SCHEMA_VERSION
    found: dict[str, set[str]] = {}
    for table, column in server_rows(
        database,
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    ):
        found.setdefault(table, set()).add(column)
    assert found.pop("ledger_meta") - {"rowid"} == {"name", "value"}
    for table, columns in expected.items():
        assert found[table] - {"rowid"} == columns, table
    assert set(found) == set(expected)


def test_a_second_writer_of_an_output_on_another_pc_is_refused(workspace: Path, database: str) -> None:
    """The server's advisory lock of the output folder, held here as another PC would hold it."""
    from perfcli.io.files.locks import lock_file_for

    holder = ServerLedger.connect(database, workspace)
    try:
        name = holder.root.store(lock_file_for(workspace / "函件", "render-reminder"))
        with holder.output_lock([name]):
            run = render_cli(workspace, "reminder")
            stdout, stderr = run.communicate(timeout=300)
            assert run.returncode == 2, stderr
            assert "另一台电脑上的 perfcli 正在写入" in stderr
        run = render_cli(workspace, "reminder")  # released: the same render now goes through
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode in (0, 1), stderr
        assert json.loads(stdout)["letters"]
    finally:
        holder.close()


def test_a_wrong_password_and_a_server_that_is_down_are_said_in_chinese_without_the_password(
    tmp_path: Path, pg_server
) -> None:
    directory = tmp_path / "ws"
    api.init(directory)
    wrong = pg_server.url("postgres", password="no-such-secret")
    use_server(directory, wrong)
    done = subprocess.run([*CLI, "ledger", "letters"], cwd=directory, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "拒绝登录" in done.stderr and f"127.0.0.1:{pg_server.port}" in done.stderr
    assert "no-such-secret" not in done.stdout + done.stderr and "***" in done.stderr

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = wrong.replace(f":{pg_server.port}/", f":{port}/")
    (directory / "perfcli.toml").write_text(
        (directory / "perfcli.toml").read_text(encoding="utf-8").replace(wrong, down), encoding="utf-8"
    )
    done = subprocess.run([*CLI, "ledger", "letters"], cwd=directory, capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    assert f"无法连接服务器台账所在的主机 127.0.0.1:{port}" in done.stderr
    assert "no-such-secret" not in done.stdout + done.stderr


def test_doctor_checks_the_server_and_recover_says_it_is_the_servers_job(workspace: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["doctor", "--json", "--config", str(workspace / "perfcli.toml")])
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["服务器台账"]["ok"] and "PostgreSQL" in checks["服务器台账"]["text"]
    assert "数据库服务器负责" in checks["台账备份"]["text"] and "共享内存" not in checks
    assert "test-password" not in done.stdout
    done = runner.invoke(app, ["ledger", "recover", "--config", str(workspace / "perfcli.toml")])
    assert done.exit_code == 2 and "只用于台账文件" in done.output


def test_a_connection_lost_midway_is_said_and_nothing_half_written(tmp_path: Path, database: str) -> None:
    from perfcli.errors import RunFailed

    ledger = ServerLedger.connect(database, tmp_path)
    try:
        pid = ledger.db.execute("SELECT pg_backend_pid()").fetchone()[0]
        with pytest.raises(RunFailed, match="连接中断") as raised, ledger.transaction() as db:
            db.execute(
                "INSERT INTO doc_sequences (prefix, year, last) VALUES ('新财绩', 2026, 5)"
            )  # uncommitted when the server drops the connection (a restart, a network cut)
            with psycopg.connect(database, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            db.execute("UPDATE doc_sequences SET last = last + 1 WHERE prefix = ?", ("新财绩",))
        assert "test-password" not in raised.value.message
    finally:
        ledger.close()
    assert server_rows(database, "SELECT count(*) FROM doc_sequences") == [(0,)]


def test_mail_received_and_sent_is_recorded_on_the_server(
    workspace: Path, database: str, tmp_path: Path
) -> None:
    """receive and send (drafts) keep their mails in the server ledger: a second receive finds duplicates."""
    from mail_fixtures import inbox

    config = workspace / "perfcli.toml"
    folder = inbox(tmp_path / "inbox")
    first = api.receive(folder, period="2026Q3", roster=SAMPLE_ROSTER, config=config)
    saved = [a for m in first.mails for a in m.attachments if a.status == "saved"]
    assert len(first.mails) == 6 and len(saved) == 6
    again = api.receive(folder, period="2026Q3", roster=SAMPLE_ROSTER, config=config)
    assert {a.status for m in again.mails for a in m.attachments} == {"duplicate"}
    [(mails,)] = server_rows(database, "SELECT count(*) FROM mails_received")
    [(attachments,)] = server_rows(database, "SELECT count(*) FROM mail_attachments WHERE status = 'saved'")
    assert (mails, attachments) == (6, 6)
    assert server_rows(database, "SELECT count(*) FROM mail_contacts")[0][0] >= 1
