"""`perfcli generate`: the pre-filled forms of a period from the roster, or one blank official form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, period_of, roster_of
from perfcli.errors import UsageError
from perfcli.issue.generate import GeneratedFile, GenerateResult
from perfcli.issue.generate import generate as generate_forms
from perfcli.issue.generate import generate_blank as generate_blank_form


def generate(
    roster: RosterArg,
    period: PeriodArg,
    out: Path | str,
    *,
    config: ConfigArg = None,
    force: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int, GeneratedFile], None] | None = None,
) -> GenerateResult:
    """One 附表1 workbook per unit and one 附表2/附表3 workbook per department for `period`, under `out`.

    Nothing is written when the roster has errors (InputDataError lists them) or when an output exists
    and `force` is false (OutputExistsError lists them)."""
    settings = config_of(config)
    the_period = period_of(period)
    if the_period is None:
        raise UsageError("请用 --period 指定监控期间，例如 --period 2026Q3")
    the_roster = roster_of(roster, settings)
    if the_roster is None:
        raise UsageError("请指定名册工作簿，例如：perfcli generate 名册.xlsx --period 2026Q3 --out 监控表")
    result = generate_forms(
        the_roster, the_period, Path(out), settings, force=force, jobs=jobs, progress=progress
    )
    result.roster_warnings = list(the_roster.warnings)
    return result


def generate_blank(
    form: str, out: Path | str, *, period: PeriodArg = None, config: ConfigArg = None, force: bool = False
) -> GenerateResult:
    """One empty official form (附表1, 附表2 or 附表3) in `out`."""
    return generate_blank_form(form, period_of(period), Path(out), config_of(config), force=force)
