"""Rebuilding a lost or damaged ledger: the damaged file is kept aside (never deleted), a backup or an empty
ledger takes its place, and what the workspace's files prove is adopted — letters with their 文号 from their
document properties, generated forms from their identity. Each 文号 sequence resumes above the highest number
seen anywhere, so that no number already sent is given again."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.ledger.backups import copy_database, list_backups
from perfcli.ledger.checksums import damaged_ids, seal
from perfcli.ledger.store import Ledger, integrity_problems, ledger_state, now_text

LETTER_FIELDS = ("doc_number", "prefix", "year", "number", "kind", "recipient", "period")


@dataclass(frozen=True)
class FoundLetter:
    """A letter on disk whose document properties say which 文号 it carries."""

    prefix: str
    year: int
    number: int
    doc_number: str
    kind: str
    recipient: str
    period: str
    issue_date: str | None
    file: str
    sha256: str

    @classmethod
    def of_properties(cls, properties: dict[str, str], file: str, sha256: str) -> FoundLetter | None:
        """From a letter's `perfcli.*` properties; None when they are missing or not what perfcli writes."""
        values = {k[len("perfcli.") :]: v for k, v in properties.items() if k.startswith("perfcli.")}
        if any(not values.get(k) for k in LETTER_FIELDS):
            return None
        try:
            year, number = int(values["year"]), int(values["number"])
        except ValueError:
            return None
        if not (1 <= number < 10**7 and 1900 < year < 3000):
            return None
        return cls(
            values["prefix"], year, number, values["doc_number"], values["kind"], values["recipient"],
            values["period"], values.get("issue_date") or None, file, sha256,
        )  # fmt: skip


@dataclass(frozen=True)
class FoundForm:
    identity: str
    workbook: str
    unit: str
    period: str
    file: str
    sha256: str


def move_aside(path: Path) -> Path | None:
    """Rename the ledger (and its -wal, -shm) to perfcli.db.恢复前-YYYYmmdd-HHMMSS; None when there is none."""
    if not path.exists():
        return None
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    aside = path.with_name(f"{path.name}.恢复前-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, aside.with_name(aside.name + suffix))
    return aside


def choose_backup(path: Path, name: str | None) -> Path:
    """The backup called `name` (file name or path), or the newest; refused when none fits or it is damaged."""
    backups = list_backups(path)
    if not backups:
        raise UsageError(f"没有找到台账备份（{path.parent / '.perfcli' / 'backups'} 为空）。")
    if name is None:
        chosen = backups[-1]
    else:
        matches = [b for b in backups if name in (b.name, str(b), b.stem)]
        if not matches:
            raise UsageError(
                f"没有名为 {name} 的台账备份。",
                details=["可用的备份（最新的在最后）：", *(b.name for b in backups[-10:])],
            )
        chosen = matches[0]
    if ledger_state(chosen) != "ok" or integrity_problems(chosen):
        raise UsageError(f"台账备份 {chosen} 已损坏，请选择另一个备份。")
    return chosen


def restore(path: Path, backup: Path) -> None:
    """Put a copy of `backup` where the ledger was (atomically)."""
    partial = path.with_name(f".~{path.name}.restoring")
    try:
        partial.unlink(missing_ok=True)
        copy_database(backup, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def adopt_letters(ledger: Ledger, found: list[FoundLetter]) -> int:
    """Record the letters the ledger does not know (by prefix, year, number), as issued; for one (kind,
    recipient, period) the highest number stays live and the others are superseded. Every sequence is
    raised to the highest number seen. Returns how many letters were adopted."""
    adopted = 0
    with ledger.transaction() as db:
        edited, touched = damaged_ids(db, "letters"), set()
        for letter in sorted(found, key=lambda x: (x.prefix, x.year, x.number)):
            known = db.execute(
                "SELECT id FROM letters WHERE prefix = ? AND year = ? AND number = ?",
                (letter.prefix, letter.year, letter.number),
            ).fetchone()
            if known is None:
                cursor = db.execute(
                    "INSERT INTO letters (prefix, year, number, doc_number, kind, recipient, period, issue_date,"
                    " file, sha256, status, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued', ?)",
                    (
                        letter.prefix, letter.year, letter.number, letter.doc_number, letter.kind,
                        letter.recipient, letter.period, letter.issue_date, letter.file, letter.sha256,
                        now_text(),
                    ),
                )  # fmt: skip
                adopted += 1
                newest = int(cursor.lastrowid or 0)
                touched.add(newest)
                # any older live letter of the same key was superseded by this one (a reissue)
                older = db.execute(
                    "SELECT id FROM letters WHERE kind = ? AND recipient = ? AND period = ? AND prefix = ?"
                    " AND year = ? AND number < ? AND status != 'superseded'",
                    (letter.kind, letter.recipient, letter.period, letter.prefix, letter.year, letter.number),
                ).fetchall()
                older_ids = [int(r["id"]) for r in older if int(r["id"]) not in edited]
                db.executemany(
                    "UPDATE letters SET status = 'superseded', superseded_by = ? WHERE id = ?",
                    [(newest, i) for i in older_ids],
                )
                touched.update(older_ids)
                later = db.execute(
                    "SELECT id FROM letters WHERE kind = ? AND recipient = ? AND period = ? AND prefix = ?"
                    " AND year = ? AND number > ? ORDER BY number LIMIT 1",
                    (letter.kind, letter.recipient, letter.period, letter.prefix, letter.year, letter.number),
                ).fetchone()
                if later is not None:
                    db.execute(
                        "UPDATE letters SET status = 'superseded', superseded_by = ? WHERE id = ?",
                        (later["id"], newest),
                    )
            db.execute(
                "INSERT INTO doc_sequences (prefix, year, last) VALUES (?, ?, ?) ON CONFLICT (prefix, year)"
                " DO UPDATE SET last = CASE WHEN excluded.last > last THEN excluded.last ELSE last END",
                (letter.prefix, letter.year, letter.number),
            )
        seal(db, "letters", touched, damaged=edited)
    return adopted


def adopt_forms(ledger: Ledger, found: list[FoundForm]) -> int:
    """Record the generated workbooks the ledger does not know (by file) as written. Returns how many."""
    adopted = 0
    with ledger.transaction() as db:
        for form in found:
            cursor = db.execute(
                "INSERT INTO forms_issued (identity, workbook, unit, period, file, sha256, status, created)"
                " VALUES (?, ?, ?, ?, ?, ?, 'written', ?) ON CONFLICT (file) DO NOTHING",
                (form.identity, form.workbook, form.unit, form.period, form.file, form.sha256, now_text()),
            )
            adopted += cursor.rowcount
    return adopted


def sequences(ledger: Ledger) -> dict[str, int]:
    """Each sequence's last number given, as "新财绩 2026" -> 14."""
    rows = ledger.db.execute("SELECT prefix, year, last FROM doc_sequences ORDER BY prefix, year")
    return {f"{r['prefix']} {r['year']}": int(r["last"]) for r in rows}
