"""Mail in the ledger: messages received (by Message-ID) with each attachment (by sha256) and where it was
saved, the sender addresses learned for a unit, and every mail sent or drafted.

A received attachment's mail date is its 报送日期 (`arrival_dates`). A mail to send is written down as
`sending` before it goes and `sent` once the server took it, each step its own transaction: a run killed
in between leaves `sending`, which a rerun reports and does not send again on its own."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from perfcli.ledger.checksums import intact
from perfcli.ledger.connection import Database
from perfcli.ledger.store import Ledger, now_text
from perfcli.model.addresses import address_key


@dataclass(frozen=True)
class ReceivedFile:
    name: str
    sha256: str | None
    saved_as: str | None
    status: str  # saved | duplicate | not_a_form | unreadable
    reason: str | None = None
    unit: str | None = None


def mail_known(ledger: Ledger, message_id: str) -> bool:
    row = ledger.db.execute("SELECT 1 FROM mails_received WHERE message_id = ?", (message_id,)).fetchone()
    return row is not None


def file_received(ledger: Ledger, sha256: str) -> str | None:
    """Where a file with this content was saved by an earlier mail (or validated from a folder), else None."""
    row = ledger.db.execute(
        "SELECT saved_as FROM mail_attachments WHERE sha256 = ? AND status = 'saved' LIMIT 1", (sha256,)
    ).fetchone()
    if row is not None:
        return str(row[0])
    rows = ledger.db.execute("SELECT * FROM returns WHERE sha256 = ? ORDER BY id", (sha256,)).fetchall()
    row = next((r for r in rows if intact("returns", r)), None)  # an edited row counts as missing
    return str(row["path"]) if row is not None else None


def record_mail(
    db: Database,
    *,
    message_id: str,
    sender: str,
    subject: str,
    date: str | None,
    local_date: str | None,
    period: str | None,
    unit: str | None,
    source: str,
    files: Iterable[ReceivedFile],
) -> None:
    """One received message and its attachments, inside the caller's transaction (a message already
    recorded is left as it was)."""
    row = db.execute(
        "INSERT INTO mails_received (message_id, sender, subject, date, local_date, period, unit, source,"
        " received) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING RETURNING id",
        (message_id, sender, subject, date, local_date, period, unit, source, now_text()),
    ).fetchone()
    if row is None:
        return
    db.executemany(
        "INSERT INTO mail_attachments (mail_id, name, sha256, saved_as, status, reason, unit)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(row[0], f.name, f.sha256, f.saved_as, f.status, f.reason, f.unit) for f in files],
    )


def learn_contact(db: Database, address: str, unit: str) -> None:
    """A unit's return came from `address`: later mails from it are the unit's too."""
    if address:
        db.execute(
            "INSERT INTO mail_contacts (address, unit, learned) VALUES (?, ?, ?)"
            " ON CONFLICT (address) DO UPDATE SET unit = excluded.unit, learned = excluded.learned",
            (address_key(address), unit, now_text()),
        )


def learned_contacts(ledger: Ledger) -> dict[str, str]:
    """address key -> unit code, as learned from earlier returns."""
    return {row[0]: row[1] for row in ledger.db.execute("SELECT address, unit FROM mail_contacts")}


def arrival_dates(ledger: Ledger) -> dict[str, str]:
    """sha256 -> the local date (YYYY-MM-DD) of the first mail that brought a file with that content."""
    rows = ledger.db.execute(
        "SELECT a.sha256, MIN(m.local_date) FROM mail_attachments a JOIN mails_received m ON m.id = a.mail_id"
        " WHERE a.sha256 IS NOT NULL AND m.local_date IS NOT NULL AND a.status IN ('saved', 'duplicate')"
        " GROUP BY a.sha256"
    )
    return {row[0]: row[1] for row in rows}


def returns_by_mail(ledger: Ledger, period: str) -> list[dict[str, Any]]:
    """The saved attachments of `period`'s mails, with the mail they came in (what receipts answer)."""
    rows = ledger.db.execute(
        "SELECT a.id AS attachment_id, a.name, a.sha256, a.saved_as, a.unit, m.message_id, m.sender,"
        " m.subject, m.date, m.local_date, m.unit AS mail_unit FROM mail_attachments a"
        " JOIN mails_received m ON m.id = a.mail_id WHERE a.status = 'saved' AND m.period = ? ORDER BY a.id",
        (period,),
    )
    return [dict(row) for row in rows]


def list_received(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM mails_received" + (" WHERE period = ?" if period else "") + " ORDER BY date, id"
    mails = [dict(row) for row in ledger.db.execute(sql, (period,) if period else ())]
    for mail in mails:
        mail["attachments"] = [
            dict(row)
            for row in ledger.db.execute(
                "SELECT name, sha256, saved_as, status, reason, unit FROM mail_attachments WHERE mail_id = ?"
                " ORDER BY id",
                (mail["id"],),
            )
        ]
    return mails


# --- sent ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutgoingKey:
    """What makes two mails the same mail: its kind, period, recipient and what it carries."""

    kind: str
    period: str
    recipient: str
    subject_key: str  # the files' sha256 (forms, letters) or the return answered (receipts)


def sent_before(ledger: Ledger, key: OutgoingKey, via: str) -> sqlite3.Row | None:
    """The last mail recorded for `key` by `via` that was sent (or may have been: status sending)."""
    return ledger.db.execute(
        "SELECT * FROM mails_sent WHERE kind = ? AND period = ? AND recipient = ? AND subject_key = ?"
        " AND via = ? AND status IN ('sent', 'sending') ORDER BY id DESC LIMIT 1",
        (key.kind, key.period, key.recipient, key.subject_key, via),
    ).fetchone()


def begin_sending(
    ledger: Ledger,
    key: OutgoingKey,
    *,
    via: str,
    addresses: list[str],
    message_id: str,
    files: list[tuple[str, str]],
    draft: str | None = None,
) -> int:
    """Write the mail down before it goes (status sending), in its own transaction; its row id."""
    with ledger.transaction() as db:
        row = db.execute(
            "INSERT INTO mails_sent (kind, period, recipient, subject_key, addresses, message_id, files, via,"
            " status, draft, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?) RETURNING id",
            (
                key.kind, key.period, key.recipient, key.subject_key, "；".join(addresses), message_id,
                json.dumps([{"name": n, "sha256": s} for n, s in files], ensure_ascii=False), via, draft,
                now_text(),
            ),
        ).fetchone()  # fmt: skip
    return int(row[0])


def finish_sending(ledger: Ledger, row_id: int, *, error: str | None = None) -> None:
    with ledger.transaction() as db:
        if error is None:
            db.execute("UPDATE mails_sent SET status = 'sent', sent = ? WHERE id = ?", (now_text(), row_id))
        else:
            db.execute("UPDATE mails_sent SET status = 'failed', reason = ? WHERE id = ?", (error, row_id))


def list_sent(ledger: Ledger, period: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM mails_sent" + (" WHERE period = ?" if period else "") + " ORDER BY id"
    return [dict(row) for row in ledger.db.execute(sql, (period,) if period else ())]
