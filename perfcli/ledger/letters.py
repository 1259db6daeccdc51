"""文号 and the letters that carry them.

One sequence per (发文机关代字, year); a number, once given, is never given again. The same letter (kind,
recipient, period) keeps its number when it is rendered again; a reissue takes a new number and marks the
old letter superseded. Numbers are taken inside one BEGIN IMMEDIATE transaction, so concurrent renders
queue for them and never share one. A letter's file is kept relative to the workspace."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from perfcli.ledger.store import Ledger, now_text


@dataclass(frozen=True)
class LetterKey:
    kind: str
    recipient: str
    period: str


@dataclass
class LetterNumber:
    """A letter's row in the ledger: its 文号 and, once written, its file and sha256 (the file as recorded:
    a letter written before and now rendered into another folder keeps its old file until recorded)."""

    id: int
    number: int
    doc_number: str
    file: str | None  # as the ledger keeps it (relative to the workspace)
    sha256: str | None
    status: str


LETTER_PROPERTIES = "perfcli."  # the custom document properties a letter carries start with this


def letter_properties(key: LetterKey, number: LetterNumber, prefix: str, issue: date) -> dict[str, str]:
    """What a letter carries in its document properties, so that a lost ledger can be rebuilt from it."""
    return {
        f"{LETTER_PROPERTIES}doc_number": number.doc_number,
        f"{LETTER_PROPERTIES}prefix": prefix,
        f"{LETTER_PROPERTIES}year": str(issue.year),
        f"{LETTER_PROPERTIES}number": str(number.number),
        f"{LETTER_PROPERTIES}kind": key.kind,
        f"{LETTER_PROPERTIES}recipient": key.recipient,
        f"{LETTER_PROPERTIES}period": key.period,
        f"{LETTER_PROPERTIES}issue_date": issue.isoformat(),
    }


def _live(db: sqlite3.Connection, key: LetterKey, prefix: str, year: int) -> sqlite3.Row | None:
    return db.execute(
        "SELECT * FROM letters WHERE kind = ? AND recipient = ? AND period = ? AND prefix = ? AND year = ?"
        " AND status != 'superseded' ORDER BY id DESC LIMIT 1",
        (key.kind, key.recipient, key.period, prefix, year),
    ).fetchone()


def _next_number(db: sqlite3.Connection, prefix: str, year: int, start: int) -> int:
    row = db.execute(
        "SELECT last FROM doc_sequences WHERE prefix = ? AND year = ?", (prefix, year)
    ).fetchone()
    number = max(start, (row["last"] + 1) if row else start)
    db.execute(
        "INSERT INTO doc_sequences (prefix, year, last) VALUES (?, ?, ?)"
        " ON CONFLICT (prefix, year) DO UPDATE SET last = excluded.last",
        (prefix, year, number),
    )
    return number


def number_letters(
    ledger: Ledger,
    keys: list[tuple[LetterKey, Path]],
    *,
    prefix: str,
    year: int,
    start: int,
    formatter: Any,
    reissue: bool = False,
) -> list[LetterNumber]:
    """A number for each (key, target file): kept when the letter has one, new otherwise (or on reissue)."""
    numbers: list[LetterNumber] = []
    with ledger.transaction() as db:
        for key, target in keys:
            file = ledger.root.store(target)
            row = _live(db, key, prefix, year)
            if row is not None and not reissue:
                recorded = row["file"]
                if recorded != file and row["sha256"] is None:  # not written yet: it goes where asked
                    db.execute("UPDATE letters SET file = ? WHERE id = ?", (file, row["id"]))
                    recorded = file
                # a written letter keeps its file and sha256 together until the new one is recorded
                numbers.append(
                    LetterNumber(
                        row["id"], row["number"], row["doc_number"], recorded, row["sha256"], row["status"]
                    )
                )
                continue
            number = _next_number(db, prefix, year, start)
            doc_number = formatter(number)
            cursor = db.execute(
                "INSERT INTO letters (prefix, year, number, doc_number, kind, recipient, period, file, status,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?)",
                (prefix, year, number, doc_number, key.kind, key.recipient, key.period, file, now_text()),
            )
            new_id = int(cursor.lastrowid or 0)
            if (
                row is not None
            ):  # conditional: a row already superseded stays superseded by its first successor
                db.execute(
                    "UPDATE letters SET status = 'superseded', superseded_by = ? WHERE id = ?"
                    " AND status != 'superseded'",
                    (new_id, row["id"]),
                )
            numbers.append(LetterNumber(new_id, number, doc_number, file, None, "reserved"))
    return numbers


def mark_rewriting(ledger: Ledger, letters: list[tuple[int, str]]) -> None:
    """(letter id, file) of letters written before that are about to be written again (the file is gone,
    moved to a new folder, or --force): back to reserved at their new file, in one transaction, so that a
    run stopped while writing them leaves files a rerun knows as its own. Only an issued letter changes."""
    with ledger.transaction() as db:
        db.executemany(
            "UPDATE letters SET status = 'reserved', sha256 = NULL, file = ? WHERE id = ? AND status = 'issued'",
            [(file, letter_id) for letter_id, file in letters],
        )


def record_issued(
    ledger: Ledger,
    issued: list[tuple[int, Path, str]],
    issue_date: str,
    then: Callable[[sqlite3.Connection], object] | None = None,
) -> list[int]:
    """(letter id, file, sha256) of every letter written, in one transaction, with what `then` records
    because they were issued (the 整改 items of 整改通知). A letter is marked issued only while it is
    still reserved or issued: one a concurrent reissue superseded meanwhile stays superseded (never
    revived). Returns the ids of those."""
    lost: list[int] = []
    with ledger.transaction() as db:
        for letter_id, file, sha in issued:
            cursor = db.execute(
                "UPDATE letters SET file = ?, sha256 = ?, issue_date = ?, status = 'issued'"
                " WHERE id = ? AND status IN ('reserved', 'issued')",
                (ledger.root.store(file), sha, issue_date, letter_id),
            )
            if cursor.rowcount == 0:
                lost.append(letter_id)
        if then is not None:
            then(db)
    return lost


def list_letters(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    """The letters, each with its file where it is now (an absolute path)."""
    sql = "SELECT * FROM letters" + (" WHERE period = ?" if period else "") + " ORDER BY prefix, year, number"
    rows = [dict(row) for row in ledger.db.execute(sql, (period,) if period else ())]
    for row in rows:
        if row["file"] is not None:
            row["file"] = str(ledger.root.locate(row["file"]))
    return rows
