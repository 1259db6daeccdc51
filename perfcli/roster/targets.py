"""Approved 绩效目标 into the roster: each project's 绩效指标 rows become its approved 年度 indicators (in the
一级/二级 words the monitoring forms use), and its 预算总额 the 申报表's 年度资金总额 where it gives one, so
the year's 监控表 pre-fill from what was approved (issue 23, item 4)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from perfcli.forms.operators import indicator_value
from perfcli.forms.registry import forms_of
from perfcli.model.config import Config
from perfcli.model.roster import IndicatorTarget, Project, Roster
from perfcli.model.targets import ANNUAL, TargetVersion
from perfcli.model.values import name_key
from perfcli.roster.schema import level1_values

# a 申报表 一级 whose short form the monitoring forms do not use, and the one they use instead (附表1 puts
# 经济/社会/生态效益 and 可持续影响 under 效果)
LEVEL1_ALIASES = {"效益": "效果"}
SUFFIX = "指标"  # 产出指标 / 数量指标: the 申报表's words end in it, the 附表1's do not


@dataclass(frozen=True)
class Vocabulary:
    """The 一级/二级 words of the config's monitoring forms (their specs), and which 一级 each 二级 sits under
    on the official skeleton."""

    level1: tuple[str, ...]
    level2: tuple[str, ...]
    parent: dict[str, str]

    @classmethod
    def of(cls, config: Config) -> Vocabulary:
        specs = forms_of(config).monitoring
        level2 = tuple(dict.fromkeys(v for s in specs for v in s.table.level2_values))
        parent: dict[str, str] = {}
        for spec in specs:
            for row in spec.table.skeleton:
                if len(row) >= 2:
                    parent.setdefault(str(row[1]), str(row[0]))
        return cls(level1_values(config), level2, parent)

    def level2_of(self, declared: str) -> str:
        """数量指标 -> 产出数量 (the 附表1's word ending in the declared one's stem); kept when it is one."""
        if declared in self.level2 or not declared:
            return declared
        stem = declared.removesuffix(SUFFIX)
        found = [v for v in self.level2 if v == stem] or [v for v in self.level2 if stem and v.endswith(stem)]
        return found[0] if len(found) == 1 else declared

    def level1_of(self, declared: str, level2: str) -> str:
        """产出指标 -> 产出; 效益指标 -> 效果; 满意度指标 -> the 一级 its 二级 sits under (效果 on 附表1)."""
        if declared in self.level1:
            return declared
        if level2 in self.parent and self.parent[level2] in self.level1:
            return self.parent[level2]
        stem = declared.removesuffix(SUFFIX)
        stem = LEVEL1_ALIASES.get(stem, stem) if stem not in self.level1 else stem
        return stem if stem in self.level1 else declared


@dataclass
class RosterFromTargets:
    """The roster with the approved targets in, and what was done."""

    roster: Roster
    replaced: list[tuple[Project, TargetVersion, int]] = field(default_factory=list)  # project, version, rows
    budgets: list[tuple[Project, Decimal, Decimal]] = field(default_factory=list)  # project, was, now
    kept: list[Project] = field(default_factory=list)  # no approved targets: rows left as they were
    # key projects whose four sources add up to the old 预算总额: it is left, to be checked by hand
    budget_conflicts: list[tuple[Project, Decimal]] = field(default_factory=list)
    unmatched: list[TargetVersion] = field(default_factory=list)  # approved, but no roster project


def _project_of(version: TargetVersion, roster: Roster) -> Project | None:
    """The roster project a version is of: its key is the project code, else 实施单位/项目名称 (name keys)."""
    found = roster.project_or_none(version.project_key)
    if found is not None:
        return found
    unit_key = name_key(version.declaration.implementer)
    named = [
        p
        for p in roster.projects_named(name_key(version.declaration.project_name))
        if unit_key
        and (unit := roster.unit_or_none(p.unit_code)) is not None
        and name_key(unit.name) == unit_key
    ]
    return named[0] if len(named) == 1 else None


def annual_indicators(project: Project, version: TargetVersion, words: Vocabulary) -> list[IndicatorTarget]:
    out = []
    for i in version.declaration.of_half(ANNUAL):
        level2 = words.level2_of(i.level2)
        out.append(
            IndicatorTarget(
                project.code,
                words.level1_of(i.level1, level2),
                level2,
                i.level3 or i.level2,
                indicator_value(i.nature, i.target, i.unit),
            )
        )
    return out


def roster_from_targets(roster: Roster, approved: list[TargetVersion], config: Config) -> RosterFromTargets:
    """`roster` with, for every project that has approved targets (`approved`: per project the version in
    force), its 绩效指标 rows replaced by the approved 年度 indicators and its 预算总额 by the 年度资金总额 the
    申报表 gives; every other project keeps its rows (listed in `kept`)."""
    words = Vocabulary.of(config)
    result = RosterFromTargets(roster)
    by_code: dict[str, TargetVersion] = {}
    for approval in approved:
        found = _project_of(approval, roster)
        if found is None:
            result.unmatched.append(approval)
        else:
            by_code[found.code] = approval
    projects, indicators = [], []
    for project in roster.projects:
        version = by_code.get(project.code)
        if version is None:
            projects.append(project)
            indicators += roster.indicators_of(project.code)
            result.kept.append(project)
            continue
        rows = annual_indicators(project, version, words)
        indicators += rows
        result.replaced.append((project, version, len(rows)))
        total = version.declaration.fund(ANNUAL).total
        if total is not None and total != project.budget_total:
            if project.funding and sum(project.funding.values(), Decimal(0)) != total:
                result.budget_conflicts.append((project, total))
            else:
                result.budgets.append((project, project.budget_total, total))
                project = replace(project, budget_total=total)
        projects.append(project)
    known = {p.code for p in roster.projects}
    indicators += [i for i in roster.indicators if i.project_code not in known]  # kept as read
    result.roster = Roster(
        roster.departments, roster.units, projects, indicators, source=roster.source, warnings=roster.warnings
    )
    return result
