"""The ledger's tables, as numbered migrations: a workspace made by any earlier perfcli is brought up to
date when it is opened, in one transaction. PRAGMA user_version holds the number of migrations applied.
A migration is SQL, or a function of the connection and the workspace root when it needs the files."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePath

from perfcli.ledger.checksums import seal_all
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot, is_absolute_text, pure_path

Migration = str | Callable[[Database, WorkspaceRoot], None]

# the columns that hold a file's path: (table, key column, path column)
PATH_COLUMNS = (
    ("forms_issued", "id", "file"),
    ("letters", "id", "file"),
    ("returns", "id", "path"),
    ("rectifications", "id", "evidence"),
)


def _relative_paths(db: Database, root: WorkspaceRoot) -> None:
    """Paths relative to the workspace root (perfcli.ledger.paths). A path under the root becomes relative.
    A ledger moved (or copied) before this migration holds the paths of the folder it was in then: that
    folder is recognised by its recorded files being found under the root at the same relative places,
    and its paths become relative too. Any other path stays absolute."""
    rows = [
        (table, key, column, row[0], row[1])
        for table, key, column in PATH_COLUMNS
        for row in db.execute(f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")
        if is_absolute_text(row[1])
    ]
    here = PurePath(root.path)
    absolute = [pure_path(text) for *_, text in rows]
    former = _former_root([p for p in absolute if not p.is_relative_to(here)], root.path)
    # under the root first: a path of the former folder gives way to the same file recorded here since
    order = sorted(zip(rows, absolute, strict=True), key=lambda item: not item[1].is_relative_to(here))
    for (table, key, column, row_id, _), path in order:
        base = here if path.is_relative_to(here) else former
        if base is None or not path.is_relative_to(base):
            continue
        relative = path.relative_to(base).as_posix()
        try:
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (relative, row_id))
        except sqlite3.IntegrityError:
            if table == "forms_issued":  # planned again here after the move: the old row is stale
                db.execute("DELETE FROM forms_issued WHERE id = ?", (row_id,))
            # a return recorded at both places keeps its old row (and absolute path) as history


def _former_root(paths: list[PurePath], root: Path) -> PurePath | None:
    """The folder a moved ledger's workspace was in: for each path, the shallowest folder whose tail of the
    path names an existing file under `root`; the folder most paths point to, if at least half the paths
    under it are found so (a folder outside the workspace that happens to hold a like-named file is not)."""
    votes: Counter[PurePath] = Counter()
    for path in paths:
        for depth in range(1, len(path.parts)):
            base = type(path)(*path.parts[:depth])
            if PurePath(root).is_relative_to(base):
                continue  # a folder above the workspace is not where it was
            if root.joinpath(*path.parts[depth:]).exists():
                votes[base] += 1
                break
    if not votes:
        return None
    best, found = votes.most_common(1)[0]
    under = sum(1 for p in paths if p.is_relative_to(best))
    return best if 2 * found >= under else None


def _row_checksums(db: Database, root: WorkspaceRoot) -> None:
    """Letters and returns carry a checksum of their content (perfcli.ledger.checksums); the rows already
    there are sealed as they are. (The tables named, not all of SEALED: tables sealed since are made by
    later migrations with their checksum column.)"""
    for table in ("letters", "returns"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
        seal_all(db, table)


def apply_migrations(db: Database, start: int, stop: int, root: WorkspaceRoot) -> None:
    """Migrations start+1 .. stop, inside the caller's transaction (statements one by one: executescript
    would commit)."""
    for step in MIGRATIONS[start:stop]:
        if isinstance(step, str):
            for statement in step.split(";"):
                if statement.strip():
                    db.execute(statement)
        else:
            step(db, root)


# Each entry is one schema version; never edit a released entry, append a new one.
MIGRATIONS: tuple[Migration, ...] = (
    # 1: 文号 sequences, the letters that carry them, the forms issued
    """
    CREATE TABLE doc_sequences (
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
    );
    CREATE TABLE letters (
        id INTEGER PRIMARY KEY,
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        number INTEGER NOT NULL,
        doc_number TEXT NOT NULL,
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        period TEXT NOT NULL,
        issue_date TEXT,
        file TEXT,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('reserved', 'issued', 'superseded')),
        superseded_by INTEGER REFERENCES letters (id),
        created TEXT NOT NULL,
        UNIQUE (prefix, year, number)
    );
    CREATE INDEX letters_by_recipient ON letters (kind, recipient, period);
    CREATE TABLE forms_issued (
        id INTEGER PRIMARY KEY,
        identity TEXT NOT NULL,
        workbook TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        file TEXT NOT NULL UNIQUE,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('planned', 'written')),
        created TEXT NOT NULL
    );
    """,
    # 2: returns received and their findings
    """
    CREATE TABLE returns (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        saved_at TEXT,
        received_at TEXT NOT NULL,
        received TEXT,
        unit TEXT,
        period TEXT,
        identity TEXT,
        status TEXT NOT NULL,
        reason TEXT,
        superseded_by INTEGER REFERENCES returns (id),
        last_validated TEXT NOT NULL,
        UNIQUE (path, sha256)
    );
    CREATE TABLE findings (
        row INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        return_id INTEGER REFERENCES returns (id) ON DELETE CASCADE,
        period TEXT,
        form_identity TEXT NOT NULL,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        field TEXT,
        sheet TEXT,
        cell TEXT,
        message TEXT NOT NULL
    );
    CREATE INDEX findings_by_return ON findings (return_id);
    CREATE INDEX findings_by_period ON findings (period, code);
    """,
    # 3: what reading a file gave, by content, so that an unchanged file is not read again
    """
    CREATE TABLE read_cache (
        sha256 TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        result BLOB NOT NULL,
        stored TEXT NOT NULL,
        PRIMARY KEY (sha256, cache_key)
    );
    """,
    # 4: 整改 items: raised when the 整改通知 that lists them is issued, judged by later validations
    """
    CREATE TABLE rectifications (
        id TEXT PRIMARY KEY,
        period TEXT NOT NULL,
        seq INTEGER NOT NULL,
        unit TEXT NOT NULL,
        unit_name TEXT,
        unit_kind TEXT,
        department TEXT,
        project TEXT,
        project_name TEXT,
        form_identity TEXT NOT NULL,
        code TEXT NOT NULL,
        place TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        letter_id INTEGER REFERENCES letters (id),
        doc_number TEXT,
        raised TEXT NOT NULL,
        origin_sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'unverifiable')),
        resolved TEXT,
        evidence TEXT,
        reason TEXT,
        checked TEXT,
        UNIQUE (period, seq)
    );
    CREATE INDEX rectifications_by_status ON rectifications (status, unit);
    CREATE INDEX rectifications_by_key ON rectifications (form_identity, code, place);
    """,
    # 5: files kept relative to the workspace root, so that a moved or copied workspace finds its own
    _relative_paths,
    # 6: read-cache rows carry a checksum of their content, so a row edited outside perfcli is not
    # trusted; the rows cached before have none (and may be pickles), so they go
    """
    DELETE FROM read_cache;
    ALTER TABLE read_cache ADD COLUMN checksum TEXT NOT NULL DEFAULT '';
    """,
    # 7: the other outputs a command wrote (问题清单, annotated copies), so that a rerun recognises its own
    """
    CREATE TABLE outputs (
        file TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        sha256 TEXT,
        status TEXT NOT NULL CHECK (status IN ('planned', 'written')),
        created TEXT NOT NULL
    );
    """,
    # 8: mail — messages received with their attachments, addresses learned, mails sent (self-contained:
    # it refers to no other table, so it can be renumbered when migrations are merged)
    """
    CREATE TABLE mails_received (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        sender TEXT NOT NULL,
        subject TEXT NOT NULL,
        date TEXT,
        local_date TEXT,
        period TEXT,
        unit TEXT,
        source TEXT NOT NULL,
        received TEXT NOT NULL
    );
    CREATE TABLE mail_attachments (
        id INTEGER PRIMARY KEY,
        mail_id INTEGER NOT NULL REFERENCES mails_received (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sha256 TEXT,
        saved_as TEXT,
        status TEXT NOT NULL CHECK (status IN ('saved', 'duplicate', 'not_a_form', 'unreadable')),
        reason TEXT,
        unit TEXT
    );
    CREATE INDEX mail_attachments_by_sha256 ON mail_attachments (sha256, status);
    CREATE TABLE mail_contacts (
        address TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        learned TEXT NOT NULL
    );
    CREATE TABLE mails_sent (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        period TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        addresses TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        files TEXT NOT NULL,
        via TEXT NOT NULL CHECK (via IN ('draft', 'smtp')),
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        reason TEXT,
        draft TEXT,
        created TEXT NOT NULL,
        sent TEXT
    );
    CREATE INDEX mails_sent_by_key ON mails_sent (kind, period, subject_key, via, status);
    """,
    # 9: a letter edited by hand before signing and accepted as issued (ledger accept): who, when, and the
    # sha256 perfcli wrote
    """
    ALTER TABLE letters ADD COLUMN edited_by TEXT;
    ALTER TABLE letters ADD COLUMN edited_at TEXT;
    ALTER TABLE letters ADD COLUMN generated_sha256 TEXT;
    """,
    # 10: letter and return rows carry a checksum of their content, so a row edited outside perfcli is
    # noticed (treated as missing, reported by ledger verify); the rows already there are sealed as they are
    _row_checksums,
    # 11: 绩效目标 — every 申报表 received is a version of its project's targets (the declaration and its
    # review findings as JSON through perfcli.model.codec), and the steps taken on it (初审, 复审, 批复);
    # both sealed by a row checksum like letters and returns
    """
    CREATE TABLE target_versions (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        project_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('待审', '退回', '初审通过', '复审通过', '已批复')),
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        received TEXT NOT NULL,
        department_code TEXT NOT NULL,
        unit_code TEXT NOT NULL,
        adjustment INTEGER NOT NULL,
        declaration TEXT NOT NULL,
        findings TEXT NOT NULL,
        recorded TEXT NOT NULL,
        checksum TEXT NOT NULL DEFAULT '',
        UNIQUE (year, project_key, version),
        UNIQUE (year, project_key, sha256)
    );
    CREATE INDEX target_versions_by_order ON target_versions (year, department_code, unit_code, project_key);
    CREATE TABLE target_decisions (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL REFERENCES target_versions (id) ON DELETE CASCADE,
        step TEXT NOT NULL CHECK (step IN ('初审', '复审', '批复')),
        decision TEXT NOT NULL,
        comment TEXT NOT NULL,
        at TEXT NOT NULL,
        checksum TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX target_decisions_by_version ON target_decisions (version_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
