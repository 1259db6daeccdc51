"""The other outputs a command wrote in a workspace (问题清单, annotated copies): planned before writing,
their sha256 after, each step in one transaction — so that the same command run again, after a kill or
not, recognises its own files and completes, while a file someone else put there or changed is refused."""

from __future__ import annotations

from perfcli.ledger.store import Ledger, now_text


def recorded_outputs(ledger: Ledger, files: list[str]) -> dict[str, str | None]:
    """file -> recorded sha256 (None while planned) for those of `files` the ledger knows."""
    known: dict[str, str | None] = {}
    for start in range(0, len(files), 500):
        chunk = files[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in ledger.db.execute(f"SELECT file, sha256 FROM outputs WHERE file IN ({marks})", chunk):
            known[row["file"]] = row["sha256"]
    return known


def record_planned_outputs(ledger: Ledger, command: str, files: list[str]) -> None:
    with ledger.transaction() as db:
        db.executemany(
            "INSERT INTO outputs (file, command, sha256, status, created) VALUES (?, ?, NULL, 'planned', ?)"
            " ON CONFLICT (file) DO UPDATE SET command = excluded.command, sha256 = NULL, status = 'planned',"
            " created = excluded.created",
            [(file, command, now_text()) for file in files],
        )


def record_written_outputs(ledger: Ledger, written: list[tuple[str, str]]) -> None:
    """(file, sha256) of every output written, in one transaction."""
    with ledger.transaction() as db:
        db.executemany(
            "UPDATE outputs SET sha256 = ?, status = 'written' WHERE file = ?",
            [(sha, file) for file, sha in written],
        )


def bundled_files(ledger: Ledger, letter_sha256: str) -> list[tuple[str, str]]:
    """(file, sha256) of the attachments `render --bundle` put beside the letter whose file has
    `letter_sha256` (recorded by `record_bundle`), in file order."""
    rows = ledger.db.execute(
        "SELECT file, sha256 FROM outputs WHERE command = ? AND status = 'written' ORDER BY file",
        (bundle_command(letter_sha256),),
    ).fetchall()
    return [(row["file"], row["sha256"]) for row in rows]


def bundle_command(letter_sha256: str) -> str:
    """How the outputs table names the attachments of one letter (its file's sha256: a letter written
    again, with other words, has other attachments)."""
    return f"render --bundle {letter_sha256}"
