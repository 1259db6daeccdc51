"""What changed between two versions of a project's 绩效目标 (a 调整, or a form corrected after 退回): per
indicator of each half (中长期, 年度) by its 三级 name — added, removed, or its 指标值 changed — and per
amount of 项目资金."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcli.model.targets import HALVES, TargetDeclaration, TargetIndicator

__all__ = ["FundChange", "IndicatorChange", "fund_changes", "indicator_changes"]

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
FUND_PARTS = {"total": "资金总额", "fiscal": "其中：财政拨款", "other": "其他资金"}


@dataclass(frozen=True)
class IndicatorChange:
    half: str  # 中长期 | 年度
    level1: str
    level2: str
    name: str  # the 三级指标 (else the 二级)
    change: str  # added | removed | changed
    before: str = ""  # 指标值 as declared before ("" when added)
    after: str = ""  # 指标值 as declared now ("" when removed)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FundChange:
    half: str
    part: str  # 资金总额 | 其中：财政拨款 | 其他资金
    before: Decimal | None
    after: Decimal | None

    def to_json(self) -> dict[str, Any]:
        return {
            "half": self.half,
            "part": self.part,
            "before": None if self.before is None else str(self.before),
            "after": None if self.after is None else str(self.after),
        }


def _value(indicator: TargetIndicator) -> str:
    """指标值 as a reader compares it: with its 指标性质 and 度量单位 where the form has them apart."""
    return "".join(x for x in (indicator.nature, indicator.target, indicator.unit) if x)


def indicator_changes(before: TargetDeclaration, after: TargetDeclaration) -> list[IndicatorChange]:
    """The indicators added, removed and changed, half by half, in the order of the newer form (removed
    ones after). Indicators of the same name in one half are paired in order."""
    changes = []
    for half in HALVES:
        old: dict[str, list[TargetIndicator]] = {}
        for indicator in before.of_half(half):
            old.setdefault(indicator.name, []).append(indicator)
        for indicator in after.of_half(half):
            paired = old.get(indicator.name)
            if not paired:
                changes.append(_change(indicator, ADDED, "", _value(indicator)))
                continue
            was = paired.pop(0)
            if _value(was) != _value(indicator):
                changes.append(_change(indicator, CHANGED, _value(was), _value(indicator)))
        for left in old.values():
            changes += [_change(indicator, REMOVED, _value(indicator), "") for indicator in left]
    return changes


def _change(indicator: TargetIndicator, change: str, before: str, after: str) -> IndicatorChange:
    return IndicatorChange(
        indicator.half, indicator.level1, indicator.level2, indicator.name, change, before, after
    )


def fund_changes(before: TargetDeclaration, after: TargetDeclaration) -> list[FundChange]:
    """The amounts of 项目资金 (万元) that differ, half by half."""
    changes = []
    for half in HALVES:
        old, new = before.fund(half), after.fund(half)
        for part, label in FUND_PARTS.items():
            was, now = getattr(old, part), getattr(new, part)
            if was != now:
                changes.append(FundChange(half, label, was, now))
    return changes
