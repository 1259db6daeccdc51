"""`perfcli generate --stage targets`: the 项目支出绩效目标申报表 of a budget year, one workbook per unit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from perfcli.api.common import ConfigArg, RosterArg, config_of, roster_of
from perfcli.api.generate import year_of
from perfcli.errors import UsageError
from perfcli.issue.result import GenerateResult
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.store import open_ledger
from perfcli.model.config import Config
from perfcli.model.targets import ANNUAL, TargetIndicator

__all__ = ["generate_targets"]


def generate_targets(
    roster: RosterArg,
    period: int | str,
    out_dir: Path | str,
    *,
    config: ConfigArg = None,
    force: bool = False,
    hints: Mapping[str, list[TargetIndicator]] | None = None,
    jobs: int = 1,
) -> GenerateResult:
    """The 项目支出绩效目标申报表 for the budget year `period` (2027): one workbook per unit under `out_dir`,
    one sheet per project, the roster's names and money pre-filled and locked, the indicator grid open.

    `hints` maps a project code to last year's approved 年度 indicators: they are shown beside the 年度 half
    (上年批复指标（参考）), never typed into the input cells. Without `hints`, in a workspace they are the targets
    the ledger holds as approved (已批复) for the year before. Nothing is written when a target exists, unless
    `force`."""
    from perfcli.issue.targets import generate_targets as generate_forms

    settings = config_of(config)
    year = year_of(period)
    the_roster = roster_of(roster, settings)
    if the_roster is None:
        raise UsageError(
            "请指定名册工作簿，例如：perfcli generate 名册.xlsx --stage targets --period 2027 --out 申报表"
        )
    if hints is None:
        hints = approved_last_year(settings, year)
    return generate_forms(the_roster, year, Path(out_dir), settings, hints=hints, force=force, jobs=jobs)


def approved_last_year(config: Config, year: int) -> dict[str, list[TargetIndicator]]:
    """Project code -> the 年度 indicators approved for `year - 1`, from the workspace ledger ({} outside one)."""
    ledger = open_ledger(config, readonly=None)
    if ledger is None:
        return {}
    with ledger:
        approved = ledger_targets.approved_versions(ledger, year - 1)
    return {v.project_key: v.declaration.of_half(ANNUAL) for v in approved if v.declaration.of_half(ANNUAL)}
