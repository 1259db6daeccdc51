"""What one 申报表's review works with: the config's [targets] resolved once (TargetReviewSettings), and the
findings being collected with the declaration's file, sheet and cells (TargetReview). perfcli.findings.targets
and perfcli.findings.target_amounts apply the rules through it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcli.errors import UsageError
from perfcli.forms.target_review import IndicatorFamily, TargetVocabulary, target_vocabulary
from perfcli.model.config import Config
from perfcli.model.findings import Finding, Rule
from perfcli.model.targets import TargetDeclaration, TargetIndicator

__all__ = ["TargetReview", "TargetReviewSettings", "where"]


@dataclass(frozen=True)
class TargetReviewSettings:
    """The config's [targets]: what a 申报表 must have, and the 满意度 floor."""

    required_fields: tuple[str, ...]  # field keys (project_name, annual_total …)
    required_families: tuple[IndicatorFamily, ...]
    required_output_kinds: tuple[str, ...]  # 数量, 质量 (时效, 成本)
    satisfaction_floor: Decimal  # percent
    vocabulary: TargetVocabulary

    @classmethod
    def from_config(cls, config: Config) -> TargetReviewSettings:
        raw, words = config.section("targets"), target_vocabulary()
        fields = [(name, words.field(name)) for name in raw.get("required_fields", ())]
        families = [(name, words.family(name)) for name in raw.get("required_families", ())]
        output = words.family("产出指标")
        kinds = list(raw.get("required_output_kinds", ()))
        unknown = [name for name, found in fields + families if found is None]
        unknown += [k for k in kinds if output is None or k not in {kind.name for kind in output.kinds}]
        if unknown:
            raise UsageError(
                f"配置 [targets] 中的“{'、'.join(unknown)}”无法识别：栏目可写 "
                f"{'、'.join(f.label for f in words.fields)}；一级指标可写 "
                f"{'、'.join(f.name for f in words.families)}；二级指标可写 "
                f"{'、'.join(k.name for k in output.kinds) if output else ''}"
            )
        floor = raw.get("satisfaction_floor", 80)
        if isinstance(floor, bool) or not isinstance(floor, (int, float)):
            raise UsageError(f"配置 [targets] satisfaction_floor 应为数字（百分数），现为“{floor}”")
        return cls(
            required_fields=tuple(f.key for _, f in fields if f is not None),
            required_families=tuple(f for _, f in families if f is not None),
            required_output_kinds=tuple(kinds),
            satisfaction_floor=Decimal(str(floor)),
            vocabulary=words,
        )


class TargetReview:
    """The findings of one declaration, with its file and sheet, and where each indicator sits."""

    def __init__(self, declaration: TargetDeclaration, settings: TargetReviewSettings) -> None:
        self.declaration, self.settings = declaration, settings
        self.findings: list[Finding] = []
        # the indicators the form declares: rows with a name or a value (the template's blank family rows
        # and its "…" placeholders are not indicators), with their index in declaration.indicators
        self.rows = [
            (i, ind)
            for i, ind in enumerate(declaration.indicators)
            if ind.level3.strip() or ind.target.strip()
        ]

    def add(self, rule: Rule, *, cell: str | None, field: str | None, **params: Any) -> None:
        d = self.declaration
        self.findings.append(
            rule.finding(file=d.file or None, sheet=d.sheet or None, cell=cell, field=field, **params)
        )

    def at(self, rule: Rule, index: int, column: str, **params: Any) -> None:
        """A finding on one cell of indicator `index` (its field: indicators[3].target)."""
        indicator = self.declaration.indicators[index]
        cell = indicator.cells.get(column) or indicator.cells.get("level3")
        self.add(rule, cell=cell, field=f"indicators[{index}].{column}", where=where(indicator), **params)

    def field_cell(self, key: str) -> str | None:
        spec = next((f for f in self.settings.vocabulary.fields if f.key == key), None)
        keys = spec.cells if spec is not None else (key,)
        return next((self.declaration.cells[k] for k in keys if k in self.declaration.cells), None)

    def family_of(self, indicator: TargetIndicator) -> IndicatorFamily | None:
        return self.settings.vocabulary.family_of(indicator.level1, indicator.level2)

    def of_half(self, half: str) -> list[tuple[int, TargetIndicator]]:
        return [(i, ind) for i, ind in self.rows if ind.half == half]


def where(indicator: TargetIndicator) -> str:
    """How a message names an indicator: 年度指标“培训人次”."""
    return f"{indicator.half}指标“{indicator.name}”"
