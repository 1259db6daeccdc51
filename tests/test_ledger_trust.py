"""A ledger a bureau can trust (issue 24): a lost ledger is never silently replaced, backups and recovery,
atomic state changes under concurrent reissues, ordinary faults (disk full, read-only) with ordinary
messages, and the filesystem probe behind `perfcli doctor`. Each test builds the fault and checks the
outcome."""

from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.ledger.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
CLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    directory = tmp_path / "工作区"
    api.init(directory)
    shutil.copytree(SAMPLE_RETURNS, directory / "回收")
    return directory


def cli(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=workspace, capture_output=True, text=True, timeout=600)


def render(workspace: Path, kind: str, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli(workspace, "render", kind, "回收", "--roster", str(SAMPLE_ROSTER), "--out", out, *extra)


def letters(workspace: Path) -> list[sqlite3.Row]:
    with Ledger.open(workspace / "perfcli.db", readonly=True) as ledger:
        return ledger.db.execute("SELECT * FROM letters ORDER BY id").fetchall()


# --- never silently lost ------------------------------------------------------------------------------------
def _lose(path: Path, how: str) -> None:
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 20)


@pytest.mark.parametrize("how", ["deleted", "emptied", "replaced"])
def test_a_lost_ledger_is_refused_naming_the_file_and_the_way_out(workspace: Path, how: str) -> None:
    done = render(workspace, "feedback", "函件")
    assert done.returncode in (0, 1), done.stderr
    _lose(workspace / "perfcli.db", how)
    found = (workspace / "perfcli.db").read_bytes() if how != "deleted" else None

    again = render(workspace, "feedback", "函件2")
    assert again.returncode == 2, again.stderr
    assert str(workspace / "perfcli.db") in again.stderr and "perfcli ledger recover" in again.stderr
    assert not (workspace / "函件2").exists()  # refused before any letter was written
    if how == "deleted":
        assert not (workspace / "perfcli.db").exists()  # not silently created
    else:
        assert (workspace / "perfcli.db").read_bytes() == found  # left as it was found
    verified = cli(workspace, "ledger", "verify")
    assert verified.returncode != 0 and "全部完好" not in verified.stdout


# --- atomic state changes -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_concurrent_reissues_leave_exactly_one_live_letter_per_recipient(workspace: Path) -> None:
    report = cli(workspace, "validate", "回收", "--roster", str(SAMPLE_ROSTER), "--json")
    (workspace / "校验.json").write_text(report.stdout, encoding="utf-8")
    for round_ in range(10):
        runs = [
            subprocess.Popen(
                [*CLI, "render", "feedback", "校验.json", "--roster", str(SAMPLE_ROSTER), "--reissue"]
                + ["--out", f"函件{round_}-{n}"],
                cwd=workspace,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(4)
        ]
        for run in runs:
            _, stderr = run.communicate(timeout=300)
            assert run.returncode in (0, 1), stderr
        rows = letters(workspace)
        live: dict[tuple[str, str, str], int] = {}
        for row in rows:
            if row["status"] != "superseded":
                key = (row["kind"], row["recipient"], row["period"])
                live[key] = live.get(key, 0) + 1
        assert live and set(live.values()) == {1}, f"round {round_}: {live}"
        numbers = [(r["prefix"], r["year"], r["number"]) for r in rows]
        assert len(numbers) == len(set(numbers))
        for row in rows:
            if row["status"] == "superseded":
                assert row["superseded_by"] is not None
    listed = json.loads(cli(workspace, "ledger", "letters", "--json").stdout)
    assert len([x for x in listed if x["status"] != "superseded"]) == len(live)


def _numbers(result: subprocess.CompletedProcess[str]) -> list[int]:
    assert result.returncode in (0, 1), result.stderr
    return [int(x["doc_number"].split("〕")[1][:-1]) for x in json.loads(result.stdout)["letters"]]


@pytest.mark.parametrize("how", ["deleted", "emptied", "replaced"])
def test_recover_rebuilds_from_the_letters_and_numbering_resumes_above_the_highest(
    workspace: Path, how: str
) -> None:
    first = _numbers(render(workspace, "feedback", "函件", "--json"))
    reissued = _numbers(render(workspace, "feedback", "函件2", "--json", "--reissue"))
    assert min(reissued) > max(first)
    _lose(workspace / "perfcli.db", how)

    done = cli(workspace, "ledger", "recover", "--json")
    assert done.returncode == 0, done.stderr
    recovered = json.loads(done.stdout)
    assert recovered["letters"] == len(first) + len(reissued)
    assert recovered["sequences"] == {f"新财绩 {date.today().year}": max(reissued)}
    assert recovered["returns"] > 0  # the 回收 folder read again
    if how != "deleted":
        assert Path(recovered["damaged"]).read_bytes() is not None  # the damaged file kept, renamed
    live = [r for r in letters(workspace) if r["status"] == "issued"]
    assert sorted(int(r["number"]) for r in live) == sorted(reissued)  # the reissue is the live one

    more = _numbers(render(workspace, "reminder", "催报", "--json"))
    assert more and min(more) == max(reissued) + 1  # no number given twice
    verified = cli(workspace, "ledger", "verify")
    assert verified.returncode == 0, verified.stdout


def test_every_write_is_backed_up_keeping_the_last_twenty_and_one_can_be_restored(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfcli.ledger import backups

    assert backups.KEEP == 20
    monkeypatch.setattr(backups, "KEEP", 3)
    path = workspace / "perfcli.db"
    for n in range(5):
        with Ledger.open(path, create=False) as ledger, ledger.transaction() as db:
            db.execute("INSERT INTO doc_sequences VALUES ('测试', ?, 1)", (2000 + n,))
        monkeypatch.setattr(backups, "_RUN", f"run{n}")  # each a command of its own
    kept = backups.list_backups(path)
    assert len(kept) == 3

    path.write_bytes(b"")
    done = cli(workspace, "ledger", "recover", "--from-backup", kept[0].name, "--json")
    assert done.returncode == 0, done.stderr
    with Ledger.open(path, create=False) as ledger:
        years = [r[0] for r in ledger.db.execute("SELECT year FROM doc_sequences WHERE prefix = '测试'")]
    assert years == [2000, 2001, 2002]  # the state after the third write
    assert cli(workspace, "ledger", "verify").returncode == 0


def test_a_command_that_wrote_the_ledger_leaves_one_backup(workspace: Path) -> None:
    before = len(list((workspace / ".perfcli" / "backups").glob("*.db")))
    render(workspace, "feedback", "函件")  # opens the ledger twice (returns, then letters)
    after = list((workspace / ".perfcli" / "backups").glob("*.db"))
    assert len(after) == before + 1
    assert not list((workspace / ".perfcli" / "backups").glob("*.partial"))


def test_verify_runs_the_integrity_check(workspace: Path) -> None:
    render(workspace, "feedback", "函件")
    path = workspace / "perfcli.db"
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page + 100, min(len(data), 6 * page), 7):  # scribble over b-tree pages
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    done = cli(workspace, "ledger", "verify")
    assert done.returncode == 1
    assert "台账已损坏" in done.stdout or "已损坏" in done.stdout, done.stdout + done.stderr


# --- ordinary faults ----------------------------------------------------------------------------------------
def test_disk_full_while_writing_the_ledger_says_so_and_writes_nothing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    path = workspace / "perfcli.db"
    original = Ledger._set_journal

    def full_disk(self: Ledger, wal_possible: bool) -> str:
        mode = original(self, wal_possible)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: SQLITE_FULL
        return mode

    monkeypatch.setattr(Ledger, "_set_journal", full_disk)
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(
        app, ["validate", "回收", "--roster", str(SAMPLE_ROSTER), "--report", "问题清单.xlsx"]
    )
    assert result.exit_code == 3, result.output
    assert f"磁盘空间不足，无法写入 {path}" in result.stderr
    assert "内部错误" not in result.output
    assert not (workspace / "问题清单.xlsx").exists()
    monkeypatch.undo()
    with Ledger.open(path, create=False) as ledger:
        assert ledger.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert ledger.db.execute("SELECT count(*) FROM returns").fetchone()[0] == 0  # nothing half-written
        assert ledger.db.execute("SELECT count(*) FROM read_cache").fetchone()[0] == 0
    assert "Exception ignored" not in capfd.readouterr().err


def _read_only(workspace: Path) -> None:
    for name in ("perfcli.db-wal", "perfcli.db-shm"):
        (workspace / name).unlink(missing_ok=True)
    (workspace / "perfcli.db").chmod(0o444)


def test_a_read_only_ledger_is_refused_before_any_work(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import perfcli.api.ledger as api_ledger

    render(workspace, "feedback", "函件")
    _read_only(workspace)
    before = (workspace / "perfcli.db").read_bytes()

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the returns were read before the read-only ledger was noticed")

    monkeypatch.setattr(api_ledger, "validate_paths", no_reading)
    monkeypatch.chdir(workspace)
    for args in (
        ["validate", "回收", "--roster", str(SAMPLE_ROSTER)],
        ["render", "reminder", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "催报"],
        ["generate", str(SAMPLE_ROSTER), "--period", "2026Q3", "--out", "监控表"],
    ):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("错误：台账只读") and str(workspace / "perfcli.db") in result.stderr
    assert (workspace / "perfcli.db").read_bytes() == before
    assert not (workspace / "催报").exists() and not (workspace / "监控表").exists()


def test_read_only_commands_work_on_a_read_only_ledger_and_folder(workspace: Path) -> None:
    render(workspace, "feedback", "函件")
    cli(workspace, "validate", "回收", "--roster", str(SAMPLE_ROSTER))
    _read_only(workspace)
    workspace.chmod(0o555)
    try:
        before = (workspace / "perfcli.db").read_bytes()
        for args in (["letters"], ["returns"], ["findings"], ["rectifications"], ["verify"]):
            done = cli(workspace, "ledger", *args)
            assert done.returncode == 0, (args, done.stderr)
        assert "区" in cli(workspace, "ledger", "letters").stdout
        status = cli(workspace, "status", "回收", "--roster", str(SAMPLE_ROSTER))
        assert status.returncode in (0, 1), status.stderr
        assert (workspace / "perfcli.db").read_bytes() == before
        assert not (workspace / "perfcli.db-wal").exists()
    finally:
        workspace.chmod(0o755)


# --- every rerun completes ----------------------------------------------------------------------------------
def test_validate_recognises_its_own_report_and_annotated_copies(workspace: Path) -> None:
    args = [
        "validate",
        "回收",
        "--roster",
        str(SAMPLE_ROSTER),
        "--report",
        "问题清单.xlsx",
        "--annotate",
        "标注",
    ]
    first = cli(workspace, *args)
    assert first.returncode in (0, 1), first.stderr
    again = cli(workspace, *args)  # the same command, without --force: its own outputs are replaced
    assert again.returncode in (0, 1), again.stderr
    assert not list(workspace.rglob(".~*"))  # no lock or temp file left

    (workspace / "问题清单.xlsx").write_bytes(b"changed by hand")
    refused = cli(workspace, *args)
    assert refused.returncode == 2 and "问题清单.xlsx" in refused.stderr
    assert (workspace / "问题清单.xlsx").read_bytes() == b"changed by hand"
    (workspace / "别人的.xlsx").write_bytes(b"not ours")
    other = cli(workspace, "validate", "回收", "--report", "别人的.xlsx")
    assert other.returncode == 2


def test_aggregate_recognises_its_own_summary(workspace: Path) -> None:
    args = ["aggregate", "city", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "汇总.xlsx"]
    assert cli(workspace, *args).returncode in (0, 1)
    again = cli(workspace, *args)
    assert again.returncode in (0, 1), again.stderr
    (workspace / "汇总.xlsx").write_bytes(b"changed by hand")
    assert cli(workspace, *args).returncode == 2


@pytest.mark.parametrize("out", ["函件", "新函件"], ids=["emptied --out", "new --out"])
def test_render_after_a_run_stopped_while_writing_completes_without_force(
    workspace: Path, out: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    api_render = importlib.import_module("perfcli.api.issuing")  # where letters are written and recorded
    numbers = _numbers(render(workspace, "feedback", "函件", "--json"))
    shutil.rmtree(workspace / "函件")
    original = api_render.write_letters

    def stopped(planned, template, **kwargs):  # writes one letter, then the run dies
        original(planned[:1], template, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(api_render, "write_letters", stopped)
    monkeypatch.chdir(workspace)
    args = ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", out, "--json"]
    assert CliRunner().invoke(app, args).exit_code == 130
    assert len(list((workspace / out).glob("*.docx"))) == 1
    monkeypatch.undo()

    done = render(workspace, "feedback", out, "--json")  # the same command, without --force
    assert _numbers(done) == numbers  # same letters, same 文号
    assert len(list((workspace / out).glob("*.docx"))) == len(numbers)
    verified = cli(workspace, "ledger", "verify")
    assert verified.returncode == 0, verified.stdout
    stray = workspace / "又一个"
    stray.mkdir()
    (stray / sorted((workspace / out).glob("*.docx"))[0].name).write_bytes(b"someone else's file")
    refused = render(workspace, "feedback", "又一个")
    assert refused.returncode == 2, refused.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_after_a_docx_only_run_makes_the_pdfs(workspace: Path) -> None:
    first = render(workspace, "report", "函件", "--json")
    assert first.returncode in (0, 1), first.stderr
    done = render(workspace, "report", "函件", "--pdf", "--json")
    assert done.returncode in (0, 1), done.stderr
    [letter] = json.loads(done.stdout)["letters"]
    assert letter["pdf"] and (workspace / letter["pdf"]).read_bytes().startswith(b"%PDF")
    assert list((workspace / "函件").glob("*.pdf"))


# --- shared drives ------------------------------------------------------------------------------------------
def test_without_shared_memory_the_ledger_falls_back_to_a_rollback_journal_and_says_so_once(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfcli.ledger import filesystem

    monkeypatch.setattr(filesystem, "_shared_memory_works", lambda path: False)
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(
        app, ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件"]
    )
    assert result.exit_code in (0, 1), result.output
    assert result.stderr.count("不支持 SQLite 的 WAL 模式") == 1  # once, though the ledger was opened often
    assert len(list((workspace / "函件").glob("*.docx"))) >= 5
    db = sqlite3.connect(workspace / "perfcli.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()
    assert not (workspace / "perfcli.db-wal").exists()


def test_without_byte_range_locks_writing_is_refused_recommending_a_server_ledger(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfcli.ledger import filesystem

    monkeypatch.setattr(filesystem, "_byte_locks_work", lambda path: False)
    monkeypatch.chdir(workspace)
    before = (workspace / "perfcli.db").read_bytes()
    result = CliRunner().invoke(
        app, ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件"]
    )
    assert result.exit_code == 3, result.output
    assert "不支持文件锁" in result.stderr and "服务器台账" in result.stderr
    assert "另一个 perfcli 正在写入" not in result.output
    assert not (workspace / "函件").exists()
    assert (workspace / "perfcli.db").read_bytes() == before
    listing = CliRunner().invoke(app, ["ledger", "letters"])  # reading still works
    assert listing.exit_code == 0, listing.output

    doctor = CliRunner().invoke(app, ["doctor"])
    assert doctor.exit_code == 1
    assert "✗ 文件锁：不支持文件锁" in doctor.stdout


def test_output_locks_that_the_drive_cannot_take_are_said_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    from perfcli.errors import RunFailed
    from perfcli.io.files.locks import output_locks

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(RunFailed, match="不支持文件锁"), output_locks([(tmp_path / "汇总.xlsx", None)]):
        pass
    assert list(tmp_path.iterdir()) == []  # no lock file left behind


def test_doctor_reports_each_feature_and_workspaces_sharing_the_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.init(tmp_path / "甲")
    monkeypatch.chdir(tmp_path / "甲")
    healthy = CliRunner().invoke(app, ["doctor"])
    assert healthy.exit_code == 0, healthy.output
    lines = healthy.stdout.strip().splitlines()
    assert [line.split("：")[0] for line in lines] == [
        "✓ 可写入", "✓ 文件锁", "✓ 共享内存", "✓ 原子改名", "✓ 剩余空间", "✓ 台账", "✓ 发文机关代字",
    ]  # fmt: skip

    api.init(tmp_path / "乙")  # a second workspace beside it, with the same 发文机关代字
    shared = CliRunner().invoke(app, ["doctor"])
    assert shared.exit_code == 1
    assert f"✗ 发文机关代字：工作区 {tmp_path / '乙'} 也用发文机关代字“新财绩”" in shared.stdout

    from perfcli.ledger import filesystem

    monkeypatch.setattr(filesystem, "_rename_is_atomic", lambda path: False)
    monkeypatch.setattr(filesystem, "_free_bytes", lambda folder: 10 * 1024 * 1024)
    (tmp_path / "甲" / "perfcli.db").write_bytes(b"")
    poor = CliRunner().invoke(app, ["doctor", "--json"])
    assert poor.exit_code == 1
    failed = {c["name"] for c in json.loads(poor.stdout)["checks"] if not c["ok"]}
    assert failed == {"原子改名", "剩余空间", "台账", "发文机关代字"}


def test_little_free_space_and_unreliable_rename_are_said_once(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfcli.ledger import filesystem

    monkeypatch.setattr(filesystem, "_rename_is_atomic", lambda path: False)
    monkeypatch.setattr(filesystem, "_free_bytes", lambda folder: 50 * 1024 * 1024)
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(
        app, ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件"]
    )
    assert result.exit_code in (0, 1), result.output
    assert result.stderr.count("改名替换文件不可靠") == 1
    assert result.stderr.count("只剩 50 MB") == 1
