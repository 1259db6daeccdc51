"""A 部门整体绩效自评表 scored by its own rules (重庆's form: 执行率权重 / 执行率得分, and per indicator 得分系数 ×
指标权重 = 指标得分).

- 预算执行率: 执行率权重 (printed on the form; else [self_evaluation] budget_weight) × min(全年执行数 ÷ 全年
  (调整)预算数, 1), or × the printed 执行率 when the amounts are not filled in.
- An indicator's target is its 调整指标值 when filled, else its 年初指标值. 定性指标 take the unit's 指标得分
  (0 to the weight); 定量指标 whose direction is stated (≥ ≤ = in the target or an 指标方向 column) are scored
  by the national formulas; those without one take the unit's score, listed once (S018).
- 指标得分 is checked against 得分系数 × 指标权重 (S019); the weights add up to 100 less the 执行率权重 (S004);
  the printed 自评总分 against the computed total (S015).
"""

from __future__ import annotations

from decimal import Decimal

from perfcli.model.records import Indicator
from perfcli.model.values import money_value, percent_value, plain_number, round_half_up
from perfcli.scoring import rules as S
from perfcli.scoring.evaluate import _Scorer
from perfcli.scoring.formulas import ONE, ZERO
from perfcli.scoring.result import IndicatorScore, number_of

__all__ = ["DepartmentScorer"]


class DepartmentScorer(_Scorer):
    unsigned_is_forward = False

    def budget_weight(self) -> Decimal:
        printed = number_of((self.record.funding.get("total") or {}).get("weight"))
        return printed if printed is not None and printed > 0 else self.settings.budget_weight

    def budget(self) -> Decimal:
        total = self.record.funding.get("total") or {}
        budget, executed = money_value(total.get("annual_budget")), money_value(total.get("executed"))
        rate = executed / budget if budget and budget > 0 and executed is not None else None
        if rate is None:
            printed = percent_value(total.get("rate"))
            rate = printed / 100 if printed is not None else None
        if rate is None:
            key = "rate"
            self.add(
                S.BUDGET_MISSING,
                field=f"funding.total.{key}",
                cell=self.record.cells.get(f"funding.total.{key}"),
                row=self.total_row,
                missing=f"{self.column('executed', '全年执行数')}和{self.column('rate', '执行率')}未填写",
            )
            return ZERO
        return round_half_up(self.budget_weight() * max(min(rate, ONE), ZERO))

    def indicator(self, index: int, row: Indicator) -> IndicatorScore:
        scored = super().indicator(index, row)
        values = row.values
        factor = percent_value(values.get("factor"))
        weight, own = scored.weight, scored.self_score
        if factor is None or weight is None or own is None:
            return scored
        computed = round_half_up(weight * factor / 100)
        if abs(computed - own) > self.settings.self_score_tolerance:
            self.add(
                S.FACTOR_DIFFERS,
                field=f"indicators[{index}].score",
                cell=row.cells.get("score"),
                where=f"指标“{scored.level3}”",
                score=plain_number(own),
                factor=plain_number(factor),
                weight=plain_number(weight),
                computed=plain_number(computed),
            )
        return scored
