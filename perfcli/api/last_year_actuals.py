"""Last year's actuals of a project, from the workspace ledger: what the 绩效目标 review compares a 年度 target
with (T024, perfcli.findings.targets.last_year_findings) and what a 申报表's hint column may show.

The returns the ledger recorded are read again through its read cache (an unchanged file is not re-read):
year-1's 项目支出绩效自评表 (全年实际完成值), else the last monitoring period of year-1 (附表1 / 监控表 已完成情况,
normally 三季度). A project is found by its roster code, else by its name. Nothing is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import cache_key
from perfcli.errors import UsageError
from perfcli.findings.batch import validate_paths
from perfcli.forms.registry import forms_of
from perfcli.ledger.returns import LedgerReadCache, current_paths, periods
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.values import canonical_text, name_key

__all__ = ["LastYearActuals", "index_in", "last_year_actuals", "last_year_index"]

Actuals = dict[str, str]  # name_key of the 三级指标 -> the actual as written ("450人次")


@dataclass
class LastYearActuals:
    """Every project's actuals of one year as the ledger holds them, by roster code and by name key."""

    year: int
    by_code: dict[str, Actuals] = field(default_factory=dict)
    by_name: dict[str, Actuals] = field(default_factory=dict)

    def of(self, project_code: str, project_name: str) -> Actuals:
        found = (self.by_code.get(project_code) if project_code else None) or self.by_name.get(
            name_key(project_name)
        )
        return dict(found or {})

    def add(self, code: str | None, name: str, actuals: Actuals) -> None:
        if not actuals:
            return
        if code:
            self.by_code[code] = actuals
        if name_key(name):
            self.by_name[name_key(name)] = actuals


def last_year_actuals(config: ConfigArg, year: int, project_code: str, project_name: str) -> dict[str, str]:
    """The actuals of year-1 of one project (its roster code, else its name): indicator (name_key of the 三级指标)
    -> actual as written; {} outside a workspace or when the ledger holds none. For many projects, take
    last_year_index once."""
    return last_year_index(config, year).of(project_code, project_name)


def last_year_index(config: ConfigArg, year: int) -> LastYearActuals:
    """The actuals of year-1 of every project the workspace ledger recorded a return for."""
    settings = config_of(config)
    ledger = open_ledger(settings, readonly=None)
    if ledger is None:
        return LastYearActuals(year - 1)
    with ledger:
        return index_in(ledger, settings, year)


def index_in(ledger: Ledger, config: Config, year: int) -> LastYearActuals:
    """last_year_index with the ledger already open (validate compares the 申报表 it reads, T024)."""
    found = LastYearActuals(year - 1)
    monitoring: list[tuple[Period, FileResult]] = []
    evaluations: list[FileResult] = []
    for period in _periods_of(ledger, year - 1):
        files = _read(ledger, config, period)
        if period is None:
            evaluations += files
        else:
            monitoring += [(period, f) for f in files]
    settings = config
    # the last monitoring period first, and the 自评表 over it
    for _, result in sorted(monitoring, key=lambda pair: pair[0]):
        _collect(found, settings, result, "monitoring", year - 1)
    for result in evaluations + [r for _, r in monitoring]:
        _collect(found, settings, result, "self_evaluation", year - 1)
    return found


def _periods_of(ledger: Ledger, year: int) -> list[Period | None]:
    """The periods of `year` returns were recorded for, and None (自评表 are validated without one)."""
    chosen: list[Period | None] = [None]
    for code in periods(ledger):
        try:
            period = Period.parse(code)
        except UsageError:  # a period code this perfcli does not know
            continue
        if period.year == year:
            chosen.append(period)
    return chosen


def _read(ledger: Ledger, config: Config, period: Period | None) -> list[FileResult]:
    paths = [p for p in current_paths(ledger, period.code if period else None) if p.is_file()]
    if not paths:
        return []
    cache = LedgerReadCache(ledger, cache_key(config, period))
    report = validate_paths(paths, config, period=period, cache=cache)
    return [f for f in report.files if f.status == "read"]


def _year_of(record: FormRecord) -> int | None:
    year = record.fields.get("year")
    if isinstance(year, int):
        return year
    return record.period.year if record.period is not None else None


def _collect(found: LastYearActuals, config: Config, result: FileResult, stage: str, year: int) -> None:
    forms = forms_of(config)
    for record in result.records:
        if forms.spec(record.form).stage != stage or _year_of(record) != year:
            continue
        actuals: Actuals = {}
        for row in record.table:
            name = canonical_text(row.get("level3") or row.get("indicator"))
            actual = canonical_text(row.get("actual"))
            if name and actual:
                actuals[name_key(name)] = actual
        found.add(result.project_of(record), str(record.fields.get("project_name") or ""), actuals)
