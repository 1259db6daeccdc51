"""The sums a clerk checks at a glance (issue 20 item 6): a total row against its 其中 rows, a printed rate
against its amounts, a printed score against the computed one, the points printed in a 一级指标 against the
config's. parts_gap and rate_gap work on numbers and
serve every form (the national 监控表's grid in perfcli.findings.national, 附表3 in perfcli.findings.checks);
funds_findings applies them to a 自评表's funds block."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.model.findings import Finding, Rule
from perfcli.model.quantities import parse_quantity
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import canonical_text, money_value, percent, percent_value, plain_number
from perfcli.scoring import rules as S
from perfcli.scoring.formulas import ScoringSettings, label_points
from perfcli.scoring.result import IndicatorScore, number_of

SUM_TOLERANCE = Decimal("0.01")  # 万元: a total and the sum of its parts, each typed to the cent
RATE_TOLERANCE = Decimal("0.01")  # percentage points, at least: a rate printed to 1 decimal is allowed 0.05


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
    than its own rounding (half its last decimal place, RATE_TOLERANCE at least); None when they agree or
    cannot be compared."""
    if printed is None or part is None or not whole:
        return None
    exact = part * 100 / whole
    if abs(printed - exact) <= max(RATE_TOLERANCE, _half_last_place(printed)):
        return None
    return percent(part, whole)


def _half_last_place(printed: Decimal) -> Decimal:
    """Half a unit of the printed rate's last decimal: 77.2% stands for anything from 77.15% to 77.25%."""
    exponent = printed.normalize().as_tuple().exponent
    return Decimal(5).scaleb(min(exponent, 0) - 1) if isinstance(exponent, int) else RATE_TOLERANCE


_MONEY_KEYS = ("initial_budget", "annual_budget", "executed")  # the funds block's money columns


def _score_number(value: object) -> Decimal | None:
    quantity = parse_quantity(value)
    return quantity.number if quantity is not None and not quantity.sign else None


def funds_findings(
    record: FormRecord, budget_score: Decimal, tolerance: Decimal, weight: Decimal, spec: FormSpec
) -> list[Finding]:
    """A 自评表's funds block, rows and columns as its spec names them: the total row (年度资金总额, 总额)
    against its 其中 rows (S012), each printed 执行率 against its amounts (S013), the printed 预算执行率 得分
    against the computed one (S014)."""
    funding, cells = record.funding, record.cells
    found: list[Finding] = []

    def add(rule: Rule, key: str, **params: Any) -> None:
        found.append(
            rule.finding(file=record.file, sheet=record.sheet, cell=cells.get(key), field=key, **params)
        )

    names = {s.key: s.short_label for s in spec.funding}
    parts = [s.key for s in spec.funding if s.key != "total" and s.key in funding]
    total = funding.get("total") or {}
    total_label = names.get("total", "年度资金总额")
    for column in (k for k in _MONEY_KEYS if k in spec.paired_columns):
        gap = parts_gap(
            money_value(total.get(column)),
            {names[k]: money_value((funding.get(k) or {}).get(column)) for k in parts},
        )
        if gap is not None:
            add(
                S.PARTS_DISAGREE,
                f"funding.total.{column}",
                total_label=total_label,
                column=spec.paired_columns[column],
                total=gap.total,
                which=gap.which,
                parts=gap.parts,
                items=gap.items,
            )
    for key in ("total", *parts):
        values = funding.get(key) or {}
        executed, budget = money_value(values.get("executed")), money_value(values.get("annual_budget"))
        printed = percent_value(values.get("rate"))
        computed = rate_gap(printed, executed, budget)
        if computed is not None and printed is not None and executed is not None and budget is not None:
            add(
                S.RATE_DIFFERS,
                f"funding.{key}.rate",
                row=names.get(key, key),
                filled=plain_number(printed),
                executed=plain_number(executed),
                budget=plain_number(budget),
                computed=plain_number(computed),
            )
    filled = _score_number(total.get("score"))
    executed, budget = money_value(total.get("executed")), money_value(total.get("annual_budget"))
    if filled is not None and executed is not None and budget and abs(filled - budget_score) > tolerance:
        add(
            S.BUDGET_SCORE_DIFFERS,
            "funding.total.score",
            filled=plain_number(filled),
            computed=plain_number(budget_score),
            executed=plain_number(executed),
            budget=plain_number(budget),
            weight=plain_number(weight),
        )
    return found


def points_findings(
    record: FormRecord,
    rows: list[Indicator],
    settings: ScoringSettings,
    group_of: Callable[[str | None, str | None], str | None],
) -> list[Finding]:
    """S020: a 一级指标 printing its points (产出指标(70分)) against the group's points in the config."""
    found: list[Finding] = []
    seen: set[str] = set()
    for row in rows:
        level1 = canonical_text(row.get("level1"))
        points = label_points(level1)
        if level1 is None or points is None or level1 in seen:
            continue
        seen.add(level1)
        expected = settings.group_weights.get(group_of(level1, canonical_text(row.get("level2"))) or "")
        if expected is not None and points != expected:
            found.append(
                S.POINTS_DIFFER.finding(
                    file=record.file,
                    sheet=record.sheet,
                    cell=row.cells.get("level1"),
                    field="indicators.level1",
                    level1=" ".join(level1.split()),
                    points=plain_number(points),
                    expected=plain_number(expected),
                )
            )
    return found


_WEIGHT_KEY = re.compile(r"indicators\[(\d+)\]\.weight")  # a 分值 generate pre-filled, in the identity


def expected_points(
    record: FormRecord,
    indicators: list[IndicatorScore],
    settings: ScoringSettings,
    group_of: Callable[[str | None, str | None], str | None],
) -> tuple[Decimal, dict[str, Decimal]]:
    """What the 分值 should add up to, and each 一级指标 group's points (S004): as generate wrote them when
    the workbook's identity records them; else the configured total, split over the groups the form has
    as generate would split it (missing_group_split: no 效益 -> 产出 75、满意度 15)."""
    prefilled = (record.identity or {}).get("prefilled") or {}
    written: dict[int, Decimal] = {}
    for key, text in prefilled.items():
        found = _WEIGHT_KEY.fullmatch(key)
        weight = number_of(text) if found else None
        if found and weight is not None:
            written[int(found[1])] = weight
    if written:
        points: dict[str, Decimal] = {}
        for index, weight in sorted(written.items()):
            level1 = prefilled.get(f"indicators[{index}].level1")
            group = group_of(level1, prefilled.get(f"indicators[{index}].level2")) or level1 or "其他"
            points[group] = points.get(group, Decimal(0)) + weight
        return sum(written.values(), Decimal(0)), points
    present = {g for i in indicators if (g := group_of(i.level1, i.level2)) is not None}
    return settings.indicator_total, settings.group_points(present)
