"""Typed values from what a clerk typed: money in 万元, rates in percent, enumerations, dates, text.

Each parser takes the raw cell value (str, float, int, bool, date, datetime or None) and returns a
Parsed: the typed value plus, when the text needed interpreting, a problem code (R001…) and a note.
The reader turns those into findings; nothing here raises for bad data.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

# What a clerk types to mean "nothing here".
EMPTY_MARKERS = frozenset(
    {"", "—", "——", "-", "--", "－", "/", "／", "无", "\\", "－－", "─", "/ ", "N/A", "n/a"}
)

_FULLWIDTH = {ord(ch): ord(ch) - 0xFEE0 for ch in "０１２３４５６７８９．，－＋％／"}
_FULLWIDTH[ord("\u3000")] = ord(" ")
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class Parsed:
    value: Any
    problem: str | None = None  # a reading rule code: R001 unreadable money, R002 元 converted…
    note: str | None = None  # Chinese detail for the finding message
    proposal: str | None = None  # canonical value proposed for a near-miss enumeration


# The same texts (indicator names, enumeration values, "—") recur across thousands of forms: each
# distinct text is folded once.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Full-width digits and signs to ASCII, every kind of white space removed."""
    return _SPACES.sub("", text.translate(_FULLWIDTH))


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return fold(raw) in EMPTY_MARKERS
    return False


def _decimal_of_number(raw: float | int) -> Decimal:
    # repr gives the shortest text that round-trips, i.e. what Excel showed (1250.5, not 1250.4999…)
    return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)


def _plain_number(text: str) -> Decimal | None:
    """'1,250.50' / '1250.5' -> Decimal; None when the text is not a number."""
    if "," in text:
        if not _THOUSANDS.match(text):
            return None
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_money(raw: Any) -> Parsed:
    """An amount in 万元: numbers as is; text with separators, full-width digits, 万元; 元 converted."""
    if is_empty(raw):
        return Parsed(None)
    if isinstance(raw, bool) or isinstance(raw, (date, datetime, time)):
        return Parsed(None, "R001", f"“{raw}”不是金额")
    if isinstance(raw, (int, float)):
        return Parsed(_decimal_of_number(raw))
    text = fold(str(raw)).lstrip("¥￥")
    divisor = Decimal(1)
    if text.endswith("万元"):
        text = text[:-2]
    elif text.endswith("万"):
        text = text[:-1]
    elif text.endswith("元"):
        text, divisor = text[:-1], Decimal(10000)
    number = _plain_number(text.lstrip("¥￥"))
    if number is None:
        return Parsed(None, "R001", f"“{str(raw).strip()}”无法识别为金额")
    if divisor != 1:
        converted = number / divisor
        return Parsed(
            converted.normalize()
            if converted != converted.to_integral_value()
            else converted.quantize(Decimal(1)),
            "R002",
            f"“{str(raw).strip()}”以元为单位，已换算为 {format(converted.normalize(), 'f')} 万元",
        )
    return Parsed(number)


def parse_rate(raw: Any) -> Parsed:
    """A rate in percent: '85%' / '85' / 85 -> Decimal('85'); a numeric fraction ≤ 1 (a cell formatted
    as a percentage stores 0.85) -> 85."""
    if is_empty(raw):
        return Parsed(None)
    if isinstance(raw, bool) or isinstance(raw, (date, datetime, time)):
        return Parsed(None, "R006", f"“{raw}”不是百分比")
    if isinstance(raw, (int, float)):
        value = _decimal_of_number(raw)
        if isinstance(raw, float) and -1 <= raw <= 1 and value != value.to_integral_value():
            value = (value * 100).normalize()
        return Parsed(value)
    number = _plain_number(fold(str(raw)).removesuffix("%"))
    if number is None:
        return Parsed(None, "R006", f"“{str(raw).strip()}”无法识别为百分比")
    return Parsed(number)


def canonical_text(raw: Any) -> str | None:
    """Text as the clerk typed it, trimmed; numbers as they display (100.0 -> '100'); None when blank."""
    if isinstance(raw, str):  # most cells: tested first
        return raw.strip().replace("\r\n", "\n") or None
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        d = _decimal_of_number(raw)
        return format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize(), "f")
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time(0) else raw.isoformat(sep=" ")
    if isinstance(raw, (date, int)):
        return str(raw) if isinstance(raw, int) else raw.isoformat()
    text = str(raw).strip().replace("\r\n", "\n")
    return text or None


def parse_text(raw: Any) -> Parsed:
    return Parsed(canonical_text(raw))


def parse_enum(raw: Any, vocabulary: tuple[str, ...]) -> Parsed:
    """Trimmed exact match -> canonical value; a near miss keeps the raw text and proposes a value."""
    text = canonical_text(raw)
    if text is None or is_empty(text):
        return Parsed(None)
    return _parse_enum_text(text, vocabulary)


@lru_cache(maxsize=16384)  # a handful of distinct answers per vocabulary, given on every indicator row
def _parse_enum_text(text: str, vocabulary: tuple[str, ...]) -> Parsed:
    key = fold(text)
    for word in vocabulary:
        if fold(word) == key:
            return Parsed(word)
    proposal = near_miss(key, vocabulary)
    if proposal:
        return Parsed(text, "R003", f"“{text}”不是规定的取值，最接近的是“{proposal}”", proposal)
    return Parsed(text)


def near_miss(text: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word `text` most likely meant (可能性较大 -> 可能性大), or None."""
    best, best_score = None, 0.0
    for word in vocabulary:
        w = fold(word)
        score = difflib.SequenceMatcher(None, text, w).ratio()
        if w and (w in text or text in w):
            score = max(score, 0.75)
        if score > best_score:
            best, best_score = word, score
    return best if best_score >= 0.6 else None


_DATE_TEXT = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:[月./\-]\s*(\d{1,2})\s*日?)?\s*(?:月)?")


def parse_date(raw: Any) -> Parsed:
    """A date: an Excel date, or text 2026-03-01, 2026年3月1日, 2026.3.1, 2026/3/1, 2026年3月 (-> day 1)."""
    if is_empty(raw):
        return Parsed(None)
    if isinstance(raw, datetime):
        return Parsed(raw.date())
    if isinstance(raw, date):
        return Parsed(raw)
    text = fold(str(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Parsed(canonical_text(raw), "R005", f"“{canonical_text(raw)}”无法识别为日期")
    m = _DATE_TEXT.fullmatch(text)
    if m:
        try:
            return Parsed(date(int(m[1]), int(m[2]), int(m[3] or 1)))
        except ValueError:
            pass
    return Parsed(canonical_text(raw), "R005", f"“{str(raw).strip()}”无法识别为日期")
