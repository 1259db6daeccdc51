"""Roll-ups: units' 附表1 returns into each department (the 附表2 pre-fill) and everything into the city.

Money stays Decimal from the record to the output; totals are exact sums (city = Σ departments =
Σ projects, to the last digit). Rates are rounded half-up to 2 decimals of a percent only when derived.
Every input file ends up accounted for: included, rejected (with why) or superseded (by which).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import reporting_table
from perfcli.forms.registry import forms_of
from perfcli.model.config import Config
from perfcli.model.period import Period, time_progress
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster
from perfcli.model.values import name_key
from perfcli.rollups.alerts import alerts_of
from perfcli.rollups.collect import Collected, collect, reported_rate
from perfcli.rollups.coverage import UnreportedProject, unreported_projects
from perfcli.rollups.model import CityRollup, DepartmentRollup, ProjectLine, Totals, project_forms_of


def infer_period(results: list[FileResult]) -> Period:
    """The period most forms of the batch carry (the latest of equally common ones)."""
    seen: dict[Period, int] = {}
    for result in results:
        if result.status != "read":
            continue
        for record in result.records:
            if record.period is not None:
                seen[record.period] = seen.get(record.period, 0) + 1
    if not seen:
        raise UsageError("无法从报表中识别监控期间：请用 --period 指定，如 --period 2026Q3")
    return max(seen, key=lambda p: (seen[p], p))


def _departments(
    collected: Collected,
    config: Config,
    period: Period,
    roster: Roster | None,
    unreported: list[UnreportedProject] | None,
) -> list[DepartmentRollup]:
    groups: dict[tuple[str | None, str], list[ProjectLine]] = {}
    for line in collected.lines:
        groups.setdefault((line.department_code, line.department), []).append(line)
    if roster is not None:  # departments that reported nothing still get a (zero) row
        for dept in roster.departments:
            groups.setdefault((dept.code, dept.name), [])
    reported = {
        form.code or name_key(form.name): reported_rate(form.record, "预算执行率")
        for form in collected.department_forms
        if form.record.form == "department"
    }
    order = {d.code: i for i, d in enumerate(roster.departments)} if roster else {}

    def sort_key(item: tuple[tuple[str | None, str], list[ProjectLine]]) -> tuple[int, str]:
        code, name = item[0]
        return (order.get(code, len(order)) if code else len(order) + 1, name)

    progress = time_progress(period.end)
    rollups = []
    for (code, name), lines in sorted(groups.items(), key=sort_key):
        lines.sort(key=lambda p: (p.unit, p.project, p.file))
        roster_dept = roster.department_or_none(code) if roster else None
        files = {p.file for p in lines}
        rollups.append(
            DepartmentRollup(
                code=code,
                name=name,
                period=period,
                time_progress=progress,
                projects=lines,
                totals=Totals.of(lines, config.likelihood),
                roster_budget=roster_dept.budget_total if roster_dept is not None else None,
                files=[a for a in collected.accounts if a.path in files],
                reported_execution_rate=reported.get(code or name_key(name)),
                unreported=None
                if unreported is None
                else [p for p in unreported if code and p.department_code == code],
            )
        )
    return rollups


def aggregate_city(
    results: list[FileResult] | ValidationReport,
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
) -> CityRollup:
    """Roll every return of a validated batch up into the city (district) summary."""
    files = results.files if isinstance(results, ValidationReport) else results
    period = period or infer_period(files)
    collected = collect(files, config, period, roster, time_progress(period.end))
    reporting = reporting_table(collected.files, roster, period, config)
    departments = _departments(collected, config, period, roster, unreported_projects(reporting, roster))
    ordered = [p for d in departments for p in d.projects]
    return CityRollup(
        period=period,
        time_progress=time_progress(period.end),
        lag_margin=config.threshold("execution_lag_margin"),
        likelihood_values=config.likelihood,
        departments=departments,
        totals=Totals.of(ordered, config.likelihood),
        alerts=alerts_of(ordered, collected.alert_sources, config, period),
        reporting=reporting,
        files=collected.accounts,
        project_forms=project_forms_of(ordered, forms_of(config)),
        department_forms=len(collected.department_forms),
    )


def aggregate_department(
    results: list[FileResult] | ValidationReport,
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
) -> list[DepartmentRollup]:
    """Roll the units' 附表1 up into one DepartmentRollup per department (what pre-fills its 附表2)."""
    city = aggregate_city(results, config, period=period, roster=roster)
    return [d for d in city.departments if d.projects]


def aggregate_paths(
    paths: list[Path],
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
    jobs: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> CityRollup:
    """Validate (read once) every workbook under `paths`, then roll them up into the city summary."""
    from perfcli.findings.batch import validate_paths

    report = validate_paths(paths, config, period=period, roster=roster, jobs=jobs, progress=progress)
    return aggregate_city(report.files, config, period=period, roster=roster)
