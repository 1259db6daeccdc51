"""The forms issued: each workbook generate planned and wrote, with its sha256 once written.

A run records its plan (status planned) before writing and the files' digests after, each step in one
transaction: a file found at a planned path after a killed run is that run's own and is written again.
Files are matched as the ledger keeps them (relative to the workspace), so a moved workspace's files are
still its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perfcli.ledger.store import Ledger, now_text


@dataclass(frozen=True)
class IssuedForm:
    identity: str  # workbook kind : unit or department code : period
    workbook: str  # unit | department
    unit: str
    period: str
    file: Path


def recorded_forms(ledger: Ledger, files: list[Path]) -> dict[Path, str | None]:
    """file -> recorded sha256 (None while planned) for those of `files` the ledger knows."""
    stored = {ledger.root.store(file): file for file in files}
    names = list(stored)
    known: dict[Path, str | None] = {}
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in ledger.db.execute(f"SELECT file, sha256 FROM forms_issued WHERE file IN ({marks})", chunk):
            known[stored[row["file"]]] = row["sha256"]
    return known


def record_planned(ledger: Ledger, forms: list[IssuedForm]) -> None:
    with ledger.transaction() as db:
        db.executemany(
            "INSERT INTO forms_issued (identity, workbook, unit, period, file, sha256, status, created)"
            " VALUES (?, ?, ?, ?, ?, NULL, 'planned', ?) ON CONFLICT (file) DO UPDATE SET"
            " identity = excluded.identity, workbook = excluded.workbook, unit = excluded.unit,"
            " period = excluded.period, sha256 = NULL, status = 'planned', created = excluded.created",
            [
                (f.identity, f.workbook, f.unit, f.period, ledger.root.store(f.file), now_text())
                for f in forms
            ],
        )


def record_written(ledger: Ledger, written: list[tuple[Path, str]]) -> None:
    """(file, sha256) of every workbook written, in one transaction."""
    with ledger.transaction() as db:
        db.executemany(
            "UPDATE forms_issued SET sha256 = ?, status = 'written' WHERE file = ?",
            [(sha, ledger.root.store(file)) for file, sha in written],
        )
