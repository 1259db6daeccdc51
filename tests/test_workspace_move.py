"""A portable workspace: the ledger keeps paths relative to the workspace root, so a workspace moved, renamed
or copied verifies clean and reruns from its new place, a copy checks its own files, files outside the
workspace are flagged, and a ledger of absolute paths (schema version 4) is migrated, even one moved first."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path, PurePath, PureWindowsPath

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.ledger.paths import WorkspaceRoot, is_absolute_text
from perfcli.ledger.schema import apply_migrations
from perfcli.ledger.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
GENERATE = ["generate", str(SAMPLE_ROSTER), "--period", "2026Q3", "--out", "监控表", "--json"]
RENDER = ["render", "feedback", "回收", "--roster", str(SAMPLE_ROSTER), "--out", "函件", "--json"]
PATH_COLUMNS = {"forms_issued": "file", "letters": "file", "returns": "path"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workspace through a quarter (built once): init, generate, validate the returns, render letters."""
    workspace = tmp_path_factory.mktemp("built") / "工作区"
    api.init(workspace)
    shutil.copytree(SAMPLE_RETURNS, workspace / "回收")
    config = workspace / "perfcli.toml"
    api.generate(SAMPLE_ROSTER, "2026Q3", workspace / "监控表", config=config)
    api.validate(workspace / "回收", roster=SAMPLE_ROSTER, config=config)
    api.render("feedback", [workspace / "回收"], out=workspace / "函件", roster=SAMPLE_ROSTER, config=config)
    return workspace


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Path:
    """This test's own copy of the built workspace, in a folder of its own."""
    return Path(shutil.copytree(built, tmp_path / "原处" / "工作区", symlinks=True))


def cli(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """A command run from inside `cwd` (the workspace found from there, as a clerk runs it); the terminal's
    output with the lines joined (a long path is folded)."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output.replace("\n", "") if "--json" not in args else result.stdout


def stored(workspace: Path) -> dict[str, list[str]]:
    """The paths the ledger holds, as it holds them."""
    db = sqlite3.connect(workspace / "perfcli.db")
    try:
        return {t: [r[0] for r in db.execute(f"SELECT {c} FROM {t}")] for t, c in PATH_COLUMNS.items()}
    finally:
        db.close()


def test_the_ledger_keeps_paths_relative_to_the_workspace_with_slashes(workspace: Path) -> None:
    paths = stored(workspace)
    assert all(paths.values())
    for table, texts in paths.items():
        for text in texts:
            assert not is_absolute_text(text) and "\\" not in text, (table, text)
            assert (workspace / text).is_file(), (table, text)
    assert any(p.startswith("监控表/") and p.count("/") == 2 for p in paths["forms_issued"])  # 部门 folder


def test_a_stored_path_reads_the_same_on_every_system(tmp_path: Path) -> None:
    root = WorkspaceRoot.of(tmp_path)
    assert root.locate("监控表/区教育局/a.xlsx") == tmp_path.resolve() / "监控表" / "区教育局" / "a.xlsx"
    assert root.store(tmp_path / "监控表" / "区教育局" / "a.xlsx") == "监控表/区教育局/a.xlsx"
    assert root.shown("监控表/a.xlsx") == str(Path("监控表") / "a.xlsx")
    for written_elsewhere in (r"C:\工作区\函件\a.docx", "D:/函件/a.docx", r"\\server\share\a.docx", "/srv/a"):
        assert is_absolute_text(written_elsewhere) and not root.inside(written_elsewhere)
    assert not PureWindowsPath("监控表/a.xlsx").is_absolute() and root.inside("监控表/a.xlsx")


def test_a_moved_workspace_verifies_and_reruns_from_its_new_place(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letters_before = api.ledger_list("letters", config=workspace / "perfcli.toml")
    returns_before = len(api.ledger_list("returns", config=workspace / "perfcli.toml"))
    moved = Path(shutil.move(workspace, tmp_path / "别处" / "三季度工作区"))  # mv ws ws2, elsewhere
    assert not workspace.exists()

    code, output = cli(moved, monkeypatch, "ledger", "verify")
    assert code == 0, output
    assert "全部完好" in output and "已删除" not in output and "工作区之外" not in output
    code, output = cli(moved / "函件", monkeypatch, "ledger", "verify", "--json")  # from a subfolder too
    checked = json.loads(output)
    assert code == 0 and checked["problems"] == [] and checked["outside"] == []
    assert checked["checked"] == len(letters_before) + len(stored(moved)["forms_issued"])
    assert checked["workspace"] == str(moved.resolve())

    code, output = cli(moved, monkeypatch, *GENERATE)  # nothing to do: every form is this workspace's own
    assert code == 0, output
    generated = json.loads(output)
    assert generated["files"] == [] and generated["unchanged"] == len(stored(moved)["forms_issued"])

    code, output = cli(moved, monkeypatch, *RENDER)  # the same letters, the same 文号, none rewritten
    assert code in (0, 1), output
    rendered = json.loads(output)["letters"]
    assert rendered and all(x["unchanged"] for x in rendered)
    assert sorted(x["doc_number"] for x in rendered) == sorted(x["doc_number"] for x in letters_before)

    # listings say where the files are now; validating again knows the returns it recorded before the move
    letters_now = api.ledger_list("letters", config=moved / "perfcli.toml")
    assert all(Path(x["file"]).is_relative_to(moved.resolve()) for x in letters_now)
    assert [Path(x["file"]).name for x in letters_now] == [Path(x["file"]).name for x in letters_before]
    code, output = cli(moved, monkeypatch, "validate", "回收", "--roster", str(SAMPLE_ROSTER), "--json")
    assert code in (0, 1), output
    returns_now = api.ledger_list("returns", config=moved / "perfcli.toml")
    assert len(returns_now) == returns_before
    assert all(Path(r["path"]).is_file() for r in returns_now)
    code, output = cli(moved, monkeypatch, "ledger", "verify")
    assert code == 0 and "全部完好" in output


def test_a_workspace_opened_through_another_mount_point_finds_its_files(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mount = tmp_path / "映射盘"
    mount.symlink_to(workspace.parent, target_is_directory=True)  # the same folder under another name
    code, output = cli(mount / workspace.name, monkeypatch, "ledger", "verify")
    assert code == 0 and "全部完好" in output, output
    code, output = cli(mount / workspace.name, monkeypatch, *GENERATE)
    assert code == 0 and json.loads(output)["files"] == [], output


def test_a_copy_checks_its_own_files(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Path(shutil.copytree(workspace, tmp_path / "副本", symlinks=True))  # cp -a
    [form, *_] = sorted((workspace / "监控表").rglob("*.xlsx"))
    [letter, *_] = sorted((workspace / "函件").glob("*.docx"))
    form.unlink()  # in the original: one form deleted, one letter edited
    letter.write_bytes(letter.read_bytes() + b"\0")

    code, output = cli(copy, monkeypatch, "ledger", "verify", "--json")
    assert code == 0, output
    assert (
        json.loads(output)["problems"] == []
    )  # the copy's files are intact, whatever became of the original

    code, output = cli(workspace, monkeypatch, "ledger", "verify", "--json")
    assert code == 1
    problems = {Path(p["file"]): p["problem"] for p in json.loads(output)["problems"]}
    assert problems == {
        form.resolve(): "文件已删除或无法读取",
        letter.resolve(): "文件已改动（与台账记录的 sha256 不符）",
    }

    edited = copy / letter.relative_to(workspace)  # an edit in the copy is caught in the copy, at its path
    edited.write_bytes(edited.read_bytes() + b"\0\0")
    code, output = cli(copy, monkeypatch, "ledger", "verify")
    assert code == 1
    assert "文件已改动" in output and str(Path("函件") / letter.name) in output
    code, output = cli(copy, monkeypatch, "ledger", "verify", "--json")
    [problem] = json.loads(output)["problems"]
    assert Path(problem["file"]) == edited.resolve()


def test_files_outside_the_workspace_keep_their_absolute_path_and_are_flagged(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "共享盘" / "催报"
    api.render(
        "reminder", [workspace / "回收"], out=outside, roster=SAMPLE_ROSTER, config=workspace / "perfcli.toml"
    )
    letters = [Path(p) for p in stored(workspace)["letters"] if is_absolute_text(p)]
    assert letters and all(p.parent == outside.resolve() for p in letters)

    moved = Path(shutil.move(workspace, tmp_path / "别处"))
    code, output = cli(moved, monkeypatch, "ledger", "verify")
    assert code == 0, output  # outside is a note, not a problem: the files are there and intact
    assert "位于工作区之外" in output and str(letters[0]) in output and "全部完好" in output
    code, output = cli(moved, monkeypatch, "ledger", "verify", "--json")
    assert sorted(json.loads(output)["outside"]) == sorted(str(p) for p in letters)
    letters[0].unlink()
    code, output = cli(moved, monkeypatch, "ledger", "verify", "--json")
    assert code == 1 and [Path(p["file"]) for p in json.loads(output)["problems"]] == [letters[0]]


def back_to_version_4(db: sqlite3.Connection) -> None:
    """Drop what later migrations added (tables, columns), so that they run again as on a real version-4
    ledger: the tables and columns of a ledger made by migrations 1-4 are what stays."""
    version_4 = sqlite3.connect(":memory:")
    apply_migrations(version_4, 0, 4, WorkspaceRoot.of(Path.cwd()))
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        kept = {row[1] for row in version_4.execute(f"PRAGMA table_info({name})")}
        if not kept:
            db.execute(f"DROP TABLE {name}")
            continue
        for row in db.execute(f"PRAGMA table_info({name})").fetchall():
            if row[1] not in kept:
                db.execute(f"ALTER TABLE {name} DROP COLUMN {row[1]}")
    version_4.close()


# --- migration from schema version 4 (absolute paths) -----------------------------------------------------
def as_version_4(workspace: Path, outside: Path | None = None, base: PurePath | None = None) -> None:
    """The ledger as perfcli wrote it before paths were relative: absolute (resolved) paths, version 4, of
    the workspace where it is (or at `base`, another machine's folder). `outside` (a file beyond the
    workspace) is recorded as a letter, to stay absolute."""
    base = base or workspace.resolve()
    db = sqlite3.connect(workspace / "perfcli.db")
    for table, column in {**PATH_COLUMNS, "rectifications": "evidence"}.items():
        rows = db.execute(f"SELECT rowid, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        for rowid, text in rows:
            db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (str(base / text), rowid))
    if outside is not None:
        db.execute("UPDATE letters SET file = ? WHERE id = (SELECT MIN(id) FROM letters)", (str(outside),))
    back_to_version_4(db)
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()


@pytest.mark.parametrize("moved_first", [False, True], ids=["in-place", "moved-before-migration"])
def test_a_ledger_with_absolute_paths_is_migrated(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moved_first: bool
) -> None:
    outside = tmp_path / "共享盘" / "函件.docx"
    outside.parent.mkdir()
    first = min(api.ledger_list("letters", config=workspace / "perfcli.toml"), key=lambda x: x["id"])
    shutil.move(first["file"], outside)  # the first letter was moved out of the workspace
    as_version_4(workspace, outside.resolve())
    if moved_first:
        workspace = Path(shutil.move(workspace, tmp_path / "新的位置" / "改了名的工作区"))

    with Ledger.open(workspace / "perfcli.db") as ledger:
        assert ledger.version >= 5
    paths = stored(workspace)
    kept = [p for ps in paths.values() for p in ps if is_absolute_text(p)]
    assert kept == [str(outside.resolve())]  # only the file outside the workspace stays absolute
    assert all((workspace / p).is_file() for ps in paths.values() for p in ps if p not in kept)

    code, output = cli(workspace, monkeypatch, "ledger", "verify")
    assert code == 0 and "全部完好" in output and "位于工作区之外" in output, output
    code, output = cli(workspace, monkeypatch, *GENERATE)
    assert code == 0 and json.loads(output)["files"] == [], output


def test_a_ledger_written_on_windows_is_migrated_on_another_system(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version-4 workspace copied from a Windows PC (C:\\Users\\…\\工作区\\监控表\\…) to this machine."""
    as_version_4(workspace, base=PureWindowsPath(r"C:\Users\绩效科\Documents\三季度工作区"))
    with Ledger.open(workspace / "perfcli.db"):
        pass
    paths = [p for ps in stored(workspace).values() for p in ps]
    assert paths and not [p for p in paths if is_absolute_text(p) or "\\" in p]
    code, output = cli(workspace, monkeypatch, "ledger", "verify")
    assert code == 0 and "全部完好" in output, output


def test_a_moved_ledger_keeps_what_it_cannot_place_absolute(tmp_path: Path) -> None:
    """Paths of the former folder are made relative only when most of its files are found under the new
    one at the same places; a former folder is never guessed from a like-named file alone."""
    old, new = tmp_path / "旧", tmp_path / "新"
    (new / "函件").mkdir(parents=True)
    (new / "函件" / "a.docx").write_bytes(b"a")  # found; b.docx, c.docx were deleted after the move
    db = sqlite3.connect(new / "perfcli.db")
    apply_migrations(db, 0, 4, WorkspaceRoot.of(new))
    for n, name in enumerate(["a", "b", "c"], start=1):
        db.execute(
            "INSERT INTO letters (prefix, year, number, doc_number, kind, recipient, period, file, status,"
            " created) VALUES ('新财绩', 2026, ?, ?, 'reminder', ?, '2026Q3', ?, 'issued', 'x')",
            (n, f"新财绩〔2026〕{n}号", name, str(old / "函件" / f"{name}.docx")),
        )
    db.execute("PRAGMA user_version = 4")
    db.commit()
    db.close()
    with Ledger.open(new / "perfcli.db") as ledger:
        files = [r[0] for r in ledger.db.execute("SELECT file FROM letters ORDER BY id")]
    assert files == [str(old / "函件" / f"{n}.docx") for n in "abc"]  # 1 of 3 found: not enough to move them
