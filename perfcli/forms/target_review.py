"""The words the 绩效目标 review goes by, as data (perfcli/forms/target_review.yaml): the 申报表's fields by their
Chinese names, and the indicator families (一级) with their kinds (二级) — which need a number, which is the
成本指标, which family is 满意度 (南通 seed 003; 黑龙江 规程 seed 004 相关性: 细化、量化)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from perfcli.model.values import normalize_label

__all__ = ["DeclaredField", "IndicatorFamily", "IndicatorKind", "TargetVocabulary", "target_vocabulary"]


@dataclass(frozen=True)
class DeclaredField:
    """One field of a 申报表: its record key, its name, and the record keys a form may read it into."""

    key: str
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorKind:
    """A 二级指标 kind: 数量, 质量, 时效, 成本, 经济效益 …"""

    name: str
    words: tuple[str, ...]
    quantified: bool = False  # its 指标值 must state a number (未量化 otherwise)
    cost: bool = False  # 成本指标: in 万元 it may not pass the 年度资金总额


@dataclass(frozen=True)
class IndicatorFamily:
    """A 一级指标: 产出指标, 效益指标, 满意度指标."""

    name: str
    words: tuple[str, ...]
    kinds: tuple[IndicatorKind, ...]
    by_level2: bool = False  # a 二级 naming it belongs here whatever the 一级 (满意度 under 效益/效果)
    satisfaction: bool = False  # its targets may not be below [targets] satisfaction_floor

    def kind_of(self, level2: str) -> IndicatorKind | None:
        key = normalize_label(level2)
        return next((k for k in self.kinds if any(w in key for w in k.words)), None)


@dataclass(frozen=True)
class TargetVocabulary:
    fields: tuple[DeclaredField, ...]
    families: tuple[IndicatorFamily, ...]

    def field(self, label: str) -> DeclaredField | None:
        """A field by its name (as [targets] required_fields writes it) or its key."""
        wanted = normalize_label(label)
        return next((f for f in self.fields if wanted in (normalize_label(f.label), f.key)), None)

    def family(self, name: str) -> IndicatorFamily | None:
        """A family by its name: 产出指标, or 产出 (as a config may write it)."""
        wanted = normalize_label(name)
        return next(
            (f for f in self.families if wanted in (f.name, f.name.removesuffix("指标"), *f.words)), None
        )

    @cached_property
    def _families_seen(self) -> dict[tuple[str, str], IndicatorFamily | None]:
        return {}  # (一级, 二级) -> family: asked for every row of every 申报表, from a handful of wordings

    def family_of(self, level1: str, level2: str) -> IndicatorFamily | None:
        """The family an indicator row belongs to: a 二级 naming a by_level2 family (服务对象满意度指标 under
        效益指标), else its 一级, else the family whose kind its 二级 names (a form without 一级)."""
        seen = self._families_seen
        key = (level1, level2)
        if key not in seen:
            seen[key] = self._family_of(level1, level2)
        return seen[key]

    def _family_of(self, level1: str, level2: str) -> IndicatorFamily | None:
        one, two = normalize_label(level1), normalize_label(level2)
        for family in self.families:
            if family.by_level2 and any(w in two for w in family.words):
                return family
        for family in self.families:
            if any(w in one for w in family.words):
                return family
        if one:
            return None
        return next((f for f in self.families if f.kind_of(two) is not None), None)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


@cache
def target_vocabulary() -> TargetVocabulary:
    """The vocabulary shipped with perfcli (read once: it is package data, the same for every config)."""
    from importlib import resources

    import yaml

    raw = yaml.safe_load(resources.files("perfcli.forms").joinpath("target_review.yaml").read_text("utf-8"))
    return TargetVocabulary(
        fields=tuple(
            DeclaredField(str(f["key"]), str(f["label"]), _strings(f.get("cells")) or (str(f["key"]),))
            for f in raw["fields"]
        ),
        families=tuple(
            IndicatorFamily(
                name=str(f["name"]),
                words=_strings(f["words"]),
                kinds=tuple(
                    IndicatorKind(
                        str(k["name"]),
                        _strings(k["words"]),
                        bool(k.get("quantified", False)),
                        bool(k.get("cost", False)),
                    )
                    for k in f["kinds"]
                ),
                by_level2=bool(f.get("by_level2", False)),
                satisfaction=bool(f.get("satisfaction", False)),
            )
            for f in raw["families"]
        ),
    )
