"""The roster workbook's public face: read and check it, write it, and the schema of its four sheets.

The work is done by perfcli.roster.schema (the sheets' columns), .read (reading and checking) and .write.
"""

from __future__ import annotations

from perfcli.roster.read import as_text, header_key, read_roster
from perfcli.roster.schema import ROSTER_SHEETS, RosterColumn, RosterSheet
from perfcli.roster.write import write_empty_roster, write_roster

__all__ = [
    "ROSTER_SHEETS",
    "RosterColumn",
    "RosterSheet",
    "as_text",
    "header_key",
    "read_roster",
    "write_empty_roster",
    "write_roster",
]
