"""`perfcli aggregate department|city`: the units' 附表1 rolled up into each department's 附表2 pre-fill,
and every return into the city (district) 汇总 — from workbooks, or from a validation already done."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import (
    ConfigArg,
    PeriodArg,
    RosterArg,
    config_of,
    paths_of,
    period_of,
    roster_of,
)
from perfcli.api.compare import add_previous_rates
from perfcli.api.ledger import checked_returns
from perfcli.api.outputs import plan_recorded_outputs, record_outputs
from perfcli.errors import UsageError
from perfcli.findings.report import ValidationReport
from perfcli.io.files.locks import output_locks
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.rollups import city as rollups
from perfcli.rollups.model import CityRollup, DepartmentRollup

Sources = ValidationReport | Iterable[Path | str] | Path | str
Progress = Callable[[int, int, str], None]


@dataclass
class DepartmentRollups:
    """The departments that have units' returns, each with the workbook written for it."""

    city: CityRollup
    departments: list[DepartmentRollup]
    written: list[Path] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        outputs: list[str | None] = [str(p) for p in self.written] or [None] * len(self.departments)
        return {
            "period": self.city.period.code,
            "time_progress": float(self.city.time_progress),
            "departments": [
                {**d.to_json(), "output": o} for d, o in zip(self.departments, outputs, strict=True)
            ],
            "files": [f.to_json() for f in self.city.files],
            "file_counts": self.city.file_counts(),
        }


def _roll_up(
    sources: Sources,
    roster: Roster | None,
    period: Period | None,
    config: Config,
    jobs: int,
    progress: Progress | None,
    use_cache: bool = True,
) -> CityRollup:
    if isinstance(sources, ValidationReport):
        return rollups.aggregate_city(sources.files, config, period=period or sources.period, roster=roster)
    paths = paths_of(sources)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError("找不到输入：" + "、".join(missing))
    report = checked_returns(
        paths, config, period=period, roster=roster, jobs=jobs, progress=progress, use_cache=use_cache
    )
    city = rollups.aggregate_city(report.files, config, period=period, roster=roster)
    city.notes = report.notes
    return city


def aggregate_city(
    sources: Sources,
    *,
    roster: RosterArg = None,
    period: PeriodArg = None,
    config: ConfigArg = None,
    jobs: int = 1,
    out: Path | str | None = None,
    force: bool = False,
    force_period: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> CityRollup:
    """Roll every return up into the city 汇总; `out` writes 汇总.xlsx (refused before any reading when it
    exists, unless `force` or, in a workspace, it is this command's own earlier 汇总, unchanged since).
    `sources` is a ValidationReport or workbook paths (validated on the way)."""
    settings = config_of(config)
    target = Path(out) if out is not None else None
    replace = force
    if target is not None:
        replace = plan_recorded_outputs(settings, "aggregate city", [target], force=force)
    the_period, the_roster = period_of(period, settings, force=force_period), roster_of(roster, settings)
    city = _roll_up(sources, the_roster, the_period, settings, jobs, progress, use_cache)
    add_previous_rates(city, settings, the_roster)
    if target is not None:
        from perfcli.rollups.workbooks import write_city_workbook

        with output_locks([(target, None)]):
            write_city_workbook(city, target, settings, force=replace)
        record_outputs(settings, [target])
    return city


def aggregate_department(
    sources: Sources,
    *,
    roster: RosterArg = None,
    period: PeriodArg = None,
    config: ConfigArg = None,
    jobs: int = 1,
    out: Path | str | None = None,
    force: bool = False,
    force_period: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> DepartmentRollups:
    """Roll the units' 附表1 up per department; `out` (a folder) gets each department's workbook: its
    附表2 pre-filled with the 预算执行 figures, and a 项目明细 sheet."""
    settings = config_of(config)
    the_period, the_roster = period_of(period, settings, force=force_period), roster_of(roster, settings)
    city = _roll_up(sources, the_roster, the_period, settings, jobs, progress, use_cache)
    departments = [d for d in city.departments if d.projects]
    if not departments:
        raise UsageError("没有可汇总的单位附表1：请检查输入的文件夹（被退回的文件见上方说明）")
    result = DepartmentRollups(city, departments)
    if out is not None:
        from perfcli.rollups.workbooks import write_department_workbooks

        with output_locks([(Path(out), "aggregate-department")]):
            result.written = write_department_workbooks(departments, Path(out), settings, force=force)
    return result
