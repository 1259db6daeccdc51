"""One 项目支出绩效自评表 scored: the budget score, each indicator's score and method, the total and grade,
and the findings of the S0xx checks. A pure function of the record and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfcli.model.findings import Finding, Rule
from perfcli.model.records import FormRecord, Indicator, to_jsonable
from perfcli.model.values import (
    Quantity,
    canonical_text,
    has_number,
    is_blank,
    money_value,
    parse_quantity,
    plain_number,
    round_half_up,
)
from perfcli.scoring import rules as S
from perfcli.scoring.formulas import (
    ZERO,
    Method,
    ScoringSettings,
    budget_score,
    grade_of,
    method_of,
    quantitative_score,
)


@dataclass
class IndicatorScore:
    level1: str | None
    level2: str | None
    level3: str | None
    target: str | None
    actual: str | None
    weight: Decimal | None
    score: Decimal
    self_score: Decimal | None
    method: Method

    def to_json(self) -> dict[str, Any]:
        return {k: to_jsonable(v) for k, v in self.__dict__.items()}


@dataclass
class ProjectScore:
    """The score of one project's 自评表 (the JSON of `perfcli score`)."""

    file: str
    sheet: str
    unit: str | None
    department: str | None
    project_name: str | None
    budget_score: Decimal
    total: Decimal
    grade: str
    self_total: Decimal | None  # the 总分 the unit wrote
    indicators: list[IndicatorScore] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "unit": self.unit,
            "department": self.department,
            "project_name": self.project_name,
            "budget_score": to_jsonable(self.budget_score),
            "total": to_jsonable(self.total),
            "grade": self.grade,
            "self_total": to_jsonable(self.self_total),
            "indicators": [i.to_json() for i in self.indicators],
            "findings": [f.to_json() for f in self.findings],
        }


def number_of(value: Any) -> Decimal | None:
    """A score or weight cell: 10, "16.67", "8分" -> Decimal; else None."""
    quantity = parse_quantity(value)
    return quantity.number if quantity is not None and not quantity.sign else None


class _Scorer:
    def __init__(self, record: FormRecord, settings: ScoringSettings) -> None:
        self.record, self.settings = record, settings
        self.findings: list[Finding] = []

    def add(self, rule: Rule, *, field: str, cell: str | None, **params: Any) -> None:
        record = self.record
        self.findings.append(
            rule.finding(file=record.file, sheet=record.sheet, cell=cell, field=field, **params)
        )

    def budget(self) -> Decimal:
        total = self.record.funding.get("total") or {}
        budget, executed = money_value(total.get("annual_budget")), money_value(total.get("executed"))
        cells = self.record.cells
        score = budget_score(budget, executed, self.settings.budget_weight)
        if score is None:
            missing = "全年预算数未填写或不大于 0" if budget is None or budget <= 0 else "全年执行数未填写"
            key = "annual_budget" if budget is None or budget <= 0 else "executed"
            self.add(
                S.BUDGET_MISSING,
                field=f"funding.total.{key}",
                cell=cells.get(f"funding.total.{key}"),
                missing=missing,
            )
            return ZERO
        if executed is not None and budget is not None and executed > budget:
            if is_blank(self.record.fields.get("execution_note")):
                self.add(
                    S.OVERSPENT,
                    field="funding.total.executed",
                    cell=cells.get("funding.total.executed"),
                    executed=plain_number(executed),
                    budget=plain_number(budget),
                )
        return score

    def indicator(self, index: int, row: Indicator) -> IndicatorScore:
        values, cells, base = row.values, row.cells, f"indicators[{index}]"
        target, actual = canonical_text(values.get("target")), canonical_text(values.get("actual"))
        weight, self_score = number_of(values.get("weight")), number_of(values.get("score"))
        where = f"指标“{values.get('level3')}”"
        w = weight if weight is not None else ZERO
        quantity = parse_quantity(target)
        method: Method = method_of(quantity) if quantity is not None else "定性"
        if actual is None or is_blank(actual):
            self.add(S.ACTUAL_MISSING, field=f"{base}.actual", cell=cells.get("actual"), where=where)
            score = ZERO
        elif quantity is not None:
            measured = self._measured(quantity, actual, where, base, cells)
            if isinstance(measured, Decimal):
                score = quantitative_score(quantity, measured, w)
                self._compare(score, self_score, method, target, actual, w, where, base, cells)
            elif measured is None:
                score = ZERO
            else:  # not comparable in the target's unit: the unit's own score counts
                method = "定性"
                score = self._qualitative(w, self_score, values.get("score"), where, base, cells)
        else:
            score = self._qualitative(w, self_score, values.get("score"), where, base, cells)
        below = w * self.settings.deviation_below / 100
        flagged = any(f.field == f"{base}.actual" and f.severity == "error" for f in self.findings)
        if not flagged and not is_blank(actual) and score < below and is_blank(values.get("deviation")):
            self.add(
                S.DEVIATION_MISSING,
                field=f"{base}.deviation",
                cell=cells.get("deviation"),
                where=where,
                score=plain_number(score),
                weight=plain_number(w),
                below=plain_number(self.settings.deviation_below),
            )
        level1 = canonical_text(values.get("level1"))
        if self.settings.group_of(level1, canonical_text(values.get("level2"))) is None:
            self.add(
                S.NOT_IN_GROUP,
                field=f"{base}.level1",
                cell=cells.get("level1"),
                where=where,
                level1=level1 or "",
                groups="、".join(self.settings.group_weights),
            )
        return IndicatorScore(
            level1,
            canonical_text(values.get("level2")),
            canonical_text(values.get("level3")),
            target,
            actual,
            weight,
            score,
            self_score,
            method,
        )

    def _measured(
        self, quantity: Quantity, actual: str, where: str, base: str, cells: dict[str, str]
    ) -> Decimal | str | None:
        """The actual as a number in the target's unit; "qualitative" when it cannot be compared; None
        when it has no number at all (an error)."""
        example = f"{plain_number(quantity.number)}{quantity.unit}"
        if not has_number(actual):
            self.add(
                S.ACTUAL_NOT_NUMBER,
                field=f"{base}.actual",
                cell=cells.get("actual"),
                where=where,
                target=self._text(quantity),
                actual=actual,
                example=example,
            )
            return None
        measured = parse_quantity(actual)
        if measured is None or measured.unit not in ("", quantity.unit):
            self.add(
                S.UNIT_MISMATCH,
                field=f"{base}.actual",
                cell=cells.get("actual"),
                where=where,
                target=self._text(quantity),
                actual=actual,
                example=example,
            )
            return "qualitative"
        return measured.number

    @staticmethod
    def _text(quantity: Quantity) -> str:
        return f"{quantity.sign}{plain_number(quantity.number)}{quantity.unit}"

    def _qualitative(
        self,
        weight: Decimal,
        self_score: Decimal | None,
        raw: Any,
        where: str,
        base: str,
        cells: dict[str, str],
    ) -> Decimal:
        if self_score is None or not ZERO <= self_score <= weight:
            self.add(
                S.QUALITATIVE_SCORE,
                field=f"{base}.score",
                cell=cells.get("score"),
                where=where,
                weight=plain_number(weight),
                score=canonical_text(raw) or "空",
            )
            return ZERO
        return round_half_up(self_score)

    def _compare(
        self,
        score: Decimal,
        self_score: Decimal | None,
        method: str,
        target: Any,
        actual: Any,
        weight: Decimal,
        where: str,
        base: str,
        cells: dict[str, str],
    ) -> None:
        if self_score is None or abs(self_score - score) <= self.settings.self_score_tolerance:
            return
        formula = f"{method}，年度指标值 {target}，实际完成值 {actual}，分值 {plain_number(weight)}"
        self.add(
            S.SELF_SCORE_DIFFERS,
            field=f"{base}.score",
            cell=cells.get("score"),
            where=where,
            self_score=plain_number(self_score),
            score=plain_number(score),
            formula=formula,
            diff=plain_number(abs(self_score - score)),
        )

    def weights(self, indicators: list[IndicatorScore]) -> None:
        total = sum((i.weight for i in indicators if i.weight is not None), ZERO)
        if total != self.settings.indicator_total:
            groups = "、".join(f"{k} {plain_number(v)}" for k, v in self.settings.group_weights.items())
            first = self.record.table[0].cells.get("weight") if self.record.table else None
            self.add(
                S.WEIGHT_TOTAL,
                field="indicators.weight",
                cell=first,
                total=plain_number(total),
                expected=plain_number(self.settings.indicator_total),
                groups=groups,
            )


def score_record(record: FormRecord, settings: ScoringSettings) -> ProjectScore:
    """Score one 自评表 record (form self_evaluation)."""
    scorer = _Scorer(record, settings)
    budget = scorer.budget()
    indicators = [
        scorer.indicator(i, row) for i, row in enumerate(record.table) if not is_blank(row.get("level3"))
    ]
    scorer.weights(indicators)
    total = budget + sum((i.score for i in indicators), ZERO)
    fields = record.fields
    return ProjectScore(
        file=record.file,
        sheet=record.sheet,
        unit=record.unit,
        department=canonical_text(fields.get("department")),
        project_name=canonical_text(fields.get("project_name")),
        budget_score=budget,
        total=total,
        grade=grade_of(total, settings.grades),
        self_total=number_of(fields.get("self_total")),
        indicators=indicators,
        findings=scorer.findings,
    )
