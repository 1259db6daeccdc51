"""`perfcli roster from-targets`: the roster of a budget year with its 绩效指标 (and 项目 预算总额) taken from
the 绩效目标 approved in the workspace ledger, so the year's 监控表 pre-fill from approved targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, PeriodArg, config_of, refuse_existing
from perfcli.api.target_review import target_year
from perfcli.errors import UsageError
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.store import open_ledger
from perfcli.model.records import to_jsonable
from perfcli.model.targets import TargetVersion
from perfcli.roster.read import read_roster
from perfcli.roster.targets import RosterFromTargets, roster_from_targets
from perfcli.roster.write import write_roster


@dataclass
class RosterTargetsResult:
    """What `roster from-targets` wrote: the projects whose indicators were replaced, the 预算总额 changed,
    and those left as they were (warnings)."""

    year: int
    written: Path
    done: RosterFromTargets
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        done = self.done
        return {
            "year": self.year,
            "written": str(self.written),
            "replaced": [
                {"project": p.code, "name": p.name, "version": v.version, "indicators": n}
                for p, v, n in done.replaced
            ],
            "budgets": [
                {"project": p.code, "was": to_jsonable(was), "now": to_jsonable(now)}
                for p, was, now in done.budgets
            ],
            "kept": [{"project": p.code, "name": p.name} for p in done.kept],
            "warnings": self.warnings,
        }


_LISTED = 5  # projects named in the warning; a city keeps hundreds the first year


def _warnings(done: RosterFromTargets) -> list[str]:
    lines = []
    if done.kept:
        shown = "、".join(f"{p.name}（{p.code}）" for p in done.kept[:_LISTED])
        more = "等（全部见 --json 的 kept）" if len(done.kept) > _LISTED else ""
        lines.append(f"{len(done.kept)} 个项目没有已批复的绩效目标，保留名册原有的绩效指标：{shown}{more}")
    for p, total in done.budget_conflicts:
        lines.append(
            f"重点项目 {p.name}（{p.code}）的年度资金总额 {total} 万元与名册四类资金来源合计不符，预算总额未改，请核对名册。"
        )
    for v in done.unmatched:
        lines.append(
            f"已批复的 {v.declaration.project_name or v.project_key}（{v.project_key}）在名册中找不到对应项目，未写入。"
        )
    return lines


def roster_from_approved_targets(
    *,
    roster: Path | str,
    out: Path | str,
    period: PeriodArg = None,
    config: ConfigArg = None,
    force: bool = False,
    approved: list[TargetVersion] | None = None,
) -> RosterTargetsResult:
    """Write the roster at `roster` again to `out` (never over it), its 绩效指标 rows replaced for every project
    with approved targets of `period`'s year by the approved 年度 indicators, and those projects' 预算总额 by
    the 年度资金总额 of their 申报表. `approved` (the Python API) stands in for the ledger's
    approved_versions."""
    settings = config_of(config)
    source, target = Path(roster), Path(out)
    if target.resolve() == source.resolve():
        raise UsageError(f"输出 {target} 与输入名册相同：输入名册不会被改写，请另给 --out。")
    refuse_existing([target], force)
    year = target_year(period)
    if approved is None:
        ledger = open_ledger(settings, readonly=None)
        if ledger is None:
            raise UsageError("已批复的绩效目标记在工作区台账中：请在工作区（perfcli init）内运行。")
        with ledger:
            approved = ledger_targets.approved_versions(ledger, year)
    done = roster_from_targets(read_roster(source, settings), approved, settings)
    written = write_roster(target, done.roster, config=settings, force=force)
    return RosterTargetsResult(year, written, done, _warnings(done))
