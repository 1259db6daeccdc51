"""The workspace ledger: schema migrations, 文号 (unique under concurrency, stable on re-render, renewed on
reissue), verify, drafts outside a workspace, re-validation from the ledger, locks, and reruns that
complete an interrupted run."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.errors import OutputExistsError, UsageError
from perfcli.io.files.locks import OutputBusy, output_locks
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.schema import SCHEMA_VERSION, apply_migrations
from perfcli.ledger.store import Ledger
from tests.ledger_workspace import CLI, SAMPLE_RETURNS, SAMPLE_ROSTER


def ledger_rows(workspace: Path, sql: str) -> list[sqlite3.Row]:
    with Ledger.open(workspace / "perfcli.db") as ledger:
        return ledger.db.execute(sql).fetchall()


# --- schema ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_a_ledger_of_every_earlier_version_is_migrated_with_its_rows(tmp_path: Path, version: int) -> None:
    path = tmp_path / "perfcli.db"
    db = sqlite3.connect(path)
    apply_migrations(db, 0, version, WorkspaceRoot.of(tmp_path))
    letter, form = "函件/区博物馆.docx", "监控表/区博物馆_附表1_2026Q3.xlsx"  # from version 5: relative paths
    if version < 5:  # before it: absolute paths
        letter, form = str((tmp_path / letter).resolve()), str((tmp_path / form).resolve())
    if version >= 1:
        db.execute(
            "INSERT INTO letters (prefix, year, number, doc_number, kind, recipient, period, file, status,"
            " created) VALUES ('新财绩', 2026, 7, '新财绩〔2026〕7号', 'reminder', '区博物馆', '2026Q3', ?,"
            " 'issued', 'x')",
            (letter,),
        )
        db.execute("INSERT INTO doc_sequences VALUES ('新财绩', 2026, 7)")
        db.execute(
            "INSERT INTO forms_issued (identity, workbook, unit, period, file, status, created)"
            " VALUES ('unit:301001:2026Q3', 'unit', '301001', '2026Q3', ?, 'planned', 'x')",
            (form,),
        )
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()

    with Ledger.open(path) as ledger:
        assert ledger.version == SCHEMA_VERSION
        tables = {r[0] for r in ledger.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"letters", "doc_sequences", "forms_issued", "returns", "findings", "read_cache"} <= tables
        assert "rectifications" in tables  # 整改 items (issue 15), empty in a migrated ledger
        assert ledger.db.execute("SELECT count(*) FROM rectifications").fetchone()[0] == 0
        kept = ledger.db.execute("SELECT doc_number FROM letters").fetchall()
        assert [r[0] for r in kept] == (["新财绩〔2026〕7号"] if version >= 1 else [])
        files = [
            r[0]
            for r in ledger.db.execute("SELECT file FROM letters UNION ALL SELECT file FROM forms_issued")
        ]
        assert files == (["函件/区博物馆.docx", "监控表/区博物馆_附表1_2026Q3.xlsx"] if version >= 1 else [])
        assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_ledger_from_a_newer_perfcli_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "perfcli.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(UsageError, match="更新版本"):
        Ledger.open(path)


def test_init_creates_the_ledger_and_commands_find_it_from_a_subfolder(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    result = CliRunner().invoke(app, ["init", str(workspace)])
    assert result.exit_code == 0, result.output
    assert (workspace / "perfcli.db").is_file() and "工作区台账" in result.output
    nested = workspace / "三季度" / "回收"
    nested.mkdir(parents=True)
    done = subprocess.run([*CLI, "ledger", "letters"], cwd=nested, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "台账中没有函件" in done.stdout


# --- 文号 -------------------------------------------------------------------------------------------------
def render_cli(workspace: Path, kind: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "render", kind, "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件", "--json", *extra],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_doc_numbers_are_unique_across_concurrent_renders_and_stable_on_rerender(workspace: Path) -> None:
    kinds = ["reminder", "rectification", "feedback", "report"]
    runs = [render_cli(workspace, kind) for kind in kinds]  # four processes at once, one output folder
    results = {}
    for kind, run in zip(kinds, runs, strict=True):
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode in (0, 1), stderr
        results[kind] = json.loads(stdout)
    numbers = [x["doc_number"] for r in results.values() for x in r["letters"]]
    assert len(numbers) >= 10
    assert len(set(numbers)) == len(numbers), "a 文号 was given to two letters"
    assert all(n.startswith("新财绩〔") and n.endswith("号") for n in numbers)
    sequence = sorted(int(n.split("〕")[1][:-1]) for n in numbers)
    assert sequence == list(range(1, len(numbers) + 1))  # one sequence, no gaps, none reused

    again = render_cli(workspace, "feedback", "--force")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode in (0, 1), stderr
    before = {x["recipient"]: x["doc_number"] for x in results["feedback"]["letters"]}
    after = {x["recipient"]: x["doc_number"] for x in json.loads(stdout)["letters"]}
    assert after == before

    reissued = render_cli(workspace, "report", "--reissue")
    stdout, stderr = reissued.communicate(timeout=300)
    assert reissued.returncode in (0, 1), stderr
    [new] = json.loads(stdout)["letters"]
    assert new["doc_number"] == f"新财绩〔{new['doc_number'][4:8]}〕{len(numbers) + 1}号"
    [old] = results["report"]["letters"]
    rows = ledger_rows(
        workspace, "SELECT doc_number, status, superseded_by FROM letters WHERE kind = 'report'"
    )
    states = {r["doc_number"]: r["status"] for r in rows}
    assert states == {old["doc_number"]: "superseded", new["doc_number"]: "issued"}


def test_outside_a_workspace_letters_are_drafts_with_the_number_blank(tmp_path: Path) -> None:
    done = subprocess.run(
        [*CLI, "render", "reminder", str(SAMPLE_RETURNS), "--roster", str(SAMPLE_ROSTER), "--out", "函件"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr.count("函件为草稿，文号留空") == 1
    assert "（草稿）" in done.stdout
    from docx import Document

    [letter] = (tmp_path / "函件").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "新财绩〔" in text and "〕\u3000\u3000号" in text
    assert not (tmp_path / "perfcli.db").exists()


# --- verify, reruns -------------------------------------------------------------------------------------
def render_in(workspace: Path, kind: str, **options: object) -> api.RenderResult:
    return api.render(
        kind,
        [workspace / "回收"],
        out=workspace / "函件",
        roster=SAMPLE_ROSTER,
        config=workspace / "perfcli.toml",
        **options,  # type: ignore[arg-type]
    )


def test_verify_catches_a_deleted_an_edited_and_an_unrecorded_letter(workspace: Path) -> None:
    config = workspace / "perfcli.toml"
    result = render_in(workspace, "feedback")
    assert api.verify(config=config).problems == []
    deleted, edited = result.letters[0].docx, result.letters[1].docx
    deleted.unlink()
    edited.write_bytes(edited.read_bytes() + b"\0")
    orphan = workspace / "函件" / "新财绩〔2026〕99号-来历不明.docx"
    orphan.write_bytes(b"PK")
    problems = {Path(p.file).name: p.problem for p in api.verify(config=config).problems}
    assert problems == {
        deleted.name: "文件已删除或无法读取",
        edited.name: "文件已改动（与台账记录的 sha256 不符）",
        orphan.name: "无台账记录的函件文件",
    }
    shown = CliRunner().invoke(app, ["ledger", "verify", "--config", str(config)])
    assert shown.exit_code == 1 and "文件已删除" in shown.output


def test_a_rerun_writes_what_is_missing_and_refuses_what_was_changed_by_hand(workspace: Path) -> None:
    first = render_in(workspace, "feedback")
    gone, kept, edited = (x.docx for x in first.letters[:3])
    stamp = kept.stat().st_mtime_ns
    gone.unlink()
    second = render_in(workspace, "feedback")  # no --force: completes the set
    assert [x.docx for x in second.letters if not x.unchanged] == [gone]
    assert kept.stat().st_mtime_ns == stamp
    assert [x.doc_number for x in second.letters] == [x.doc_number for x in first.letters]
    edited.write_bytes(edited.read_bytes() + b"\0")
    with pytest.raises(OutputExistsError, match="已被改动"):
        render_in(workspace, "feedback")
    forced = render_in(workspace, "feedback", force=True)
    assert [x.doc_number for x in forced.letters] == [x.doc_number for x in first.letters]
    assert api.verify(config=workspace / "perfcli.toml").problems == []


def test_a_rerun_of_generate_completes_an_interrupted_one(workspace: Path) -> None:
    config, out = workspace / "perfcli.toml", workspace / "监控表"
    first = api.generate(SAMPLE_ROSTER, "2026Q3", out, config=config)
    files = [f.path for f in first.files]
    files[0].unlink()
    # as if killed between writing a file and recording it: planned in the ledger, file on disk
    with Ledger.open(workspace / "perfcli.db") as ledger, ledger.transaction() as db:
        db.execute(
            "UPDATE forms_issued SET status = 'planned', sha256 = NULL WHERE file = ?",
            (
                files[1].resolve().relative_to(workspace.resolve()).as_posix(),
            ),  # kept relative to the workspace
        )
    files[1].write_bytes(b"half written")
    second = api.generate(SAMPLE_ROSTER, "2026Q3", out, config=config)
    assert sorted(f.path for f in second.files) == sorted(files[:2])
    assert second.unchanged == len(files) - 2
    files[2].write_bytes(files[2].read_bytes() + b"\0")  # changed by hand
    with pytest.raises(OutputExistsError):
        api.generate(SAMPLE_ROSTER, "2026Q3", out, config=config)
    rows = ledger_rows(workspace, "SELECT status, count(*) AS n FROM forms_issued GROUP BY status")
    assert {r["status"]: r["n"] for r in rows} == {"written": len(files)}


# --- re-validation ----------------------------------------------------------------------------------------
def test_revalidation_reads_only_changed_files_and_finds_what_a_cold_run_finds(
    workspace: Path, reads: list[str]
) -> None:
    config, returns = workspace / "perfcli.toml", workspace / "回收"

    def run(**options: object) -> dict:
        report = api.validate(returns, roster=SAMPLE_ROSTER, config=config, **options)  # type: ignore[arg-type]
        return {"files": list(report.files_json()), "not_reported": [f.to_json() for f in report.findings]}

    cold = run()
    total = len(reads)
    assert total == len(list(returns.iterdir()))
    reads.clear()
    warm = run()
    assert reads == [] and warm == cold
    # a corrected copy beside the old one: only it is read, and it supersedes the old version
    source = sorted(returns.glob("*附表1*.xlsx"))[0]
    corrected = returns / f"{source.stem}（修改后）.xlsx"
    import openpyxl

    book = openpyxl.load_workbook(source)
    book.properties.modified = book.properties.modified.replace(year=2030)
    book.save(corrected)
    reads.clear()
    third = run()
    assert reads == [corrected.name]
    reads.clear()
    assert third == run(use_cache=False) and len(reads) == total + 1
    statuses = {Path(f["path"]).name: f["status"] for f in third["files"]}
    assert statuses[source.name] == "superseded" and statuses[corrected.name] == "read"


def test_findings_keep_their_ids_across_revalidation(workspace: Path) -> None:
    config = workspace / "perfcli.toml"
    api.validate(workspace / "回收", roster=SAMPLE_ROSTER, config=config)
    first = api.ledger_list("findings", config=config)
    api.validate(workspace / "回收", roster=SAMPLE_ROSTER, config=config, use_cache=False)
    second = api.ledger_list("findings", config=config)
    assert first and [f["id"] for f in first] == [f["id"] for f in second]
    assert len({(f["id"], f["return_id"]) for f in second}) == len(second)
    returns = api.ledger_list("returns", config=config)
    assert len(returns) == len(list((workspace / "回收").iterdir()))
    assert all(len(r["sha256"]) == 64 and r["size"] > 0 for r in returns)


# --- concurrency ------------------------------------------------------------------------------------------
def test_a_second_writer_of_the_same_output_is_refused(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    with output_locks([(target, None)]):
        with pytest.raises(OutputBusy, match="另一个 perfcli 正在写入"):
            api.aggregate_city(workspace / "回收", roster=SAMPLE_ROSTER, out=target)
        shown = CliRunner().invoke(
            app, ["aggregate", "city", str(workspace / "回收"), "--out", str(target), "--period", "2026Q3"]
        )
        assert shown.exit_code == 2 and "另一个 perfcli 正在写入" in shown.output
    assert not target.exists()
    api.aggregate_city(workspace / "回收", roster=SAMPLE_ROSTER, out=target)  # free again
    assert target.is_file() and not list(tmp_path.glob(".~*"))
