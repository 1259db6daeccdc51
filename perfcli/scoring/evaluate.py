"""One 自评表 scored: the budget score, each indicator's score and method, the total and grade, and the findings
of the S0xx checks. A pure function of the record, the settings and the form's spec.

`_Scorer` holds what every kind of 自评表 shares (an indicator scored 正向, 反向, 等于 or 定性; the unit's own
score and 总分 against the computed ones); `score_record` scores a project's form (the national
项目支出绩效自评表, 四川's print of it), perfcli.scoring.department a 部门整体绩效自评表."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.model.findings import Finding, Rule
from perfcli.model.quantities import Quantity, has_number, parse_quantity
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import canonical_text, is_blank, money_value, plain_number, round_half_up
from perfcli.scoring import rules as S
from perfcli.scoring.cross_checks import expected_points, funds_findings, points_findings
from perfcli.scoring.formulas import (
    ZERO,
    Method,
    ScoringSettings,
    budget_score,
    grade_of,
    method_of,
    quantitative_score,
    sign_of,
    target_quantity,
)
from perfcli.scoring.result import IndicatorScore, ProjectScore, number_of

__all__ = ["IndicatorScore", "ProjectScore", "number_of", "score_record"]


class _Scorer:
    """The checks every kind of 自评表 shares; a kind's scorer overrides `budget` and `indicator`."""

    # a quantitative target without a sign (100%, 12个) and no 指标方向: scored 正向 (the national rule), or
    # left to the unit's own score when the form's own rules do not say (a 部门整体 form's 定量指标)
    unsigned_is_forward = True

    def __init__(self, record: FormRecord, settings: ScoringSettings, spec: FormSpec) -> None:
        self.record, self.settings, self.spec = record, settings, spec
        self.findings: list[Finding] = []
        self.columns = {c.key for c in (*spec.table.columns, *spec.table.extra_columns)}
        self.unsigned: list[str] = []  # indicators left to the unit's own score (S018)
        # whether the table has a 分值 column (湖南's 县级专项资金 form has none: nothing to score, S017)
        self.weighted = any("weight" in row.cells for row in record.table)

    def add(self, rule: Rule, *, field: str, cell: str | None, **params: Any) -> None:
        record = self.record
        self.findings.append(
            rule.finding(file=record.file, sheet=record.sheet, cell=cell, field=field, **params)
        )

    @property
    def total_row(self) -> str:
        """How the form names its total money row: 年度资金总额, 总额, 部门预算执行情况."""
        return next((s.short_label for s in self.spec.funding if s.key == "total"), "年度资金总额")

    def column(self, key: str, default: str) -> str:
        return self.spec.paired_columns.get(key, default)

    def budget(self) -> Decimal:
        total = self.record.funding.get("total") or {}
        budget, executed = money_value(total.get("annual_budget")), money_value(total.get("executed"))
        cells = self.record.cells
        score = budget_score(budget, executed, self.settings.budget_weight)
        if score is None:
            if budget is None or budget <= 0:
                key, missing = (
                    "annual_budget",
                    f"{self.column('annual_budget', '全年预算数')}未填写或不大于 0",
                )
            else:
                key, missing = "executed", f"{self.column('executed', '全年执行数')}未填写"
            self.add(
                S.BUDGET_MISSING,
                field=f"funding.total.{key}",
                cell=cells.get(f"funding.total.{key}"),
                row=self.total_row,
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

    def funds(self, budget_score: Decimal, weight: Decimal | None = None) -> None:
        """The total row against its 其中 rows, printed 执行率 and 得分 against the amounts (S012–S014)."""
        settings = self.settings
        self.findings.extend(
            funds_findings(
                self.record,
                budget_score,
                settings.self_score_tolerance,
                weight if weight is not None else settings.budget_weight,
                self.spec,
            )
        )

    def total(self, total: Decimal) -> None:
        """The 总分 the unit wrote against the computed one (S015)."""
        filled = number_of(self.record.fields.get("self_total"))
        if filled is None or abs(filled - total) <= self.settings.self_score_tolerance:
            return
        self.add(
            S.TOTAL_DIFFERS,
            field="self_total",
            cell=self.record.cells.get("self_total"),
            filled=plain_number(filled),
            computed=plain_number(total),
            diff=plain_number(abs(filled - total)),
        )

    def scorable(self, row: Indicator) -> bool:
        """A row naming an indicator: not blank, not a template row left as it came (指标2：, ……)."""
        return not is_blank(row.get(self.spec.table.name_column)) and not self.spec.table.unused_placeholder(
            row
        )

    def indicator(self, index: int, row: Indicator) -> IndicatorScore:
        values, cells, base = row.values, row.cells, f"indicators[{index}]"
        name = canonical_text(values.get(self.spec.table.name_column))
        # a 部门整体 form's 调整指标值, when filled, replaces its 年初指标值
        target = canonical_text(values.get("target_adjusted")) or canonical_text(values.get("target"))
        actual = canonical_text(values.get("actual"))
        weight, self_score = number_of(values.get("weight")), number_of(values.get("score"))
        where = f"指标“{name}”"
        w = weight if weight is not None else ZERO
        sign = sign_of(values.get("operator"), values.get("direction"))
        quantity, target = target_quantity(target, sign, values.get("unit"))
        method: Method = method_of(quantity) if quantity is not None else "定性"
        unsigned = quantity is not None and not quantity.sign and not self.unsigned_is_forward
        if actual is None or is_blank(actual):
            self.add(S.ACTUAL_MISSING, field=f"{base}.actual", cell=cells.get("actual"), where=where)
            score = ZERO
        elif unsigned:  # the direction is not stated: the unit's own score counts (S018)
            method = "定性"
            self.unsigned.append(name or "")
            score = self._qualitative(w, self_score, values.get("score"), where, base, cells)
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
        if "deviation" in cells:
            self._deviation(base, where, actual, score, w, values, cells)
        level1, level2 = canonical_text(values.get("level1")), canonical_text(values.get("level2"))
        if "level1" in self.columns and self._group(level1, level2) is None:
            self.add(
                S.NOT_IN_GROUP,
                field=f"{base}.level1",
                cell=cells.get("level1"),
                where=where,
                level1=level1 or "",
                groups="、".join(self.settings.group_weights),
            )
        return IndicatorScore(level1, level2, name, target, actual, weight, score, self_score, method)

    def _group(self, level1: str | None, level2: str | None) -> str | None:
        """The 一级指标 group of a row; a 一级 cell showing only its points ((50分)) is named by the 二级
        under it, as the form's skeleton files them (数量指标 → 产出指标)."""
        settings = self.settings
        return settings.group_of(level1, level2) or settings.group_of(self.spec.table.level1_of(level2 or ""))

    def _deviation(
        self,
        base: str,
        where: str,
        actual: str | None,
        score: Decimal,
        weight: Decimal,
        values: dict[str, Any],
        cells: dict[str, str],
    ) -> None:
        """S006: a score below 80% of the weight needs the 偏差原因分析 filled (on forms that have one)."""
        below = weight * self.settings.deviation_below / 100
        # an indicator already in error (no number, no valid own score) needs that fixed first
        flagged = any((f.field or "").startswith(f"{base}.") and f.severity == "error" for f in self.findings)
        if not flagged and not is_blank(actual) and score < below and is_blank(values.get("deviation")):
            self.add(
                S.DEVIATION_MISSING,
                field=f"{base}.deviation",
                cell=cells.get("deviation"),
                where=where,
                score=plain_number(score),
                weight=plain_number(weight),
                below=plain_number(self.settings.deviation_below),
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
        if not self.weighted:
            return ZERO  # no 分值 column: the form is not scored (S017), its rows are not faulted one by one
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

    def budget_weight(self) -> Decimal:
        """The points of the 预算执行率 (config [self_evaluation] budget_weight; a kind may print its own)."""
        return self.settings.budget_weight

    def weights(self, indicators: list[IndicatorScore]) -> None:
        """S004: the indicators' points add up to what generate wrote, else to what the 预算执行率 leaves of
        the whole (90 of 100; a 部门整体 form prints its own 执行率权重), split over the groups the form has."""
        settings = self.settings
        expected, points = expected_points(self.record, indicators, settings, self._group)
        expected += settings.budget_weight - self.budget_weight()
        total = sum((i.weight for i in indicators if i.weight is not None), ZERO)
        if total == expected:
            return
        if "level1" in self.columns:
            groups = "、".join(f"{k} {plain_number(v)}" for k, v in points.items())
            how = f"请按一级指标分值（{groups}）核对各指标分值"
        else:
            how = f"请核对各指标的权重（预算执行率 {plain_number(self.budget_weight())} 分另计）"
        first = self.record.table[0].cells.get("weight") if self.record.table else None
        self.add(
            S.WEIGHT_TOTAL,
            field="indicators.weight",
            cell=first,
            total=plain_number(total),
            expected=plain_number(expected),
            how=how,
        )

    def score(self) -> ProjectScore:
        """The form's score: the budget, every indicator row, the total and grade when there is one."""
        record, settings = self.record, self.settings
        budget = self.budget()
        self.funds(budget, self.budget_weight())
        rows = [(i, row) for i, row in enumerate(record.table) if self.scorable(row)]
        indicators = [self.indicator(i, row) for i, row in rows]
        total = self._total(budget, indicators, [row for _, row in rows])
        self.findings.extend(points_findings(record, [row for _, row in rows], settings, self._group))
        if self.unsigned:
            self.add(
                S.DIRECTION_UNKNOWN,
                field="indicators.operator",
                cell=None,
                count=len(self.unsigned),
                names="、".join(self.unsigned[:5]) + ("等" if len(self.unsigned) > 5 else ""),
            )
        fields = record.fields
        return ProjectScore(
            file=record.file,
            sheet=record.sheet,
            unit=record.unit,
            department=canonical_text(fields.get("department")),
            project_name=canonical_text(fields.get("project_name")),
            budget_score=budget,
            total=total,
            grade=grade_of(total, settings.grades) if total is not None else None,
            self_total=number_of(fields.get("self_total")),
            project_code=(record.identity or {}).get("project_code"),
            year=fields.get("year"),
            indicators=indicators,
            findings=self.findings,
            form=record.form,
            filled_by=self.spec.filled_by,
        )

    def _total(
        self, budget: Decimal, indicators: list[IndicatorScore], rows: list[Indicator]
    ) -> Decimal | None:
        """Budget + indicators, unless there is nothing to add up: no indicator (S011), no 分值 column
        (S017), no actual filled in (S016)."""
        name = self.spec.table.name_column
        first = rows[0] if rows else next(iter(self.record.table), None)
        cell = first.cells.get(name) if first is not None else None
        if not indicators:
            self.add(S.NO_INDICATORS, field="indicators", cell=cell)
            return None
        if not self.weighted:
            self.add(S.NO_WEIGHTS, field="indicators.weight", cell=cell)
            return None
        if all(i.actual is None for i in indicators):
            self.add(S.NO_ACTUALS, field="indicators", cell=cell, count=len(indicators))
            return None
        self.weights(indicators)
        total = budget + sum((i.score for i in indicators), ZERO)
        self.total(total)
        return total


def score_record(record: FormRecord, settings: ScoringSettings, spec: FormSpec | None = None) -> ProjectScore:
    """Score one project 自评表 record (the national form, a province's print of it)."""
    return _Scorer(record, settings, spec or settings.spec(record.form)).score()
