"""The sums a clerk checks at a glance (issue 20 item 6): a total row against its 其中 rows, a printed rate
against its amounts, a printed score against the computed one. Pure functions on numbers; the forms'
checks (the 自评表 scorer here, the national 监控表 in perfcli.findings.national) say where they stand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfcli.model.values import percent, plain_number

SUM_TOLERANCE = Decimal("0.01")  # 万元: a total and the sum of its parts, each typed to the cent
RATE_TOLERANCE = Decimal("0.01")  # percentage points: a printed rate and the one its amounts give


@dataclass(frozen=True)
class PartsGap:
    """A total that is not the sum of its parts: the numbers a message gives."""

    total: str
    parts: str
    which: str  # "" (all parts given) or "已填" (some left empty: their sum exceeds the total)
    items: str  # 财政拨款 90、其他资金 0


def parts_gap(total: Decimal | None, parts: dict[str, Decimal | None]) -> PartsGap | None:
    """总额 = Σ 其中 within 0.01 when every part is given; with some parts empty, the given ones may not
    exceed the total. None when the numbers agree, or when the total or every part is empty."""
    given = {name: value for name, value in parts.items() if value is not None}
    if total is None or not given:
        return None
    added = sum(given.values(), Decimal(0))
    complete = len(given) == len(parts)
    wrong = abs(added - total) > SUM_TOLERANCE if complete else added - total > SUM_TOLERANCE
    if not wrong:
        return None
    items = "、".join(f"{name} {plain_number(value)}" for name, value in given.items())
    return PartsGap(plain_number(total), plain_number(added), "" if complete else "已填", items)


def rate_gap(printed: Decimal | None, part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """The rate `part` / `whole` gives (percent, 2 decimals) when the printed one differs from it by more
    than RATE_TOLERANCE; None when they agree or cannot be compared."""
    if printed is None or part is None or not whole:
        return None
    exact = part * 100 / whole
    if abs(printed - exact) <= RATE_TOLERANCE:
        return None
    return percent(part, whole)
