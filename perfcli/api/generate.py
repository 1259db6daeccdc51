"""`perfcli generate`: the pre-filled forms of a period from the roster, or one blank official form."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from decimal import Decimal
from functools import partial
from pathlib import Path

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, period_of, roster_of
from perfcli.api.locking import output_locks
from perfcli.api.outputs import Known, settle_outputs
from perfcli.errors import UsageError
from perfcli.findings.batch import validate_paths
from perfcli.io.files.digest import sha256_of
from perfcli.issue.generate import GeneratedFile, GenerateResult
from perfcli.issue.generate import generate as generate_forms
from perfcli.issue.generate import generate_blank as generate_blank_form
from perfcli.issue.plan import Target
from perfcli.ledger.forms import IssuedForm, record_planned, record_written, recorded_forms
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.model.values import money_value


def generate(
    roster: RosterArg,
    period: PeriodArg,
    out: Path | str,
    *,
    config: ConfigArg = None,
    force: bool = False,
    force_period: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int, GeneratedFile], None] | None = None,
) -> GenerateResult:
    """One 附表1 workbook per unit and one 附表2/附表3 workbook per department for `period`, under `out`.

    Nothing is written when the roster has errors (InputDataError lists them) or when an output exists
    and `force` is false (OutputExistsError lists them)."""
    settings = config_of(config)
    the_period = period_of(period, settings, force=force_period)
    if the_period is None:
        raise UsageError("请用 --period 指定监控期间，例如 --period 2026Q3")
    the_roster = roster_of(roster, settings)
    if the_roster is None:
        raise UsageError("请指定名册工作簿，例如：perfcli generate 名册.xlsx --period 2026Q3 --out 监控表")
    out_dir = Path(out)
    ledger = open_ledger(settings)  # a lost or read-only ledger is said before the output folder is made
    with ExitStack() as stack:
        if ledger is not None:
            stack.enter_context(ledger)
        stack.enter_context(output_locks([(out_dir, "generate")], settings))
        if ledger is None:
            result = generate_forms(
                the_roster, the_period, out_dir, settings, force=force, jobs=jobs, progress=progress
            )
            result.roster_warnings = list(the_roster.warnings)
            return result
        backups: dict[Path, Path] = {}
        settle = partial(_settle, ledger, the_period, force, backups)
        result = generate_forms(
            the_roster, the_period, out_dir, settings, jobs=jobs, progress=progress, settle=settle
        )
        record_written(ledger, [(f.path, sha256_of(f.path)[0]) for f in result.files])
        result.backups = backups
        result.roster_warnings = list(the_roster.warnings)
        return result


def _settle(
    ledger: Ledger, period: Period, force: bool, backups: dict[Path, Path], targets: list[Target]
) -> list[int]:
    """Which targets to write: new ones, this workspace's unfinished ones, all with force (a file changed
    by hand copied aside first, into `backups`); the plan is recorded before the first is written."""
    files = [t.path for t in targets]
    known = {file: Known(sha) for file, sha in recorded_forms(ledger, files).items()}
    plan = settle_outputs(files, known, force=force)
    backups.update({targets[i].path: copy for i, copy in plan.backups.items()})
    issued = []
    for index in plan.write:
        target = targets[index]
        workbook, owner = (
            ("unit", target.unit.code) if target.unit else ("department", target.department.code)
        )
        issued.append(
            IssuedForm(f"{workbook}:{owner}:{period.code}", workbook, owner, period.code, files[index])
        )
    record_planned(ledger, issued)
    return plan.write


def generate_blank(
    form: str,
    out: Path | str,
    *,
    period: PeriodArg = None,
    config: ConfigArg = None,
    force: bool = False,
    force_period: bool = False,
) -> GenerateResult:
    """One empty official form (附表1, 附表2 or 附表3) in `out`."""
    settings = config_of(config)
    the_period = period_of(period, settings, force=force_period)
    return generate_blank_form(form, the_period, Path(out), settings, force=force)


def generate_self_evaluation(
    roster: RosterArg,
    year: int | str,
    out: Path | str,
    *,
    returns: Path | str | None = None,
    config: ConfigArg = None,
    force: bool = False,
    jobs: int = 1,
) -> GenerateResult:
    """The year-end 项目支出绩效自评表: one workbook per unit for `year` (2026), pre-filled and locked.

    With `returns` (a folder of the year's 三季度 附表1 returns) each project's 已支出资金 is given as a hint
    on 全年执行数."""
    from perfcli.issue.self_evaluation import generate_self_evaluation as generate_forms_of_year

    settings = config_of(config)
    the_year = year_of(year)
    the_roster = roster_of(roster, settings)
    if the_roster is None:
        raise UsageError(
            "请指定名册工作簿，例如：perfcli generate 名册.xlsx --stage self-evaluation --period 2026 --out 自评表"
        )
    spent = q3_spent(returns, the_roster, the_year, settings) if returns is not None else {}
    return generate_forms_of_year(
        the_roster, the_year, Path(out), settings, spent=spent, force=force, jobs=jobs
    )


def year_of(year: int | str) -> int:
    """2026, "2026" or "2026年" -> 2026."""
    text = str(year).strip().removesuffix("年度").removesuffix("年")
    if not (text.isdigit() and len(text) == 4):
        raise UsageError(f"无法识别的年度“{year}”：请写年度，如 --period 2026")
    return int(text)


def q3_spent(returns: Path | str, roster: Roster, year: int, settings: Config) -> dict[str, Decimal]:
    """Each roster project's 已支出资金 in the year's 三季度 附表1 returns (matched as validate matches)."""
    folder = Path(returns)
    if not folder.exists():
        raise UsageError(f"找不到三季度报表所在的文件夹：{folder}")
    report = validate_paths([folder], settings, period=Period(year, 3), roster=roster)
    spent: dict[str, Decimal] = {}
    for file in report.files:
        if file.status != "read":
            continue
        for record in file.records:
            code = file.project_of(record) if record.form == "project" else None
            amount = money_value(record.fields.get("funds_spent"))
            if code is not None and amount is not None:
                spent[code] = amount
    return spent
