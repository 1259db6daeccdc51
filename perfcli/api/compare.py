"""`perfcli compare 2026Q2 2026Q3`: two periods of a workspace side by side.

Each period is what the ledger says was received for it: the returns recorded by its last validation,
read through the ledger's read cache (an unchanged file is not read again) and rolled up by the same
code as `aggregate city`, so a rate in the comparison is the rate the 汇总 showed. Nothing is recorded."""

from __future__ import annotations

from pathlib import Path

from perfcli.api.common import (
    ConfigArg,
    PeriodArg,
    RosterArg,
    config_of,
    period_of,
    refuse_existing,
    roster_of,
)
from perfcli.api.ledger import cache_key, workspace_ledger
from perfcli.errors import InputDataError, UsageError
from perfcli.findings.batch import validate_paths
from perfcli.io.files.locks import output_locks
from perfcli.io.xlsx.write.lists import write_list_workbook
from perfcli.ledger.returns import LedgerReadCache, current_paths, periods
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.rollups.city import aggregate_city
from perfcli.rollups.compare import (
    FLAG_NAMES,
    Comparison,
    Indicators,
    PreviousRates,
    compare_rollups,
    comparison_sheets,
    indicator_index,
)
from perfcli.rollups.model import CityRollup

__all__ = ["FLAG_NAMES", "Comparison", "compare", "period_rollup"]


def period_rollup(
    ledger: Ledger, period: Period, config: Config, roster: Roster | None
) -> tuple[CityRollup, Indicators] | None:
    """The roll-up of what the ledger recorded for `period` (None when it recorded nothing)."""
    paths = current_paths(ledger, period.code)
    if not paths:
        return None
    gone = [str(p) for p in paths if not p.is_file()]
    if gone:
        raise InputDataError(
            f"台账记录的{period.name}回收表已不在原处：{'、'.join(gone[:5])}"
            f"{'等' if len(gone) > 5 else ''}。请把文件放回，或对该期的回收表重新校验（perfcli validate）。"
        )
    cache = LedgerReadCache(ledger, cache_key(config, period))
    report = validate_paths(paths, config, period=period, roster=roster, cache=cache)
    city = aggregate_city(report.files, config, period=period, roster=roster)
    city.notes = cache.notes
    return city, indicator_index(report.files)


def add_previous_rates(city: CityRollup, config: Config, roster: Roster | None) -> None:
    """Inside a workspace whose ledger holds an earlier period's returns, the 汇总 gains 上期执行率 and the
    change: the latest earlier period, rolled up as `compare` does. When its files are no longer where
    the ledger saw them, the 汇总 goes without the columns rather than show rates it cannot back."""
    ledger = open_ledger(config)
    if ledger is None:
        return
    with ledger:
        earlier = sorted(p for p in map(Period.parse, periods(ledger)) if p < city.period)
        if not earlier:
            return
        try:
            rolled = period_rollup(ledger, earlier[-1], config, roster)
        except InputDataError:
            return
    if rolled is not None:
        city.previous = PreviousRates.of(rolled[0])


def compare(
    before: PeriodArg,
    after: PeriodArg,
    *,
    roster: RosterArg = None,
    config: ConfigArg = None,
    out: Path | str | None = None,
    force: bool = False,
) -> Comparison:
    """Per project and per department: the execution rate in each period and the change in points, the
    indicators whose 已完成情况 did not change, and the flags (moved 5 points or less while behind 序时进度;
    完成目标可能性 worse). `out` writes 对比.xlsx there (refused before anything is read when it exists)."""
    first, second = period_of(before), period_of(after)
    if first is None or second is None or not first < second:
        raise UsageError("请按先后给出两个期间，如 perfcli compare 2026Q2 2026Q3。")
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        refuse_existing([out_path], force)
    settings = config_of(config)
    the_roster = roster_of(roster, settings)
    with workspace_ledger(settings) as ledger:
        rollups = [period_rollup(ledger, p, settings, the_roster) for p in (first, second)]
    for period, rollup in zip((first, second), rollups, strict=True):
        if rollup is None:
            raise UsageError(
                f"工作区台账中没有{period.name}回收的表：请先在工作区内校验该期的回收表（perfcli validate）。"
            )
    (city_before, ind_before), (city_after, ind_after) = rollups  # type: ignore[misc]
    comparison = compare_rollups(city_before, city_after, ind_before, ind_after)
    if out_path is not None:
        with output_locks([(out_path, None)]):
            write_list_workbook(out_path, comparison_sheets(comparison), force=force)
    return comparison
