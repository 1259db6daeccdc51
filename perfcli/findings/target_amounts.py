"""The review rules that weigh amounts and numbers (适当性、可行性, 黑龙江 规程 seed 004): money parts within their
total, a 成本指标 within the money, a 满意度 target not below the floor, a 年度 target not below last year's
actual nor beyond the 中长期 one, and a 项目期 that covers the budget year."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from perfcli.findings import target_rules as T
from perfcli.findings.target_context import TargetReview
from perfcli.findings.target_values import (
    declared_quantity,
    direction,
    percent_number,
    period_years,
    same_unit,
    wan_yuan,
)
from perfcli.model.quantities import Quantity, parse_quantity
from perfcli.model.targets import ANNUAL, HALVES, MID_TERM, TargetIndicator
from perfcli.model.values import name_key, normalize_label, number_value, plain_number

__all__ = [
    "check_cost",
    "check_funds",
    "check_mid_term",
    "check_period",
    "check_satisfaction",
    "compare_last_year",
]

_PREFIX = {MID_TERM: "mid", ANNUAL: "annual"}  # the record's field keys of a half's money: annual_fiscal
_MONEY = {MID_TERM: "中期", ANNUAL: "年度"}  # as the form names a half's money (中期资金总额)


def _named(review: TargetReview, half: str) -> list[tuple[int, TargetIndicator]]:
    """The half's indicators with a name that is a name (the other rows have their own findings)."""
    return [
        (i, ind)
        for i, ind in review.of_half(half)
        if ind.level3.strip() and number_value(ind.level3.strip()) is None
    ]


def check_funds(review: TargetReview) -> None:
    """其中 财政拨款 + 其他资金 ≤ 资金总额, for each half (T021)."""
    for half in HALVES:
        funds = review.declaration.fund(half)
        if funds.total is None or (funds.fiscal is None and funds.other is None):
            continue
        fiscal, other = funds.fiscal or Decimal(0), funds.other or Decimal(0)
        if fiscal + other <= funds.total:
            continue
        part = (
            "fiscal"
            if funds.fiscal is not None and (fiscal > funds.total or funds.other is None)
            else "other"
        )
        key = f"{_PREFIX[half]}_{part}"
        review.add(
            T.PARTS_OVER_TOTAL,
            cell=review.field_cell(key),
            field=key,
            half=_MONEY[half],
            fiscal=plain_number(fiscal),
            other=plain_number(other),
            parts=plain_number(fiscal + other),
            total=plain_number(funds.total),
        )


def check_cost(review: TargetReview) -> None:
    """A 成本指标 in 万元 (or 元) within its half's 资金总额 (T022)."""
    for half in HALVES:
        total = review.declaration.fund(half).total
        if total is None:
            continue
        for i, ind in _named(review, half):
            family = review.family_of(ind)
            kind = family.kind_of(ind.level2) if family is not None else None
            quantity = declared_quantity(ind) if kind is not None and kind.cost else None
            amount = wan_yuan(quantity) if quantity is not None else None
            if quantity is not None and amount is not None and amount > total:
                review.at(
                    T.COST_OVER_FUNDS,
                    i,
                    "target",
                    target=ind.target,
                    # the amount in 万元 when the target says 元 (“≤1200000元”), nothing when it says 万元
                    converted=""
                    if normalize_label(quantity.unit) == "万元"
                    else f"（即 {plain_number(amount)} 万元）",
                    half=_MONEY[half],
                    total=plain_number(total),
                )


def _percent(quantity: Quantity) -> Decimal | None:
    number = percent_number(quantity)
    if number is not None and not quantity.unit and number <= 1:  # 0.9 written for 90%
        return number * 100
    return number


def check_satisfaction(review: TargetReview) -> None:
    """A 满意度 target not below [targets] satisfaction_floor: "≥75%", "75%" and "75" are all 75% (T023)."""
    floor = review.settings.satisfaction_floor
    for half in HALVES:
        for i, ind in _named(review, half):
            family = review.family_of(ind)
            quantity = declared_quantity(ind) if family is not None and family.satisfaction else None
            if quantity is None or direction(quantity) != "正向":
                continue
            value = _percent(quantity)
            if value is not None and value < floor:
                review.at(T.SATISFACTION_LOW, i, "target", target=ind.target, floor=plain_number(floor))


def _beyond(annual: Quantity, reference: Quantity) -> bool:
    """Whether `annual` asks more than `reference` in its direction (正向: larger; 反向: smaller)."""
    way = direction(annual)
    if way != direction(reference) or way == "等于":
        return False
    return annual.number > reference.number if way == "正向" else annual.number < reference.number


def check_mid_term(review: TargetReview) -> None:
    """A 年度 value not beyond the 中长期 value of the same indicator (same name, unit, direction; T031)."""
    mid = {name_key(ind.level3): ind for _, ind in _named(review, MID_TERM)}
    for i, ind in _named(review, ANNUAL):
        other = mid.get(name_key(ind.level3))
        annual_q = declared_quantity(ind)
        mid_q = declared_quantity(other) if other is not None else None
        if other is None or annual_q is None or mid_q is None or not same_unit(annual_q, mid_q):
            continue
        if _beyond(annual_q, mid_q):
            mid_cell = other.cells.get("target") or f"第 {other.row} 行"
            review.at(T.BEYOND_MID_TERM, i, "target", annual=ind.target, mid=other.target, mid_cell=mid_cell)


def check_period(review: TargetReview) -> None:
    """The 项目期 covers the budget year; one that names no year ("3年") is not judged (T032)."""
    declaration = review.declaration
    years = period_years(declaration.project_period) if declaration.project_period else None
    if declaration.year is None or years is None:
        return
    first, last = years
    if declaration.year < first or (last is not None and declaration.year > last):
        review.add(
            T.PERIOD_NOT_COVERING,
            cell=review.field_cell("project_period"),
            field="project_period",
            period=declaration.project_period,
            year=declaration.year,
        )


def compare_last_year(review: TargetReview, actuals: Mapping[str, str]) -> None:
    """A 年度 target not below last year's actual of the same indicator, in its direction (T024). An actual
    written as a bare number is in the target's unit (as the 自评 scorer takes it)."""
    done = {name_key(k): v for k, v in actuals.items()}
    for i, ind in _named(review, ANNUAL):
        actual = done.get(name_key(ind.level3))
        target = declared_quantity(ind)
        found = parse_quantity(actual) if actual is not None else None
        if target is None or found is None or (found.unit and not same_unit(target, found)):
            continue
        if _beyond(Quantity(found.sign or target.sign, found.number, target.unit), target):
            easier = "低于" if direction(target) == "正向" else "高于"
            review.at(T.BELOW_LAST_YEAR, i, "target", target=ind.target, easier=easier, actual=str(actual))
