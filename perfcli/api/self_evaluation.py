"""`perfcli aggregate self-evaluation` and `perfcli spot-check`: the year's 自评结果 and the 自评抽查 list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, RosterArg, config_of, refuse_existing, roster_of
from perfcli.api.score import ScoreResult, score
from perfcli.errors import UsageError
from perfcli.letters.render import RenderResult
from perfcli.model.records import to_jsonable
from perfcli.model.values import percent_value
from perfcli.rollups.self_evaluation import (
    SelfEvaluationRollup,
    rollup,
    rollup_tables,
    spot_check_table,
    write_tables,
)
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.spot_check import Pick
from perfcli.scoring.spot_check import spot_check as pick_projects

Paths = Iterable[Path | str] | Path | str


@dataclass
class SelfEvaluationSummary:
    """aggregate self-evaluation: the roll-up, the scoring behind it, and the workbook written."""

    rollup: SelfEvaluationRollup
    scores: ScoreResult
    written: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {**self.rollup.to_json(), "unread": [list(u) for u in self.scores.unread]}


@dataclass
class SpotCheckResult:
    picks: list[Pick]
    rate: Decimal
    seed: int
    scores: ScoreResult
    written: Path | None = None
    departments: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "file": p.project.file,
                "sheet": p.project.sheet,
                "unit": p.project.unit,
                "project_name": p.project.project_name,
                "total": to_jsonable(p.project.total),
                "self_total": to_jsonable(p.project.self_total),
                "grade": p.project.grade,
                "reason": p.reason,
            }
            for p in self.picks
        ]


def aggregate_self_evaluation(
    paths: Paths,
    *,
    roster: RosterArg = None,
    out: Path | str | None = None,
    config: ConfigArg = None,
    force: bool = False,
) -> SelfEvaluationSummary:
    """Score every 自评表 under `paths` and roll them up (with `roster`: also the projects not returned);
    `out` writes 自评结果汇总.xlsx (部门汇总, 项目得分, 未报送项目)."""
    if out is not None:
        refuse_existing([Path(out)], force)
    settings = config_of(config)
    scores = score(paths, config=settings)
    result = SelfEvaluationSummary(
        rollup(scores.projects, roster_of(roster, settings), ScoringSettings.from_config(settings)), scores
    )
    if out is not None:
        title = "项目支出绩效自评结果汇总"
        result.written = write_tables(Path(out), rollup_tables(result.rollup), title, settings, force=force)
    return result


def rate_of(rate: str | Decimal | float) -> Decimal:
    """10%, "10", 10 -> Decimal(10) (a percentage between 0 and 100)."""
    value = percent_value(rate)
    if value is None or not 0 <= value <= 100:
        raise UsageError(f"抽查比例“{rate}”无法识别：请写 0%–100% 之间的百分比，如 --rate 10%")
    return value


def spot_check(
    paths: Paths,
    *,
    rate: str | Decimal | float = "10%",
    seed: int = 0,
    roster: RosterArg = None,
    out: Path | str | None = None,
    config: ConfigArg = None,
    force: bool = False,
) -> SpotCheckResult:
    """The 自评抽查 list: every 差, every project whose own 总分 is off by the configured gap or more, and a
    seeded random share of the rest; `out` writes 抽查名单.xlsx."""
    share = rate_of(rate)
    if out is not None:
        refuse_existing([Path(out)], force)
    settings = config_of(config)
    scoring = ScoringSettings.from_config(settings)
    scores = score(paths, config=settings)
    picks = pick_projects(scores.projects, share, seed, scoring)
    placed = rollup(scores.projects, roster_of(roster, settings), scoring).projects
    departments = {f"{s.file}\0{s.sheet}": dep for dep, s in placed}
    result = SpotCheckResult(picks, share, seed, scores, departments=departments)
    if out is not None:
        table = spot_check_table(picks, departments)
        result.written = write_tables(Path(out), [table], "绩效自评抽查名单", settings, force=force)
    return result


def render_self_evaluation(
    kind: str,
    paths: Paths,
    *,
    out: Path | str,
    roster: RosterArg = None,
    config: ConfigArg = None,
    issue_date: date | None = None,
    rate: str | Decimal | float = "10%",
    seed: int = 0,
    pdf: bool = False,
    jobs: int = 1,
    force: bool = False,
    reissue: bool = False,
    backdate: bool = False,
) -> RenderResult:
    """绩效自评结果反馈 (one per department) or 自评抽查通知 (one per department with projects picked by
    `rate` and `seed`, as `spot_check` picks them) from the 自评表 under `paths`; numbered and issued
    like every letter (perfcli.api.issuing.issue_yearly_letters)."""
    from perfcli.api.issuing import issue_yearly_letters
    from perfcli.letters.self_evaluation import self_evaluation_letters

    settings = config_of(config)
    issue = issue_date or settings.today()
    if kind == "spot-check-notice":
        checked = spot_check(paths, rate=rate, seed=seed, roster=roster, config=settings)
        summary = rollup(checked.scores.projects, None, ScoringSettings.from_config(settings))
        picks, departments = checked.picks, checked.departments
    else:
        summary = aggregate_self_evaluation(paths, roster=roster, config=settings).rollup
        picks, departments = [], {}
    letters = self_evaluation_letters(kind, summary, picks, departments, settings, issue)
    return issue_yearly_letters(
        kind, letters, settings, year=summary.year or issue.year - 1, issue=issue, out=out, source="自评表",
        pdf=pdf, jobs=jobs, force=force, reissue=reissue, backdate=backdate,
    )  # fmt: skip
