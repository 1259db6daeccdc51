"""Quantities: what a quantitative 绩效指标 value states — an optional sign, a number and a short unit ("≥5个",
"100%", "=12次") — parsed from the cell as a clerk typed it (perfcli.model.values folds and reads its number)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from perfcli.model.values import _decimal_of_number, _plain_number, fold

__all__ = ["Quantity", "has_number", "parse_quantity"]


@dataclass(frozen=True)
class Quantity:
    """A quantitative 指标值: an optional sign, a number and a short unit ("≥5个", "100%", "=12次")."""

    sign: str  # "≥", "≤", "=" or "" (a bare number)
    number: Decimal
    unit: str


# the sign, the number (thousands separators allowed), then a unit of at most four characters, no digit
_QUANTITY = re.compile(r"([≥≤=]?)([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)([^\d.,]{0,4})")
_SIGNS = str.maketrans({"≧": "≥", "≦": "≤", "＝": "=", "﹦": "="})
_NUMBER_IN = re.compile(r"\d")


@lru_cache(maxsize=16384)
def _quantity_text(text: str) -> Quantity | None:
    m = _QUANTITY.fullmatch(text)
    if not m:
        return None
    number = _plain_number(m[2])
    return None if number is None else Quantity(m[1], number, m[3])


def parse_quantity(raw: Any) -> Quantity | None:
    """The quantity a whole cell states, or None when it is not one (a qualitative "2026年12月前").

    A clerk's "=12次" arrives as the text '=12次' (typed with a leading apostrophe); full-width digits and
    signs fold; numbers typed as numbers are a bare quantity without unit."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)):
        return Quantity("", raw if isinstance(raw, Decimal) else _decimal_of_number(raw), "")
    text = fold(str(raw)).translate(_SIGNS)
    if text.startswith((">=", "<=")):  # typed without the sign key: >=90%
        text = ("≥" if text[0] == ">" else "≤") + text[2:]
    return _quantity_text(text) if text else None


def has_number(raw: Any) -> bool:
    """Whether a cell says any number at all (a quantitative actual must)."""
    return (
        isinstance(raw, (int, float, Decimal))
        and not isinstance(raw, bool)
        or bool(_NUMBER_IN.search(fold(str(raw or ""))))
    )
