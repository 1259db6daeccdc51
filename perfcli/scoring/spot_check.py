"""自评抽查 (黑龙江 规程: the bureau spot-checks self-evaluations): which projects to check, and why.

Every 差; every project whose own 总分 and the computed one differ by the configured gap or more; then a
seeded random share of the rest. The same scores and seed give the same list, whatever order the files
came in.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

from perfcli.model.values import plain_number
from perfcli.scoring.evaluate import ProjectScore
from perfcli.scoring.formulas import ScoringSettings


@dataclass(frozen=True)
class Pick:
    project: ProjectScore
    reason: str  # 抽查理由, in Chinese


def _order(project: ProjectScore) -> tuple[str, str, str]:
    return (project.file, project.sheet, project.project_name or "")


def gap_of(project: ProjectScore) -> Decimal | None:
    """The unit's own 总分 minus the computed one (None when the unit wrote none, or nothing was scored)."""
    if project.self_total is None or project.total is None:
        return None
    return project.self_total - project.total


def spot_check(
    projects: list[ProjectScore], rate: Decimal, seed: int, settings: ScoringSettings
) -> list[Pick]:
    """The projects to spot-check, each with its reason: 差 first, then large gaps, then the random share
    (rate is a percentage: 10 means 10% of the projects not already picked, rounded up)."""
    worst = settings.grades[-1][0]
    picks: list[Pick] = []
    rest: list[ProjectScore] = []
    for project in sorted(projects, key=_order):
        gap = gap_of(project)
        if project.grade == worst:
            picks.append(Pick(project, f"等级为“{worst}”（计算总分 {project.total}）"))
        elif gap is not None and abs(gap) >= settings.spot_check_gap:
            picks.append(
                Pick(
                    project,
                    f"自评总分 {plain_number(project.self_total or Decimal(0))} 与计算总分 {project.total} "
                    f"相差 {plain_number(abs(gap))} 分（{plain_number(settings.spot_check_gap)} 分及以上）",
                )
            )
        else:
            rest.append(project)
    count = min(len(rest), math.ceil(len(rest) * rate / 100))
    chosen = random.Random(seed).sample(range(len(rest)), count)
    for index in sorted(chosen):
        reason = f"随机抽取（其余项目的 {plain_number(rate)}%，随机种子 {seed}）"
        picks.append(Pick(rest[index], reason))
    return picks
