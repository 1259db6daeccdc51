"""文号 and the letters that carry them.

One sequence per (发文机关代字, year); a number, once given, is never given again. The same letter (kind,
recipient, period) keeps its number when it is rendered again; a reissue takes a new number and marks the
old letter superseded. Numbers are taken inside one BEGIN IMMEDIATE transaction, so concurrent renders
queue for them and never share one. A letter's file is kept relative to the workspace."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from perfcli.errors import Notice, UsageError
from perfcli.ledger.checksums import damaged_ids, intact, seal
from perfcli.ledger.connection import Database
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
    issue_date: str | None = None  # the 成文日期 it was issued with (None: not issued yet)
    out_of_order: str | None = None  # with backdate: the letter of the sequence this one is dated before
    # not written yet, at the file a row edited outside perfcli names: a file found there is not taken for
    # this run's own (it may be the letter that row stood for): refused unless --force, which keeps a copy
    after_edited: bool = False


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


def _live(
    db: Database, key: LetterKey, prefix: str, year: int
) -> tuple[sqlite3.Row | None, list[sqlite3.Row]]:
    """The letter of `key` that is live now, and the key's rows edited outside perfcli (their checksum does
    not match). An edited row counts as missing: the letter then takes a new number (said once, when the
    edited row is newer than the live one), never one the edited row shows."""
    rows = db.execute(
        "SELECT * FROM letters WHERE kind = ? AND recipient = ? AND period = ? AND prefix = ? AND year = ?"
        " ORDER BY id DESC",
        (key.kind, key.recipient, key.period, prefix, year),
    ).fetchall()
    live = next((r for r in rows if r["status"] != "superseded" and intact("letters", r)), None)
    edited = [r for r in rows if not intact("letters", r)]
    newer = [r for r in edited if live is None or r["id"] > live["id"]]
    if newer:
        shown = "、".join(f"{row['doc_number']}（第 {row['id']} 行）" for row in newer)
        warnings.warn(
            Notice(
                f"台账中 {key.recipient} 的函件记录 {shown} 已被改动（校验和不符），视为不存在：不沿用其文号，"
                "另取新号；其原有文件不会被直接覆盖。perfcli ledger verify 列出被改动的记录。"
            ),
            stacklevel=4,
        )
    return live, edited


def _next_number(db: Database, prefix: str, year: int, start: int) -> int:
    """The next number of the sequence: above its last number and above every number a letter row shows
    (edited rows too), so that no number is given twice."""
    row = db.execute(
        "SELECT last FROM doc_sequences WHERE prefix = ? AND year = ?", (prefix, year)
    ).fetchone()
    seen = db.execute(
        "SELECT MAX(number) FROM letters WHERE prefix = ? AND year = ?", (prefix, year)
    ).fetchone()
    number = max(start, (row["last"] + 1) if row else start, int(seen[0] or 0) + 1)
    db.execute(
        "INSERT INTO doc_sequences (prefix, year, last) VALUES (?, ?, ?)"
        " ON CONFLICT (prefix, year) DO UPDATE SET last = excluded.last",
        (prefix, year, number),
    )
    return number


def _out_of_order(db: Database, prefix: str, year: int, number: int | None, day: str) -> str | None:
    """The issued letter of the sequence that a letter numbered `number` (None: the next number) and dated
    `day` would be out of order with: a lower number dated later, or a higher number dated earlier."""
    rows = db.execute(
        "SELECT * FROM letters WHERE prefix = ? AND year = ? AND status = 'issued' AND issue_date IS NOT NULL",
        (prefix, year),
    ).fetchall()
    for row in sorted((r for r in rows if intact("letters", r)), key=lambda r: r["number"]):
        if row["number"] == number:
            continue
        before = number is None or row["number"] < number
        if (row["issue_date"] > day) if before else (row["issue_date"] < day):
            return f"{row['doc_number']}（成文日期 {row['issue_date']}）"
    return None


def number_letters(
    ledger: Ledger,
    keys: list[tuple[LetterKey, Path]],
    *,
    prefix: str,
    year: int,
    start: int,
    formatter: Any,
    reissue: bool = False,
    issue_date: str | None = None,
    backdate: bool = False,
) -> list[LetterNumber]:
    """A number for each (key, target file): kept when the letter has one, new otherwise (or on reissue).

    文号 follow the order of their 成文日期: a letter dated `issue_date` that would stand out of order with
    one already issued in the sequence is refused (nothing is numbered), unless `backdate`; then its
    LetterNumber.out_of_order names the letter it is dated before, for the output to say so."""
    numbers: list[LetterNumber] = []
    with ledger.transaction() as db:
        for key, target in keys:
            file = ledger.root.store(target)
            row, edited = _live(db, key, prefix, year)
            # a file at the target that an edited row names is not taken for this run's own until written
            after_edited = any(e["file"] == file for e in edited)
            keep = row is not None and not reissue
            clash = (
                _out_of_order(db, prefix, year, row["number"] if keep and row else None, issue_date)
                if issue_date and not (keep and row and row["issue_date"] == issue_date)
                else None
            )
            if clash and not backdate:
                raise UsageError(
                    f"成文日期 {issue_date} 早于本年度已编号的 {clash}，文号将与成文日期顺序不符。",
                    details=[
                        "如确需倒签，请加 --backdate（输出中会注明）；否则请改用不早于该函件的 --date。"
                    ],
                )
            if keep and row is not None:
                recorded = row["file"]
                if recorded != file and row["sha256"] is None:  # not written yet: it goes where asked
                    db.execute("UPDATE letters SET file = ? WHERE id = ?", (file, row["id"]))
                    seal(db, "letters", [row["id"]])
                    recorded = file
                # a written letter keeps its file and sha256 together until the new one is recorded
                numbers.append(
                    LetterNumber(
                        row["id"],
                        row["number"],
                        row["doc_number"],
                        recorded,
                        row["sha256"],
                        row["status"],
                        row["issue_date"],
                        clash,
                        after_edited and row["sha256"] is None,
                    )  # fmt: skip
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
            seal(db, "letters", [new_id] + ([row["id"]] if row is not None else []))
            numbers.append(
                LetterNumber(new_id, number, doc_number, file, None, "reserved", None, clash, after_edited)
            )
    return numbers


def mark_rewriting(ledger: Ledger, letters: list[tuple[int, str]]) -> None:
    """(letter id, file) of letters written before that are about to be written again (the file is gone,
    moved to a new folder, or --force): back to reserved at their new file, in one transaction, so that a
    run stopped while writing them leaves files a rerun knows as its own. Only an issued letter changes."""
    with ledger.transaction() as db:
        edited = damaged_ids(db, "letters", [letter_id for letter_id, _ in letters])
        db.executemany(
            "UPDATE letters SET status = 'reserved', sha256 = NULL, file = ? WHERE id = ? AND status = 'issued'",
            [(file, letter_id) for letter_id, file in letters if letter_id not in edited],
        )
        seal(db, "letters", [letter_id for letter_id, _ in letters], damaged=edited)


def record_issued(
    ledger: Ledger,
    issued: list[tuple[int, Path, str]],
    issue_date: str,
    then: Callable[[Database], object] | None = None,
) -> list[int]:
    """(letter id, file, sha256) of every letter written, in one transaction, with what `then` records
    because they were issued (the 整改 items of 整改通知). A letter is marked issued only while it is
    still reserved or issued: one a concurrent reissue superseded meanwhile stays superseded (never
    revived), and so does one edited outside perfcli meanwhile. Returns the ids of those."""
    lost: list[int] = []
    with ledger.transaction() as db:
        edited = damaged_ids(db, "letters", [letter_id for letter_id, _, _ in issued])
        for letter_id, file, sha in issued:
            if letter_id in edited:
                lost.append(letter_id)
                continue
            cursor = db.execute(
                "UPDATE letters SET file = ?, sha256 = ?, issue_date = ?, status = 'issued'"
                " WHERE id = ? AND status IN ('reserved', 'issued')",
                (ledger.root.store(file), sha, issue_date, letter_id),
            )
            if cursor.rowcount == 0:
                lost.append(letter_id)
        seal(db, "letters", [letter_id for letter_id, _, _ in issued], damaged=edited)
        if then is not None:
            then(db)
    return lost


def list_letters(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    """The letters, each with its file where it is now (an absolute path), and whether its row is as
    perfcli wrote it (`intact`, instead of the checksum)."""
    sql = "SELECT * FROM letters" + (" WHERE period = ?" if period else "") + " ORDER BY prefix, year, number"
    rows = [dict(row) for row in ledger.db.execute(sql, (period,) if period else ())]
    for row in rows:
        row["intact"] = intact("letters", row)
        row.pop("checksum", None)
        if row["file"] is not None:
            row["file"] = str(ledger.root.locate(row["file"]))
    return rows


def accept_edited(ledger: Ledger, file: str, sha256: str, who: str) -> dict[str, Any] | None:
    """Record a letter edited by hand (a line softened in Word before signing) as the issued version: its
    new sha256, who accepted it and when; the 文号 stays, and the sha256 perfcli wrote is kept. None when
    the ledger has no issued letter at `file`."""
    with ledger.transaction() as db:
        row = db.execute(
            "SELECT * FROM letters WHERE file = ? AND status = 'issued' ORDER BY id DESC LIMIT 1", (file,)
        ).fetchone()
        if row is None:
            return None
        if not intact("letters", row):
            raise UsageError(
                f"台账中函件 {row['doc_number']} 的记录已被改动（校验和不符），不能据此认可 {file}。",
                details=[
                    "perfcli ledger verify 列出被改动的记录；可用 perfcli ledger recover --from-backup 恢复。"
                ],
            )
        db.execute(
            "UPDATE letters SET sha256 = ?, edited_by = ?, edited_at = ?,"
            " generated_sha256 = COALESCE(generated_sha256, sha256) WHERE id = ?",
            (sha256, who, now_text(), row["id"]),
        )
        seal(db, "letters", [row["id"]])
        return dict(db.execute("SELECT * FROM letters WHERE id = ?", (row["id"],)).fetchone())
