"""How text fits a worksheet: the display width of Chinese text, the lines it wraps to, and the names Excel
allows for sheets. Shared by the form writer and the report-table writer."""

from __future__ import annotations

import math
import re
import unicodedata

from perfcli.model.identity import IDENTITY_SHEET

SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEETS = {"history", IDENTITY_SHEET.casefold()}  # Excel's own, and the identity sheet


def display_width(text: str) -> int:
    """Width in Excel column units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, usable: float) -> int:
    """How many lines `text` takes when wrapped in `usable` column units (each line break starts one)."""
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def sheet_names(names: list[str], *, fallback: str = "项目") -> list[str]:
    """Excel sheet names from project names: no []:*?/\\, at most 31 characters, unique ignoring case."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        base = _SHEET_FORBIDDEN.sub("_", unicodedata.normalize("NFC", raw or "")).strip().strip("'").strip()
        base = base[:SHEET_NAME_MAX] or fallback
        candidate, n = base, 1
        while candidate.casefold() in seen or candidate.casefold() in _RESERVED_SHEETS:
            n += 1
            suffix = f"（{n}）"
            candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def check_sheet_names(names: list[str]) -> None:
    """Refuse (ValueError: a bug, not bad data) names Excel would reject or that collide ignoring case."""
    if len(set(n.casefold() for n in names)) != len(names) or any(
        not n or len(n) > SHEET_NAME_MAX or _SHEET_FORBIDDEN.search(n) for n in names
    ):
        raise ValueError(f"invalid or duplicate sheet names: {names}")
