"""The 绩效自评 formulas, as pure functions on exact Decimals (each score rounded half-up to 0.01)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from perfcli.errors import UsageError
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.forms.spec import FormSpec
from perfcli.model.config import Config, default_config
from perfcli.model.quantities import Quantity, parse_quantity
from perfcli.model.values import canonical_text, normalize_label, plain_number, round_half_up

Method = Literal["正向", "反向", "等于", "定性"]
ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class ScoringSettings:
    """The [self_evaluation] section of the config: weights, grade bands, tolerances."""

    budget_weight: Decimal
    indicator_total: Decimal
    group_weights: dict[str, Decimal]
    group_aliases: dict[str, str]
    grades: tuple[tuple[str, Decimal], ...]  # (grade, lowest total), best first
    self_score_tolerance: Decimal
    deviation_below: Decimal  # percent of the weight
    spot_check_gap: Decimal
    # a 一级指标 group a project has no indicator in: its points go to the others in proportion
    # ("proportional"), or stay on an open row for the unit to name ("open_row")
    missing_group_split: str = "proportional"
    # the config's forms: where a record's spec (the rules its kind is scored by) is found
    forms: FormRegistry | None = None

    @classmethod
    def from_config(cls, config: Config) -> ScoringSettings:
        raw = config.section("self_evaluation")

        def number(key: str, value: Any = None) -> Decimal:
            value = raw.get(key) if value is None else value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise UsageError(f"配置 [self_evaluation] {key} 应为数字，现为“{value}”")
            return Decimal(str(value))

        try:
            grades = tuple((str(name), number("grades", low)) for name, low in raw["grades"])
            return cls(
                budget_weight=number("budget_weight"),
                indicator_total=number("indicator_total"),
                group_weights={k: number("group_weights", v) for k, v in raw["group_weights"].items()},
                group_aliases={str(k): str(v) for k, v in raw.get("group_aliases", {}).items()},
                grades=tuple(sorted(grades, key=lambda g: -g[1])),
                self_score_tolerance=number("self_score_tolerance"),
                deviation_below=number("deviation_below"),
                spot_check_gap=number("spot_check_gap"),
                missing_group_split=str(raw.get("missing_group_split", "proportional")),
                forms=forms_of(config),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"配置 [self_evaluation] 不完整或格式有误：{exc}") from exc

    def spec(self, form: str) -> FormSpec:
        """The spec of a record's form, from the config the settings came from."""
        return (self.forms or forms_of(default_config())).spec(form)

    def group_points(self, present: Iterable[str]) -> dict[str, Decimal]:
        """The points of each 一级指标 group on a project's form, in the order of group_weights, when the project
        has indicators in the groups `present` (missing_group_split)."""
        return group_points(self.group_weights, set(present), self.missing_group_split)

    def group_of(self, level1: str | None, level2: str | None = None) -> str | None:
        """The 一级指标 group a row belongs to (产出 -> 产出指标; 效果/服务对象满意度 -> 满意度指标, as the
        monitoring forms file satisfaction under 效果), or None when it is none of them."""
        groups = {normalize_label(k): k for k in self.group_weights}
        aliases = {normalize_label(k): v for k, v in self.group_aliases.items()}
        for name in (level2 or "", level1 or ""):
            # as labels compare: 产出指标(50分) with its points, 产\n出\n指\n标 written down a narrow cell
            key = normalize_label(name)
            key = normalize_label(aliases.get(key, key))
            if key in groups:
                return groups[key]
        return None


def budget_score(budget: Decimal | None, executed: Decimal | None, weight: Decimal) -> Decimal | None:
    """预算执行率得分 = weight × min(全年执行数 ÷ 全年预算数, 1); None when it cannot be computed."""
    if budget is None or executed is None or budget <= 0:
        return None
    rate = max(min(executed / budget, ONE), ZERO)
    return round_half_up(weight * rate)


_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")


def label_points(label: str | None) -> Decimal | None:
    """The points a form prints after a 一级指标: 产出指标(70分) -> 70; None when it prints none."""
    match = _POINTS.search(label or "")
    return Decimal(match[1]) if match else None


def sign_of(operator: Any, direction: Any) -> str | None:
    """The scoring word of an indicator from its 指标性质 and 指标方向 columns (the reader made both canonical:
    ≥ ≤ = 定量 定性): 定性 in either makes it qualitative; a direction's sign wins over the 指标性质's."""
    words = [canonical_text(x) for x in (direction, operator)]
    if "定性" in words:
        return "定性"
    return next((w for w in words if w in ("≥", "≤", "=")), None) or next((w for w in words if w), None)


def method_of(target: Quantity) -> Method:
    """≥T or a bare T: 正向; ≤T: 反向; =T: 等于."""
    return {"≥": "正向", "≤": "反向", "=": "等于"}.get(target.sign, "正向")  # type: ignore[return-value]


def target_quantity(target: str | None, operator: Any, unit: Any) -> tuple[Quantity | None, str | None]:
    """The target as a quantity, with the sign of its 指标性质 / 指标方向 column (≥ ≤ =, as the reader made it
    canonical; 定性: not a quantity) and the unit of its 度量单位 / 计量单位 column when the form has them; and
    the target as shown in messages (≤1次)."""
    quantity = parse_quantity(target)
    sign = canonical_text(operator) or ""
    if sign == "定性":
        return None, target
    if quantity is None or (sign not in ("≥", "≤", "=") and not unit):
        return quantity, target
    shown_unit = quantity.unit or canonical_text(unit) or ""
    if len(shown_unit) > 4:
        shown_unit = quantity.unit
    quantity = Quantity(
        quantity.sign or (sign if sign in ("≥", "≤", "=") else ""), quantity.number, shown_unit
    )
    return quantity, f"{quantity.sign}{plain_number(quantity.number)}{quantity.unit}"


def quantitative_score(target: Quantity, actual: Decimal, weight: Decimal) -> Decimal:
    """The score of a quantitative indicator with 分值 `weight` (the issue's three formulas)."""
    t, a, w = target.number, actual, weight
    method = method_of(target)
    if method == "正向":
        if a >= t:
            return round_half_up(w)
        return round_half_up(max(w * a / t, ZERO)) if t > 0 else ZERO
    if method == "反向":
        if t == 0:
            return round_half_up(w) if a == 0 else ZERO
        if a <= t:
            return round_half_up(w)
        if a < 2 * t:
            return round_half_up(w * (ONE - (a - t) / t))
        return ZERO
    if t == 0:
        return round_half_up(w) if a == 0 else ZERO
    return round_half_up(w * max(ZERO, ONE - abs(a - t) / t))


def grade_of(total: Decimal, grades: tuple[tuple[str, Decimal], ...]) -> str:
    """优 ≥ 90, 良 80 to under 90, 中 60 to under 80, 差 below (the bands of the config, best first)."""
    for name, lowest in grades:
        if total >= lowest:
            return name
    return grades[-1][0]


def group_points(weights: dict[str, Decimal], present: set[str], rule: str) -> dict[str, Decimal]:
    """The groups' points when a project has indicators only in `present`.

    "proportional": the groups present share all the points (the sum of `weights`, 90) in proportion to their
    weights, each rounded half-up to 0.01 and the last present (in the order of `weights`) taking what is left,
    so they add up exactly: no 效益 -> 产出 75、满意度 15; no 满意度 -> 产出 56.25、效益 33.75. "open_row", or a
    project with none of the groups: every group keeps its own points (an open row stands for a group missing).
    """
    kept = [name for name in weights if name in present]
    share = sum((weights[name] for name in kept), ZERO)
    if rule == "open_row" or len(kept) == len(weights) or share <= 0:
        return dict(weights)
    total = sum(weights.values(), ZERO)
    points = {name: round_half_up(total * weights[name] / share) for name in kept[:-1]}
    points[kept[-1]] = total - sum(points.values(), ZERO)
    return {name: points[name] for name in kept}


def split_weights(points: Decimal, count: int) -> list[Decimal]:
    """A group's points split equally over its indicators, rounded to 0.01; the last takes the remainder."""
    if count <= 0:
        return []
    share = round_half_up(points / count)
    return [share] * (count - 1) + [points - share * (count - 1)]
