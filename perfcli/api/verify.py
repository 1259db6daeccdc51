"""`perfcli ledger verify`: the ledger passes SQLite's integrity check, its rows are as perfcli wrote them
(their checksums match), and every file it recorded is still there as it was recorded; with `deep`, every
cached reading also equals what reading its file again gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import workspace_ledger, workspace_path
from perfcli.io.files.digest import sha256_or_none
from perfcli.ledger.checksums import FILE_COLUMNS, SEALED, cache_checksum, intact
from perfcli.ledger.failures import LedgerUnusable
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.server import describe
from perfcli.ledger.store import Ledger, integrity_problems, ledger_state, ledger_url

OUTSIDE_NOTE = "位于工作区之外（移动或复制工作区时不随之移动，核对的是原处的文件）"


@dataclass
class VerifyProblem:
    kind: str  # 函件 / 监控表 / 台账 / 台账 letters 表第 3 行 …
    file: str  # where the file is now (an absolute path), or what a ledger row is about
    problem: str  # 文件已删除 / 文件已改动 / 无记录的编号文件 / 记录已被改动 …
    doc_number: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class VerifyResult:
    ledger: Path | str  # the file, or the server ledger's URL (without its password)
    checked: int
    problems: list[VerifyProblem] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)  # 文号 taken by a run that did not finish
    workspace: Path | None = None  # the root the ledger's relative paths were checked under
    outside: list[str] = field(default_factory=list)  # recorded files outside the workspace (absolute)
    edited: list[str] = field(default_factory=list)  # 已人工修改: accepted hand edits (文号 file, who, when)
    deep: dict[str, int] | None = None  # with --deep: cached readings compared, and those not comparable

    def to_json(self) -> dict[str, Any]:
        return {
            "ledger": str(self.ledger),
            "workspace": str(self.workspace) if self.workspace else None,
            "checked": self.checked,
            "problems": [p.to_json() for p in self.problems],
            "unwritten": self.unwritten,
            "outside": self.outside,
            "edited": self.edited,
            "deep": self.deep,
        }

    def shown(self, file: str) -> str:
        """A file as a clerk reads it: relative to the workspace when inside it."""
        path = Path(file)
        if self.workspace is not None and path.is_relative_to(self.workspace):
            return str(path.relative_to(self.workspace))
        return file


def _check_file(
    root: WorkspaceRoot, kind: str, stored: str, sha256: str, doc_number: str | None
) -> VerifyProblem | None:
    file = root.locate(stored)
    found = sha256_or_none(file)
    if found is None:
        problem = "文件已删除或无法读取"
    elif found[0] != sha256:
        problem = "文件已改动（与台账记录的 sha256 不符）"
    else:
        return None
    return VerifyProblem(kind, str(file), problem, doc_number)


def _damaged(path: Path) -> VerifyProblem | None:
    """The ledger itself: missing, empty, not a ledger, or failing SQLite's integrity check."""
    state = ledger_state(path)
    if state != "ok":
        return VerifyProblem("台账", str(path), LedgerUnusable(path, state).message)
    rows = integrity_problems(path)
    if rows:
        return VerifyProblem("台账", str(path), "台账已损坏（SQLite 完整性检查）：" + "；".join(rows[:5]))
    return None


EDITED_ROW = "记录已被改动（校验和不符），视为不存在"


def edited_rows(ledger: Ledger) -> list[VerifyProblem]:
    """The rows edited outside perfcli: letters and returns whose checksum does not match their content,
    read-cache rows likewise, and a 文号 sequence set below a number already used."""
    db, root = ledger.db, ledger.root
    problems = []
    for table in SEALED:
        for row in db.execute(f"SELECT * FROM {table} ORDER BY id"):
            if not intact(table, row):
                column = FILE_COLUMNS[table]
                file = row[column] if column else None
                shown = str(root.locate(file)) if isinstance(file, str) and file else "-"
                doc_number = row["doc_number"] if table == "letters" else None
                problems.append(
                    VerifyProblem(f"台账 {table} 表第 {row['id']} 行", shown, EDITED_ROW, doc_number)
                )
    paths = {row["sha256"]: row["path"] for row in db.execute("SELECT sha256, path FROM returns")}
    for row in db.execute("SELECT rowid, sha256, cache_key, result, checksum FROM read_cache ORDER BY rowid"):
        blob, sha256 = row["result"], row["sha256"]
        sealed = isinstance(blob, bytes) and isinstance(sha256, str) and isinstance(row["cache_key"], str)
        if not sealed or row["checksum"] != cache_checksum(sha256, row["cache_key"], blob):
            file = paths.get(sha256)
            shown = str(root.locate(file)) if isinstance(file, str) else f"sha256 {str(sha256)[:16]}"
            problems.append(
                VerifyProblem(
                    f"台账 read_cache 表第 {row['rowid']} 行", shown, EDITED_ROW + "（下次校验时重新读取）"
                )
            )
    used = db.execute("SELECT prefix, year, MAX(number) AS top FROM letters GROUP BY prefix, year").fetchall()
    last = {(r["prefix"], r["year"]): r["last"] for r in db.execute("SELECT * FROM doc_sequences")}
    for row in used:
        given = last.get((row["prefix"], row["year"]))
        if not isinstance(given, int) or given < row["top"]:
            problems.append(
                VerifyProblem(
                    "台账 doc_sequences 表",
                    f"{row['prefix']} {row['year']}",
                    f"文号序列的已用编号（{given}）小于函件已用的 {row['top']} 号：记录已被改动；"
                    "perfcli 仍从见过的最大编号之后继续编号",
                )
            )
    return problems


def verify(*, deep: bool = False, config: ConfigArg = None) -> VerifyResult:
    """The ledger passes SQLite's integrity check; its letter, return and read-cache rows are as perfcli
    wrote them (checksums); every letter and form it recorded still exists with its sha256, where the
    workspace is now; and no .docx in a folder letters were written to is a letter the ledger does not know
    (an orphan). Files recorded outside the workspace are checked where they are and listed in `outside`.
    A damaged ledger is reported (with the way out), not raised. With `deep`, each cached reading of a
    return is compared with what reading the file again (without the cache) gives."""
    path = workspace_path(config)
    damaged = None if ledger_url(config_of(config)) else _damaged(path)  # a server's integrity is its own
    if damaged is not None:
        return VerifyResult(path, 0, [damaged])
    chosen = config_of(config)
    with workspace_ledger(chosen) as ledger:
        root = ledger.root
        letters = ledger.db.execute("SELECT * FROM letters WHERE file IS NOT NULL ORDER BY id").fetchall()
        forms = ledger.db.execute("SELECT * FROM forms_issued WHERE status = 'written'").fetchall()
        rows = edited_rows(ledger)
        if deep:
            from perfcli.api.verify_deep import compare_cache

            compared = compare_cache(ledger, chosen)
    result = VerifyResult(describe(ledger), 0, workspace=root.path, problems=rows)
    if deep:
        result.problems += compared.problems
        result.deep = compared.counts
    known: set[str] = set()
    for row in letters:
        known.add(row["file"])
        if not intact("letters", row):
            continue  # reported above: what it says of its file is not trusted
        if row["status"] == "reserved":
            if not root.locate(row["file"]).exists():
                result.unwritten.append(f"{row['doc_number']} {root.shown(row['file'])}")
            continue
        result.checked += 1
        problem = _check_file(root, "函件", row["file"], row["sha256"], row["doc_number"])
        if problem is not None and row["status"] == "issued":
            result.problems.append(problem)
        if row["edited_at"] and row["status"] == "issued":
            result.edited.append(
                f"{row['doc_number']} {root.shown(row['file'])}（{row['edited_by']}，{row['edited_at'][:10]}）"
            )
    for row in forms:
        result.checked += 1
        problem = _check_file(root, "监控表", row["file"], row["sha256"], None)
        if problem is not None:
            result.problems.append(problem)
    recorded = [row["file"] for row in letters if row["status"] != "reserved"]
    recorded += [row["file"] for row in forms]
    result.outside = sorted({str(root.locate(f)) for f in recorded if not root.inside(f)})
    folders = {root.locate(f).parent for f in known}
    for folder in sorted(folders):
        for docx in sorted(folder.glob("*.docx")) if folder.is_dir() else []:
            stored = root.store(docx)
            if stored not in known and not docx.name.startswith((".~", "~$")):
                result.problems.append(VerifyProblem("函件", str(docx), "无台账记录的函件文件"))
    return result
