"""The one place where what a clerk typed becomes a typed value, and where values become text again.

Parsers take the raw cell value (str, float, int, bool, date, datetime or None) and return a Parsed:
the typed value plus, when the text needed interpreting, a problem code (R001…) and a note. Nothing here
raises for bad data. Also here: full-width folding, label normalisation, name keys, exact rates with
half-up rounding, and the display forms of amounts and percentages.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

# What a clerk types to mean "nothing here" (compared after folding).
EMPTY_MARKERS = frozenset({"", "—", "——", "-", "--", "/", "无", "\\", "─", "N/A", "n/a"})

# Full-width ASCII (Ａ, １, ％, （…) to half-width, and the ideographic space to a space: one table for
# every comparison of typed text.
FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Parsed:
    value: Any
    problem: str | None = None  # a reading rule code: R001 unreadable money, R002 元 converted…
    note: str | None = None  # Chinese detail for the finding message
    proposal: str | None = None  # canonical value proposed for a near-miss enumeration


# --- folding, labels and names -------------------------------------------------------------------
# The same texts (indicator names, enumeration values, "—") recur across thousands of forms: each
# distinct text is folded once.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Full-width characters to ASCII, every kind of white space removed."""
    return _SPACES.sub("", text.translate(FULLWIDTH))


# Everything that is not part of a label's meaning: white space of any width, colons, and a trailing
# unit such as （万元）, or the points a province prints after a label (产出指标（50分）, 预算执行情况(10分)).
_LABEL_NOISE = re.compile(r"[\s\u3000\u00a0:：]+")
_TRAILING_UNIT = re.compile(r"[（(](万元|元|%|％|\d+(?:\.\d+)?分)[)）]$")


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """The comparable form of a label: full-width folded, no white space or colons, no trailing unit or
    points ((万元), (50分))."""
    folded = _LABEL_NOISE.sub("", text.translate(FULLWIDTH))
    while True:
        stripped = _TRAILING_UNIT.sub("", folded)
        if stripped == folded:
            return stripped
        folded = stripped


_SEAL_MARK = re.compile(r"[（(]\s*(盖章|章|公章|签章)\s*[)）]")


def name_key(text: Any) -> str:
    """Unit, department and project names compared loosely: as labels are, and without （盖章）."""
    return _SEAL_MARK.sub("", normalize_label(str(text or "")))


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return fold(raw) in EMPTY_MARKERS
    return False


def is_blank(value: Any) -> bool:
    """A record value that says nothing: None or white space (an empty marker was read as None)."""
    return value is None or (isinstance(value, str) and not value.strip())


class ShownNumber(float):
    """A number read from a cell together with the text its number format shows (0.935 formatted as a
    percentage shows "93.5%", 1250.5 with thousands separators "1,250.50"): arithmetic sees the number,
    canonical_text and parse_rate the text."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str) -> ShownNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return (ShownNumber, (float(self), self.text))


# C0 control characters other than tab, line feed and carriage return: not allowed in XML 1.0 text, so no
# writer of ours may ever receive one (raw bytes in a sheet's XML, or _x0001_ escapes, bring them in).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_chars(text: str) -> bool:
    return _CONTROL.search(text) is not None


def drop_control_chars(text: str) -> str:
    """`text` without control characters; the very same object when it had none (callers test `is`)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


# --- numbers --------------------------------------------------------------------------------------
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


def number_value(text: Any) -> Decimal | None:
    """A plain number written as text ('85', '８５.5', '1,250'), or None when the text is not one."""
    return None if is_empty(text) else _plain_number(fold(str(text)).strip())


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
            f"“{str(raw).strip()}”以元为单位，已换算为 {plain_number(converted)} 万元",
        )
    return Parsed(number)


def parse_rate(raw: Any) -> Parsed:
    """A rate in percent typed in a cell: '85%' / '85' / 85 -> Decimal('85'); a numeric fraction ≤ 1 (a
    cell formatted as a percentage stores 0.85) -> 85."""
    if is_empty(raw):
        return Parsed(None)
    if isinstance(raw, bool) or isinstance(raw, (date, datetime, time)):
        return Parsed(None, "R006", f"“{raw}”不是百分比")
    if type(raw) is ShownNumber:
        raw = raw.text
    elif isinstance(raw, (int, float)):
        value = _decimal_of_number(raw)
        if isinstance(raw, float) and -1 <= raw <= 1 and value != value.to_integral_value():
            value = (value * 100).normalize()
        return Parsed(value)
    number = _plain_number(fold(str(raw)).removesuffix("%"))
    if number is None:
        return Parsed(None, "R006", f"“{str(raw).strip()}”无法识别为百分比")
    return Parsed(number)


def money_value(value: Any) -> Decimal | None:
    """The amount a record holds (万元), or None: unreadable text stays text in a record (the reader
    reported it), and a float only comes from JSON, where it holds the digits as typed."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return _decimal_of_number(value)


def percent_value(value: Any) -> Decimal | None:
    """The percentage a record holds: 85, 85.5, "85%", "８５．５％" -> Decimal; else None.

    Unlike parse_rate, a number is taken as it stands: a record's 0.5 means 0.5%, not 50%."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (Decimal, int, float)):
        return money_value(value)
    return _plain_number(fold(str(value)).removesuffix("%"))


def round_half_up(value: Decimal, step: Decimal = CENT) -> Decimal:
    """The one rounding rule of the project (DESIGN §5): half-up, to 2 decimals unless told otherwise."""
    return value.quantize(step, ROUND_HALF_UP)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a percentage rounded half-up to 2 decimals, computed exactly (no binary step).

    None when either is missing or the whole is zero (a rate of nothing is not 0%)."""
    if part is None or not whole:
        return None
    scaled = Fraction(part) * 10000 / Fraction(whole)  # hundredths of a percent
    magnitude = abs(scaled)
    hundredths = (magnitude.numerator * 2 // magnitude.denominator + 1) // 2  # floor(x + 1/2)
    return Decimal(hundredths if scaled >= 0 else -hundredths).scaleb(-2)


def plain_number(value: Decimal) -> str:
    """An amount as typed, without trailing zeros or exponent: 1250.50 -> 1250.5, 1E+3 -> 1000."""
    return format(value.normalize(), "f")


def money_text(value: Decimal | None) -> str:
    """万元 as printed in letters and on the terminal: thousands separators, 2 decimals; "—" when unknown."""
    return "—" if value is None else f"{round_half_up(value):,.2f}"


def percent_text(value: Decimal | None) -> str:
    """A percentage as printed: 63.45%; "—" when unknown."""
    return "—" if value is None else f"{round_half_up(value)}%"


# --- text, enumerations, dates ---------------------------------------------------------------------
def canonical_text(raw: Any) -> str | None:
    """Text as the clerk typed it, trimmed; numbers as they display (100.0 -> '100'); None when blank."""
    if isinstance(raw, str):  # most cells: tested first
        return raw.strip().replace("\r\n", "\n") or None
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        if type(raw) is ShownNumber:
            return raw.text
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


_TRAILING_PAREN = re.compile(r"[（(][^（()）]*[)）]$")


def header_key(text: Any) -> str:
    """A header as compared: normalize_label, then any trailing note in brackets dropped (（是/否）, （万元）)."""
    label = normalize_label(str(text or ""))
    while True:
        stripped = _TRAILING_PAREN.sub("", label)
        if stripped == label or not stripped:
            return label
        label = stripped


def as_text(value: Any) -> str:
    """A roster cell as text (canonical_text: a code typed as 101 or 101.0 is "101"), NFC-normalised and with the
    ideographic space as a space, so codes and names compare as the clerk meant them."""
    if isinstance(value, datetime):
        value = value.date()  # a date typed in a text column reads as its day, whatever time it carries
    text = canonical_text(value)
    return "" if text is None else unicodedata.normalize("NFC", text).replace("\u3000", " ").strip()
