"""What a declared 指标值 says as a quantity: "≥12个", "不低于90%", "≤120万元", with the sign of its 指标性质 column
and the unit of its 度量单位 column where the form has them (the 自评 scorer's target_quantity, one home for
both); its direction (正向 / 反向 / 等于); money in 万元; and the years a 项目期 spans."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from perfcli.forms.spec_yaml import standard_operators
from perfcli.model.quantities import Quantity
from perfcli.model.targets import TargetIndicator
from perfcli.model.values import fold, normalize_label, parse_money, plain_number
from perfcli.scoring.formulas import method_of, target_quantity

__all__ = ["declared_quantity", "direction", "percent_number", "period_years", "same_unit", "wan_yuan"]


@cache  # asked for every indicator of every 申报表
def _operator_words() -> list[tuple[str, str]]:
    """The operator words a clerk writes before a number (不低于, 大于等于 …), longest first."""
    words = [(normalize_label(w), s) for w, s in standard_operators() if s in ("≥", "≤", "=")]
    return sorted(words, key=lambda pair: -len(pair[0]))


@cache
def _sign_of(nature: str) -> str:
    """The 指标性质 column as a sign (正向指标 → ≥, 定性 stays 定性), or "" when it says neither."""
    key = normalize_label(nature)
    return next((s for w, s in standard_operators() if normalize_label(w) == key), "") if key else ""


def declared_quantity(indicator: TargetIndicator) -> Quantity | None:
    """The 指标值 as a quantity, or None when it states none (明显提高, 2027年12月前, a 定性 indicator)."""
    text = fold(indicator.target)
    for word, sign in _operator_words():
        if text.startswith(word) and word not in ("≥", "≤", "="):
            text = sign + text[len(word) :]
            break
    quantity, _ = target_quantity(text, _sign_of(indicator.nature), indicator.unit or None)
    return quantity


def direction(quantity: Quantity) -> str:
    """正向 (≥ or a bare number), 反向 (≤) or 等于 (=)."""
    return method_of(quantity)


def same_unit(a: Quantity, b: Quantity) -> bool:
    return normalize_label(a.unit) == normalize_label(b.unit)


def wan_yuan(quantity: Quantity) -> Decimal | None:
    """A quantity in 万元 or 元 as 万元 (values.parse_money converts 元), None in any other unit."""
    if normalize_label(quantity.unit) not in ("万元", "元"):
        return None
    parsed = parse_money(plain_number(quantity.number) + quantity.unit)
    return parsed.value if isinstance(parsed.value, Decimal) else None


def percent_number(quantity: Quantity) -> Decimal | None:
    """A percentage's number: "90%" and a bare "90" are 90; any other unit is no percentage."""
    return quantity.number if normalize_label(quantity.unit) in ("%", "") else None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_OPEN_END = re.compile(r"(起|开始|以来|至今|以后)$")


def period_years(text: str) -> tuple[int, int | None] | None:
    """The first and last year a 项目期 names: "2026-2028年", "2026年1月至2028年12月", "2021年度" (one year),
    "2020年起" (open end: None). None when it names no year ("3年", "长期")."""
    folded = fold(text)
    years = [int(y) for y in _YEAR.findall(folded)]
    if not years:
        return None
    if len(years) == 1:
        return years[0], (None if _OPEN_END.search(folded) else years[0])
    return min(years), max(years)
