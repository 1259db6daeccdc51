"""整改 across quarters, as the commands use it: what the letters carry forward from the ledger, the items an
issued 整改通知 raises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from perfcli.findings.reporting import ReportingTable
from perfcli.ledger import rectifications
from perfcli.ledger.connection import Database
from perfcli.ledger.letters import LetterNumber
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.letters.data import CarriedItem, LetterData, Recipient
from perfcli.letters.render import PlannedLetter
from perfcli.model.config import Config


def add_ledger_memory(data: LetterData, config: Config, *, as_of: date | None = None) -> None:
    """Inside a workspace, what the ledger remembers of earlier rounds: the open 整改 items raised in
    earlier periods (per recipient, for the next 整改通知) and the tally of the previous round's items
    per department (for 反馈 and 总报告). Outside a workspace the letters say nothing about them."""
    ledger = open_ledger(config)
    if ledger is None:
        return
    with ledger:
        fill_ledger_memory(data, ledger, as_of=as_of)


def fill_ledger_memory(data: LetterData, ledger: Ledger, *, as_of: date | None = None) -> None:
    """The items carried forward are those open on `as_of` (the letter's date): raised by then, and not
    resolved by then."""
    period, day = data.period.code, as_of.isoformat() if as_of else None
    for row in rectifications.unresolved_before(ledger, period, as_of=day):
        if row["status"] != "open":
            continue  # 无法核实: the unit's return no longer holds the project, nothing to ask it
        kind = row["unit_kind"] or "unit"
        recipient = Recipient(
            row["unit_name"] or row["unit"],
            kind,
            row["unit"] if row["unit"] != row["unit_name"] else "",
            department=row["department"] if kind == "unit" else "",
        )
        key = (kind, row["unit"])
        item = CarriedItem(
            row["id"],
            row["raised"],
            row["doc_number"] or "",
            row["project_name"] or row["project"],
            row["message"],
            (row["form_identity"], row["code"], row["place"]),
        )
        data.carried.setdefault(key, (recipient, []))[1].append(item)
    previous = rectifications.previous_round(ledger, period)
    data.previous_rectification = rectifications.tally(ledger, previous, day) if previous else None


def add_open_rectifications(table: ReportingTable, config: Config) -> None:
    """Inside a workspace, each 报送情况 row's open 整改 items (its own forms': a department's row counts
    the items raised on its 附表2/附表3, each unit's row those on its 附表1)."""
    ledger = open_ledger(config, readonly=None)
    if ledger is None:
        return
    with ledger:
        counts = rectifications.open_counts(ledger)
    for row in table.rows:
        row.open_rectifications = counts.get(row.code or row.name, 0)


def raise_items(
    data: LetterData, written: list[tuple[PlannedLetter, LetterNumber]], issue: date
) -> Callable[[Database], object]:
    """What issuing these 整改通知 records, in the same transaction: a 整改 item for each finding a letter
    lists (errors, and warnings with a handling suggestion), unless an open item already covers it. A
    file that could not be read at all is asked to be sent again, not tracked as an item."""
    by_name = {who.name: (who, lines) for who, lines in data.findings.values()}

    def record(db: Database) -> None:
        for planned, number in written:
            who, lines = by_name.get(planned.letter.recipient, (None, []))
            if who is None:
                continue
            department = who.department if who.kind == "unit" else who.name
            items = [
                rectifications.Raised(
                    line.identity,
                    line.code,
                    line.place,
                    line.severity,
                    line.message,
                    who.name,
                    who.kind,
                    department,
                    line.project,
                )  # fmt: skip
                for line in lines
                if line.identity and (line.severity == "error" or line.suggestion)
            ]
            rectifications.raise_items(
                db,
                period=data.period.code,
                letter_id=number.id,
                doc_number=number.doc_number,
                raised=issue.isoformat(),
                items=items,
            )

    return record
