"""整改 items. Each finding a 问题整改通知 lists becomes one when the letter is issued (整改-2026Q2-0007); later
validations judge it: resolved when a newer return of the same project no longer has the finding, open
while the finding persists, 无法核实 when the unit's newer return no longer holds the project. A letter
never closes an item: only a return does, and the ledger says which file showed it and when (kept relative
to the workspace, given where it is now)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfcli.ledger.checksums import intact
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.store import Ledger
from perfcli.model.period import Period
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster

Key = tuple[str, str, str]  # (form identity, rule code, field or cell)


@dataclass(frozen=True)
class Raised:
    """A finding a 整改通知 lists, as the ledger keys it."""

    form_identity: str
    code: str
    place: str  # the field, else the cell ("" for the whole file)
    severity: str
    message: str
    unit_name: str = ""
    unit_kind: str = ""
    department: str = ""
    project_name: str = ""

    @property
    def key(self) -> Key:
        return (self.form_identity, self.code, self.place)


def item_id(period: str, seq: int) -> str:
    return f"整改-{period}-{seq:04d}"


def _split(identity: str) -> tuple[str, str]:
    unit, _, project = identity.rpartition("/")  # a sheet name never holds "/"
    return unit, project


def raise_items(
    db: Database,
    *,
    period: str,
    letter_id: int | None,
    doc_number: str,
    raised: str,
    items: list[Raised],
) -> list[str]:
    """New items for what an issued letter lists, inside the caller's transaction. A finding an unresolved
    item already covers (the same form, rule and place) raises nothing new. Returns the new IDs."""
    unresolved = {
        (row[0], row[1], row[2])
        for row in db.execute(
            "SELECT form_identity, code, place FROM rectifications WHERE status != 'resolved'"
        )
    }
    last = db.execute("SELECT MAX(seq) FROM rectifications WHERE period = ?", (period,)).fetchone()[0]
    seq = int(last or 0)
    new: list[str] = []
    for item in items:
        if item.key in unresolved:
            continue
        unresolved.add(item.key)
        seq += 1
        unit, project = _split(item.form_identity)
        origin = db.execute(  # the COALESCE is Finding.place in SQL
            "SELECT r.sha256 FROM findings f JOIN returns r ON r.id = f.return_id WHERE f.period = ?"
            " AND f.form_identity = ? AND f.code = ? AND COALESCE(NULLIF(f.field, ''), NULLIF(f.cell, ''), '') = ?"
            " AND r.superseded_by IS NULL ORDER BY r.id DESC LIMIT 1",
            (period, *item.key),
        ).fetchone()
        db.execute(
            "INSERT INTO rectifications (id, period, seq, unit, unit_name, unit_kind, department, project,"
            " project_name, form_identity, code, place, severity, message, letter_id, doc_number, raised,"
            " origin_sha256, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
            (item_id(period, seq), period, seq, unit, item.unit_name, item.unit_kind, item.department, project,
             item.project_name, item.form_identity, item.code, item.place, item.severity, item.message,
             letter_id, doc_number, raised, origin[0] if origin else None),
        )  # fmt: skip
        new.append(item_id(period, seq))
    return new


class _Seen:
    """What one newer return shows: the forms it holds and the findings they have now. The forms come from
    the roster projects the batch matched; a file's records are unpacked (slow at city scale) only when an
    item asks for a form that is not one of them (a sheet without a roster project, e.g. 附表2)."""

    def __init__(self, result: FileResult, root: WorkspaceRoot) -> None:
        self.result = result
        self.path = root.store(result.path)
        self.sha256 = result.sha256 or ""
        self.keys = {(result.form_identity(f.sheet), f.code, f.place) for f in result.findings}
        self.identities = {result.form_identity(None)} | {key[0] for key in self.keys}
        self.identities |= {f"{result.owner}/{code}" for code in result.project_codes.values()}
        self.unpacked = False

    def holds(self, identity: str) -> bool:
        if identity not in self.identities and not self.unpacked:
            self.unpacked = True
            self.identities |= {self.result.form_identity(r.sheet) for r in self.result.records}
        return identity in self.identities


def judge(
    db: Database,
    root: WorkspaceRoot,
    period: str | None,
    files: Iterable[FileResult],
    today: str,
    roster: Roster | None = None,
) -> int:
    """Judge the unresolved items by a validation of `period` (inside its transaction); returns how many
    were judged. Only returns other than the one that raised an item count (a corrected copy in the same
    period, or a later period's return); a unit with no such return leaves its items as they were. The
    roster, when given, tells a project no longer in it (completed or cancelled) from one left out."""
    if not period:
        return 0
    rows = db.execute("SELECT * FROM rectifications WHERE status != 'resolved'").fetchall()
    now = Period.parse(period)
    due = [r for r in rows if Period.parse(r["period"]) <= now]
    if not due:
        return 0
    units = {r["unit"] for r in due}
    evidence: dict[str, list[_Seen]] = {}
    for result in files:
        if result.status == "read" and result.sha256 and result.owner in units:
            evidence.setdefault(result.owner, []).append(_Seen(result, root))
    judged = 0
    for row in due:
        later = Period.parse(row["period"]) < now
        seen = [
            s for s in evidence.get(row["unit"], [])
            if s.sha256 != row["origin_sha256"] and (later or row["origin_sha256"] is not None)
        ]  # fmt: skip
        if not seen:
            continue
        judged += 1
        key = (row["form_identity"], row["code"], row["place"])
        holding = [s for s in seen if s.holds(row["form_identity"])]
        persisting = [s for s in holding if key in s.keys]
        if persisting:
            status, shown, reason = "open", persisting[0], None
        elif holding:
            status, shown, reason = "resolved", holding[0], None
        else:
            status, shown = "unverifiable", seen[0]
            reason = _unverifiable(now, Path(shown.path).name, row["project"], roster)
        # resolved as of the day the return that shows it was received (a letter dated between then and
        # this validation counts it resolved), else of this validation
        judged_on = shown.result.received or today
        db.execute(
            "UPDATE rectifications SET status = ?, resolved = ?, evidence = ?, reason = ?, checked = ?"
            " WHERE id = ?",
            (status, None if status == "open" else judged_on, shown.path, reason, today, row["id"]),
        )
    return judged


def _unverifiable(now: Period, file: str, project: str, roster: Roster | None) -> str:
    if roster is not None and roster.project_or_none(project) is None:
        return f"{now.name}名册中已无该项目（可能已完工或撤销），报送的《{file}》中也没有，无法核实整改情况"
    return f"{now.name}报送的《{file}》中没有该项目，无法核实整改情况"


def to_json(row: sqlite3.Row | dict[str, Any], root: WorkspaceRoot) -> dict[str, Any]:
    """An item as `perfcli ledger rectifications --json` gives it (the evidence file where it is now)."""
    return {
        "id": row["id"],
        "unit": row["unit_name"] or row["unit"],
        "unit_code": row["unit"],
        "department": row["department"] or None,
        "project": row["project_name"] or row["project"],
        "project_code": row["project"],
        "period": row["period"],
        "code": row["code"],
        "message": row["message"],
        "letter": row["doc_number"],
        "raised": row["raised"],
        "status": row["status"],
        "resolved": row["resolved"],
        "evidence": str(root.locate(row["evidence"])) if row["evidence"] else None,
        "reason": row["reason"],
    }


def list_items(ledger: Ledger, *, open_only: bool = False, unit: str | None = None) -> list[dict[str, Any]]:
    """The items, oldest first; `open_only` keeps those not resolved (open or 无法核实: neither is
    整改 shown), `unit` those of one unit (code or name) or of one department's units (name)."""
    sql = "SELECT * FROM rectifications" + (" WHERE status != 'resolved'" if open_only else "")
    rows = [to_json(r, ledger.root) for r in ledger.db.execute(sql + " ORDER BY period, seq")]
    if unit:
        rows = [r for r in rows if unit in (r["unit"], r["unit_code"], r["department"])]
    return rows


def unresolved_before(ledger: Ledger, period: str, as_of: str | None = None) -> list[dict[str, Any]]:
    """Items raised in periods before `period` and not resolved: what the next 整改通知 carries forward.
    With `as_of` (an ISO date), as they stood that day: raised by then, and not resolved by then (an item
    resolved later reads as open)."""
    now = Period.parse(period)
    items = []
    for row in ledger.db.execute("SELECT * FROM rectifications ORDER BY period, seq"):
        item = dict(row)
        if as_of is not None:
            if item["raised"][:10] > as_of:
                continue
            if item["status"] != "open" and (item["resolved"] or "")[:10] > as_of:
                item["status"] = "open"  # judged after that day
        if item["status"] != "resolved" and Period.parse(item["period"]) < now:
            items.append(item)
    return items


def open_counts(ledger: Ledger) -> dict[str, int]:
    """Open items per unit (code), for `status`."""
    rows = ledger.db.execute("SELECT unit, COUNT(*) FROM rectifications WHERE status = 'open' GROUP BY unit")
    return {str(unit): int(n) for unit, n in rows}


def tally(ledger: Ledger, period: str, as_of: str | None = None) -> dict[str, tuple[int, int, int]]:
    """Per department (name): items raised in `period`, how many resolved, how many 无法核实 — with `as_of`
    (an ISO date), as judged by that day."""
    counts: dict[str, tuple[int, int, int]] = {}
    rows = ledger.db.execute(
        "SELECT department, status, resolved FROM rectifications WHERE period = ?", (period,)
    )
    for department, status, judged in rows:
        if as_of is not None and status != "open" and (judged or "")[:10] > as_of:
            status = "open"
        raised, resolved, unverifiable = counts.get(department or "", (0, 0, 0))
        counts[department or ""] = (
            raised + 1,
            resolved + (status == "resolved"),
            unverifiable + (status == "unverifiable"),
        )
    return counts


def previous_round(ledger: Ledger, period: str) -> str | None:
    """The latest period before `period` whose 整改通知 were issued: the 上期 the letters report on."""
    now = Period.parse(period)
    rows = ledger.db.execute("SELECT * FROM letters WHERE kind = 'rectification' AND status = 'issued'")
    found = {r["period"] for r in rows if intact("letters", r)}  # an edited row counts as missing
    earlier = sorted(p for p in (Period.parse(r) for r in found) if p < now)
    return earlier[-1].code if earlier else None
