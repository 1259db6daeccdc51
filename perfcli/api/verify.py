"""`perfcli ledger verify`: the ledger passes SQLite's integrity check, and every file it recorded is still
there as it was recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg
from perfcli.api.ledger import workspace_ledger, workspace_path
from perfcli.io.digest import sha256_or_none
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.store import LedgerUnusable, integrity_problems, ledger_state

OUTSIDE_NOTE = "位于工作区之外（移动或复制工作区时不随之移动，核对的是原处的文件）"


@dataclass
class VerifyProblem:
    kind: str  # 函件 / 监控表
    file: str  # where the file is now (an absolute path)
    problem: str  # 文件已删除 / 文件已改动 / 无记录的编号文件
    doc_number: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class VerifyResult:
    ledger: Path
    checked: int
    problems: list[VerifyProblem] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)  # 文号 taken by a run that did not finish
    workspace: Path | None = None  # the root the ledger's relative paths were checked under
    outside: list[str] = field(default_factory=list)  # recorded files outside the workspace (absolute)
    edited: list[str] = field(default_factory=list)  # 已人工修改: accepted hand edits (文号 file, who, when)

    def to_json(self) -> dict[str, Any]:
        return {
            "ledger": str(self.ledger),
            "workspace": str(self.workspace) if self.workspace else None,
            "checked": self.checked,
            "problems": [p.to_json() for p in self.problems],
            "unwritten": self.unwritten,
            "outside": self.outside,
            "edited": self.edited,
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


def verify(*, config: ConfigArg = None) -> VerifyResult:
    """The ledger passes SQLite's integrity check; every letter and form it recorded still exists with its
    sha256, where the workspace is now; and no .docx in a folder letters were written to is a letter the
    ledger does not know (an orphan). Files recorded outside the workspace are checked where they are and
    listed in `outside`. A damaged ledger is reported (with the way out), not raised."""
    path = workspace_path(config)
    damaged = _damaged(path)
    if damaged is not None:
        return VerifyResult(path, 0, [damaged])
    with workspace_ledger(config) as ledger:
        root = ledger.root
        letters = ledger.db.execute("SELECT * FROM letters WHERE file IS NOT NULL ORDER BY id").fetchall()
        forms = ledger.db.execute("SELECT * FROM forms_issued WHERE status = 'written'").fetchall()
    result = VerifyResult(ledger.path, 0, workspace=root.path)
    known: set[str] = set()
    for row in letters:
        known.add(row["file"])
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
