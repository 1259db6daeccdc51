"""The ledger's tables, as numbered migrations: a workspace made by any earlier perfcli is brought up to
date when it is opened, in one transaction. PRAGMA user_version holds the number of migrations applied."""

from __future__ import annotations

# Each entry is one schema version; never edit a released entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
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
    # 5: a letter edited by hand before signing and accepted as issued (ledger accept): who, when, and the
    # sha256 perfcli wrote
    """
    ALTER TABLE letters ADD COLUMN edited_by TEXT;
    ALTER TABLE letters ADD COLUMN edited_at TEXT;
    ALTER TABLE letters ADD COLUMN generated_sha256 TEXT;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
