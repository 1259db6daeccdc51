"""Generate: the roster -> one pre-filled 附表1 workbook per unit and one 附表2/附表3 workbook per department.

Plans every file first (perfcli.issue.plan), refuses to overwrite anything unless forced (checking all
targets before writing one), then builds each workbook's content (perfcli.issue.content) only when its turn
comes and writes it atomically, optionally in a process pool (perfcli.issue.run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.forms.pack import installed_packs, target_specs, year_end_specs
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.forms.spec import FormSpec
from perfcli.issue.content import (
    blank_sheets,
    department_sheets,
    sheet_identity,
    unit_sheets,
    workbook_identity,
)
from perfcli.issue.national import ticked_unit_sheets
from perfcli.issue.plan import Target, blank_file_name, plan
from perfcli.issue.result import GeneratedFile, GenerateResult
from perfcli.issue.run import Job, check_targets, run, write_job
from perfcli.model import config_schema
from perfcli.model.config import Config, merge_settings
from perfcli.model.period import Period
from perfcli.model.roster import Roster

__all__ = ["GenerateResult", "GeneratedFile", "build_templates", "generate", "generate_blank"]

# Creation time written into the templates so that rebuilding them gives the same bytes.
TEMPLATE_CREATED = datetime(2026, 1, 1)

Progress = Callable[[int, int, GeneratedFile], None]


def generate(
    roster: Roster,
    period: Period,
    out_dir: Path,
    config: Config,
    *,
    force: bool = False,
    jobs: int = 1,
    progress: Progress | None = None,
    settle: Callable[[list[Target]], Iterable[int]] | None = None,
) -> GenerateResult:
    """Write every unit's and department's pre-filled workbook for `period` under `out_dir`.

    Raises OutputExistsError (listing the files) before writing anything when a target exists and
    `force` is false — unless `settle` is given: it gets every target and returns the indexes of those to
    write (a rerun of an interrupted generate writes only what is missing).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出目录 {out_dir} 是一个文件：请换一个文件夹")
    forms = forms_of(config)
    targets, skipped = plan(roster, out_dir, period, forms)
    if settle is None:
        check_targets([target.path for target in targets], force)
        chosen = targets
    else:  # the caller (the workspace ledger) decides which targets still need writing
        indexes = set(settle(targets))
        chosen, force = [t for i, t in enumerate(targets) if i in indexes], True
    result = GenerateResult(
        period=period.code,
        out_dir=out_dir,
        skipped=skipped,
        unchanged=len(targets) - len(chosen),
        forms=forms,
    )
    targets = chosen
    stamp = config.stamp()  # one moment for the whole run, in the bureau's time zone
    # Each workbook's content is built only when its turn comes, so memory does not grow with the city.
    planned = (_job(roster, target, period, stamp, forms) for target in targets)
    run(
        planned,
        config,
        force=force,
        jobs=jobs,
        total=len(targets),
        done=_recorder(result, len(targets), progress),
    )
    return result


def generate_blank(
    code: str, period: Period | None, out_dir: Path, config: Config, *, force: bool = False
) -> GenerateResult:
    """Write one empty official form (附表1, 附表2 or 附表3) into `out_dir`."""
    forms = forms_of(config)
    known = "、".join(dict.fromkeys(s.code for s in forms.recognised if s.issued))
    try:
        spec = forms.by_code(code)
    except KeyError:
        raise UsageError(f"未知的表样“{code}”：请写 {known} 之一") from None
    if not spec.issued:
        raise UsageError(f"“{spec.title}”只读取、计分，perfcli 不生成这种表：可生成的有 {known}")
    job = _blank_job(spec, period, Path(out_dir) / blank_file_name(spec, period), stamp=config.stamp())
    check_targets([job.file.path], force)
    result = GenerateResult(period=period.code if period else "", out_dir=Path(out_dir))
    run([job], config, force=force, jobs=1, total=1, done=_recorder(result, 1, None))
    return result


def build_templates(dest_dir: Path, config: Config | None = None) -> list[Path]:
    """Write the blank official forms of every built-in pack (and the 自评表, the 绩效目标申报表) into `dest_dir` (templates/),
    reproducibly.

    Uses each pack's own settings over the built-in defaults (vocabularies, the 监控表's 1-7月) unless a
    config is given.
    """
    defaults = config_schema.defaults()
    groups = [(pack.specs, merge_settings(defaults, pack.settings)) for pack in installed_packs()]
    groups.append((year_end_specs(), defaults))  # the 自评表, the same for every pack
    groups.append((target_specs(), defaults))  # the 绩效目标申报表, likewise
    paths = []
    for specs, pack_settings in groups:
        settings = config or Config(pack_settings)
        for spec in (s for s in specs if s.issued):  # a form perfcli only reads has no template
            path = Path(dest_dir) / blank_file_name(spec, None)
            job = _blank_job(spec, None, path, stamp="", created=TEMPLATE_CREATED)
            write_job(job, settings, True)
            paths.append(job.file.path)
    return paths


def _recorder(
    result: GenerateResult, total: int, progress: Progress | None
) -> Callable[[GeneratedFile], None]:
    def done(file: GeneratedFile) -> None:
        result.files.append(file)
        if progress:
            progress(len(result.files), total, file)

    return done


def _job(roster: Roster, target: Target, period: Period, stamp: str, forms: FormRegistry) -> Job:
    department, unit = target.department, target.unit
    if unit is None:
        sheets = department_sheets(roster, department, period, forms)
        kind, code, name = "department", department.code, department.name
    else:
        spec = forms.owed("unit", False)[0]
        ticked = spec.funds is not None or bool(spec.table.ticks)  # the national 监控表's shape
        sheets = (
            ticked_unit_sheets(roster, unit, period, spec)
            if ticked
            else unit_sheets(roster, unit, period, forms)
        )
        kind, code, name = "unit", unit.code, unit.name
    identity = workbook_identity(
        kind, code, name, department.code, period, stamp, [sheet_identity(s) for s in sheets]
    )
    return Job(GeneratedFile(kind, code, name, department.code, target.path, len(sheets)), sheets, identity)


def _blank_job(
    spec: FormSpec, period: Period | None, path: Path, *, stamp: str, created: datetime | None = None
) -> Job:
    sheets = blank_sheets(spec, period)
    identity = workbook_identity("blank", "", "", None, period, stamp, [sheet_identity(s) for s in sheets])
    file = GeneratedFile("blank", spec.code, spec.title, None, path, 1)
    return Job(file, sheets, identity, created)
