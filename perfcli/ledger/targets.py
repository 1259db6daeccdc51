"""绩效目标 versions and the review steps taken on them (黑龙江 规程 一, seed 004: 业务股室 初审, 综合股 复审,
批复 with the budget; a change after 批复 goes through the same steps as a 调整).

Every 申报表 received is a version of its project's targets for the year, known by its content (the sha256 of
the declaration as read, TargetDeclaration.content_digest): the same targets seen again — the same file, or the
unit's whole workbook re-sent with another project corrected — are the version already recorded; different
ones are the next version (1, 2, …). A
version's declaration and its findings are kept as JSON through perfcli.model.codec (never pickle), and
each row carries a checksum (perfcli.ledger.checksums): a row edited outside perfcli is left out of the
listings, refused a decision, and named by `ledger verify`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from perfcli.errors import UsageError
from perfcli.ledger.checksums import intact, seal
from perfcli.ledger.connection import Database
from perfcli.ledger.store import Ledger, now_text
from perfcli.model import codec
from perfcli.model.findings import Finding
from perfcli.model.targets import TargetDecision, TargetDeclaration, TargetStatus, TargetVersion, in_force

__all__ = [
    "STEPS",
    "Step",
    "adjustment_of",
    "apply_decisions",
    "approved_versions",
    "count_latest",
    "iter_versions",
    "project_keys",
    "decision_refusals",
    "record_versions",
    "target_versions",
    "take_decisions",
    "take_decisions_in",
    "target_years",
]


@dataclass(frozen=True)
class Step:
    """One review step: the status a version must be in, and where each decision takes it."""

    name: str  # 初审 | 复审 | 批复
    awaits: str  # the status a version waits in for this step
    outcomes: dict[str, str]  # decision -> status it moves the version to
    actor: str  # who takes it, as a clerk says it


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "初审",
            TargetStatus.PENDING,
            {"通过": TargetStatus.FIRST_PASSED, "退回": TargetStatus.RETURNED},
            "业务股室",
        ),
        Step(
            "复审",
            TargetStatus.FIRST_PASSED,
            {"通过": TargetStatus.SECOND_PASSED, "退回": TargetStatus.RETURNED},
            "综合股",
        ),
        Step("批复", TargetStatus.SECOND_PASSED, {"批复": TargetStatus.APPROVED}, "财政部门"),
    )
}

_VERSION_COLUMNS = (
    "year, project_key, version, status, file, sha256, received, department_code, unit_code, adjustment,"
    " declaration, findings, recorded"
)


def _json(value: Any) -> str:
    return json.dumps(codec.encode(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def record_versions(ledger: Ledger, versions: list[TargetVersion]) -> list[TargetVersion]:
    """Record the versions received, in one transaction; each comes back as the ledger keeps it. A (project,
    sha256) already recorded for the year is returned as stored, not as a new version; a new one gets the
    project's next version number (1, 2, …) whatever number it came with."""
    with ledger.transaction() as db:
        return record_versions_in(db, versions)


def record_versions_in(db: Database, versions: list[TargetVersion]) -> list[TargetVersion]:
    """record_versions inside the caller's transaction (validate records returns and versions in one)."""
    recorded, written = [], []
    for version in versions:
        old = db.execute(
            "SELECT * FROM target_versions WHERE year = ? AND project_key = ? AND sha256 = ?",
            (version.year, version.project_key, version.sha256),
        ).fetchone()
        if old is not None:
            stored = _version(db, old) if intact("target_versions", old) else None
            recorded.append(stored or replace(version, version=int(old["version"])))
            continue
        top = db.execute(
            "SELECT MAX(version) FROM target_versions WHERE year = ? AND project_key = ?",
            (version.year, version.project_key),
        ).fetchone()[0]
        new = replace(version, version=int(top or 0) + 1, decisions=[])
        row = db.execute(
            f"INSERT INTO target_versions ({_VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (new.year, new.project_key, new.version, new.status, new.file, new.sha256, new.received,
             new.department_code, new.unit_code, int(new.adjustment), _json(new.declaration.without_cells()),
             _json(new.findings), now_text()),
        ).fetchone()  # fmt: skip
        written.append(int(row[0]))
        recorded.append(new)
    seal(db, "target_versions", written)
    return recorded


def adjustment_of(db: Database, year: int, key: str, sha256: str) -> tuple[bool, int | None]:
    """Whether the version of `key` with `sha256` (as recorded, else one received now) is a 调整, and the
    approved version before it: a version received after an approved one is a 调整."""
    old = db.execute(
        "SELECT version, adjustment FROM target_versions WHERE year = ? AND project_key = ? AND sha256 = ?",
        (year, key, sha256),
    ).fetchone()
    below = "" if old is None else " AND version < ?"
    approved = db.execute(
        "SELECT MAX(version) FROM target_versions WHERE year = ? AND project_key = ? AND status = ?" + below,
        (year, key, TargetStatus.APPROVED, *(() if old is None else (old["version"],))),
    ).fetchone()[0]
    if old is not None:
        return bool(old["adjustment"]), approved
    return approved is not None, approved


def target_versions(ledger: Ledger, year: int, *, history: bool = False) -> list[TargetVersion]:
    """The latest version of each project of `year` (with `history`, every version), each with its
    decisions, ordered by department code, unit code, project and version. Rows edited outside perfcli
    are left out (`ledger verify` names them). A city's year is 10,000 projects: iter_versions gives them
    one project at a time."""
    return list(iter_versions(ledger, year, history=history))


def iter_versions(ledger: Ledger, year: int, *, history: bool = False) -> Iterator[TargetVersion]:
    """target_versions one project at a time: the rows are read in order, a project's together, and each
    decoded only when it is given."""
    for rows in _by_project(ledger.db, year):
        yield from _versions(ledger.db, rows if history else rows[-1:])


def count_latest(ledger: Ledger, year: int, status: str) -> int:
    """How many projects' latest version stands `status` (without decoding the versions)."""
    return sum(1 for rows in _by_project(ledger.db, year) if rows[-1]["status"] == status)


def project_keys(ledger: Ledger, year: int) -> set[str]:
    """The projects of `year` some version was recorded for (without reading the versions)."""
    rows = ledger.db.execute("SELECT DISTINCT project_key FROM target_versions WHERE year = ?", (year,))
    return {str(row[0]) for row in rows}


def target_years(ledger: Ledger) -> list[int]:
    """The budget years some 绩效目标 version was recorded for."""
    rows = ledger.db.execute("SELECT DISTINCT year FROM target_versions ORDER BY year").fetchall()
    return [int(r[0]) for r in rows]


def approved_versions(ledger: Ledger, year: int) -> list[TargetVersion]:
    """Per project, the latest version whose status is 已批复: the targets in force, even while a 调整 is
    waiting for its own review; as in_force gives them (年度 indicators and money, no findings), read a
    project at a time."""
    found = []
    for rows in _by_project(ledger.db, year):
        approved = [r for r in rows if r["status"] == TargetStatus.APPROVED]
        found += [in_force(v) for v in _versions(ledger.db, approved[-1:])]
    return found


def decision_refusals(
    ledger: Ledger, year: int, decisions: list[tuple[str, int, TargetDecision]]
) -> dict[int, str]:
    """Why each decision that cannot be taken now is refused (by its index in `decisions`), in Chinese;
    the decisions are taken in order, as apply_decisions would, without writing anything."""
    return _walk(ledger.db, year, decisions)[1]


def apply_decisions(
    ledger: Ledger, year: int, decisions: list[tuple[str, int, TargetDecision]]
) -> list[TargetVersion]:
    """Take the decisions (project key, version, decision) in order, in one transaction, and return the
    versions they moved, as they are now. Only the allowed steps move a version (初审: 待审 → 初审通过 | 退回;
    复审: 初审通过 → 复审通过 | 退回; 批复: 复审通过 → 已批复), and only its latest version: if any decision
    cannot be taken, none is, and a UsageError says why for each (decision_refusals gives the same reasons
    beforehand). A city's 10,000 decisions: take_decisions, which does not read the versions back."""
    moved = take_decisions(ledger, year, decisions)
    return _versions(ledger.db, [_by_id(ledger.db, row_id) for row_id in moved])


def take_decisions(ledger: Ledger, year: int, decisions: list[tuple[str, int, TargetDecision]]) -> list[int]:
    """apply_decisions without reading the moved versions back: the ids of their rows."""
    with ledger.transaction() as db:
        return take_decisions_in(db, year, decisions)


def take_decisions_in(db: Database, year: int, decisions: list[tuple[str, int, TargetDecision]]) -> list[int]:
    """take_decisions inside the caller's transaction (the 批复 recorded with the letters that state it)."""
    moves, refused = _walk(db, year, decisions)
    if refused:
        raise UsageError(
            f"有 {len(refused)} 项审核结论不能登记，本次未登记任何结论：",
            details=[refused[i] for i in sorted(refused)],
        )
    for row_id, status, decision in moves:
        db.execute("UPDATE target_versions SET status = ? WHERE id = ?", (status, row_id))
        row = db.execute(
            "INSERT INTO target_decisions (version_id, step, decision, comment, at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (row_id, decision.step, decision.decision, decision.comment, decision.at or now_text()),
        ).fetchone()
        seal(db, "target_decisions", [int(row[0])])
    moved = sorted({row_id for row_id, _, _ in moves})
    seal(db, "target_versions", moved)
    return moved


def _walk(
    db: Database, year: int, decisions: list[tuple[str, int, TargetDecision]]
) -> tuple[list[tuple[int, str, TargetDecision]], dict[int, str]]:
    """The moves the decisions make (row id, new status, decision) and the refusals, taken in order."""
    status: dict[tuple[str, int], str] = {}
    moves, refused = [], {}
    for index, (key, number, decision) in enumerate(decisions):
        where = f"项目 {key} 第 {number} 版"
        step = STEPS.get(decision.step)
        row = db.execute(
            "SELECT * FROM target_versions WHERE year = ? AND project_key = ? AND version = ?",
            (year, key, number),
        ).fetchone()
        latest = db.execute(
            "SELECT MAX(version) FROM target_versions WHERE year = ? AND project_key = ?", (year, key)
        ).fetchone()[0]
        reason = None
        if step is None:
            reason = f"{where}：未知的审核环节“{decision.step}”（可选 {'、'.join(STEPS)}）"
        elif decision.decision not in step.outcomes:
            reason = (
                f"{where}：{step.name}的结论只能是 {'、'.join(step.outcomes)}，不能是“{decision.decision}”"
            )
        elif row is None:
            reason = f"{where}：台账中没有 {year} 年度的这一版本"
        elif not intact("target_versions", row):
            reason = f"{where}：台账记录已被改动（校验和不符），请先运行 perfcli ledger verify 查明"
        elif number != latest:
            reason = f"{where}：已不是最新版本（最新为第 {latest} 版），结论应针对最新版本作出"
        else:
            now = status.get((key, number), row["status"])
            if now != step.awaits:
                reason = (
                    f"{where}：状态为“{now}”，不在待{step.name}（{step.name}只受理“{step.awaits}”的版本）"
                )
        if reason is not None or step is None or row is None:
            refused[index] = reason or where
            continue
        target = step.outcomes[decision.decision]
        status[(key, number)] = target
        moves.append((int(row["id"]), target, decision))
    return moves, refused


def _by_project(db: Database, year: int) -> Iterator[list[Any]]:
    """The year's intact rows, a project's together (oldest first), the projects in the order of their latest
    version's department and unit; read a few hundred projects at a time, so a city's year is never held
    whole."""
    order = db.execute(
        "SELECT project_key FROM target_versions AS t WHERE year = ? AND version ="
        " (SELECT MAX(version) FROM target_versions WHERE year = t.year AND project_key = t.project_key)"
        " ORDER BY department_code, unit_code, project_key",
        (year,),
    ).fetchall()
    keys = [str(row[0]) for row in order]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        grouped: dict[str, list[Any]] = {key: [] for key in chunk}
        for row in db.execute(
            f"SELECT * FROM target_versions WHERE year = ? AND project_key IN ({marks}) ORDER BY version",
            (year, *chunk),
        ):
            if intact("target_versions", row):
                grouped[row["project_key"]].append(row)
        yield from (rows for rows in grouped.values() if rows)


_CHUNK = 500  # projects read at a time


def _by_id(db: Database, row_id: int) -> Any:
    return db.execute("SELECT * FROM target_versions WHERE id = ?", (row_id,)).fetchone()


def _versions(db: Database, rows: Iterable[Any]) -> list[TargetVersion]:
    rows = list(rows)
    decided = _decisions(db, [int(r["id"]) for r in rows])
    found = [_version(db, row, decided.get(int(row["id"]), [])) for row in rows]
    return [v for v in found if v is not None]


def _decisions(db: Database, ids: list[int]) -> dict[int, list[TargetDecision]]:
    if not ids:
        return {}
    found: dict[int, list[TargetDecision]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        marks = ", ".join("?" for _ in part)
        for row in db.execute(
            f"SELECT * FROM target_decisions WHERE version_id IN ({marks}) ORDER BY id", part
        ):
            if not intact("target_decisions", row):  # edited outside perfcli: as if not taken
                continue
            found.setdefault(int(row["version_id"]), []).append(
                TargetDecision(row["step"], row["decision"], row["at"], row["comment"])
            )
    return found


def _version(db: Database, row: Any, decisions: list[TargetDecision] | None = None) -> TargetVersion | None:
    """The version a row holds; None when its JSON does not decode (it was sealed, so perfcli wrote it:
    only a newer perfcli's records could fail here)."""
    if decisions is None:
        decisions = _decisions(db, [int(row["id"])]).get(int(row["id"]), [])
    try:
        declaration = codec.decode(TargetDeclaration, json.loads(row["declaration"]))
        findings = codec.decode(list[Finding], json.loads(row["findings"]))
    except (codec.CodecError, ValueError):
        return None
    return TargetVersion(
        project_key=row["project_key"],
        year=int(row["year"]),
        version=int(row["version"]),
        status=row["status"],
        declaration=declaration,
        findings=findings,
        file=row["file"],
        sha256=row["sha256"],
        received=row["received"],
        department_code=row["department_code"],
        unit_code=row["unit_code"],
        adjustment=bool(row["adjustment"]),
        decisions=decisions,
    )
