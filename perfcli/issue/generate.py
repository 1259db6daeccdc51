"""Generate: the roster -> one pre-filled 附表1 workbook per unit and one 附表2/附表3 workbook per department.

Everything the roster knows is pre-filled and protected; the clerk types only what is new. Plans every
file first, refuses to overwrite anything unless forced (checking all targets before writing one), then
writes each workbook atomically, optionally in a process pool.
"""

from __future__ import annotations

import multiprocessing
import tomllib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import perfcli
from perfcli.errors import OutputExistsError, RunFailed, UsageError
from perfcli.forms.spec import load_spec, spec_by_code
from perfcli.io.files import safe_filename, unique_names, write_atomic
from perfcli.model.config import Config, default_config_text
from perfcli.model.identity import Identity
from perfcli.model.period import Period
from perfcli.model.roster import FUNDING_KEYS, Department, Project, Roster, Unit

# 资金来源 -> the 附表3 funding row it belongs to, when a key project has no per-source amounts.
_SOURCE_TO_FUNDING = {
    "中央": "central_provincial",
    "省级": "central_provincial",
    "市级": "municipal",
    "区级": "district",
    "县级": "district",
    "其他": "other",
}
TEMPLATE_FILES = {
    "附表1": "附表1_项目预算绩效运行监控表.xlsx",
    "附表2": "附表2_部门整体预算绩效运行监控表.xlsx",
    "附表3": "附表3_部门重点项目预算绩效运行监控表.xlsx",
}
# Creation time written into the templates so that rebuilding them gives the same bytes.
TEMPLATE_CREATED = datetime(2026, 1, 1)
_STEM_BYTES = 110  # leaves room for "_附表2附表3_2026Q3.xlsx" within safe_filename's bound


@dataclass
class GeneratedFile:
    """One workbook generate wrote: a unit's 附表1 workbook or a department's 附表2/附表3 workbook."""

    kind: str  # unit | department | blank
    code: str
    name: str
    department_code: str | None
    path: Path
    sheets: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "department_code": self.department_code,
            "path": str(self.path),
            "sheets": self.sheets,
        }


@dataclass
class GenerateResult:
    period: str
    out_dir: Path
    files: list[GeneratedFile] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # units with nothing to fill, and why

    @property
    def departments(self) -> int:
        return sum(1 for f in self.files if f.kind == "department")

    @property
    def units(self) -> int:
        return sum(1 for f in self.files if f.kind == "unit")

    @property
    def sheets(self) -> int:
        return sum(f.sheets for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "out_dir": str(self.out_dir),
            "departments": self.departments,
            "units": self.units,
            "sheets": self.sheets,
            "files": [f.to_json() for f in self.files],
            "skipped": self.skipped,
        }


@dataclass
class _Job:
    """One workbook to write; picklable so a worker process can write it."""

    file: GeneratedFile
    sheets: list[Any]  # SheetContent
    identity: Identity | None
    created: datetime | None = None


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
) -> GenerateResult:
    """Write every unit's and department's pre-filled workbook for `period` under `out_dir`.

    Raises OutputExistsError (listing the files) before writing anything when a target exists and
    `force` is false.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出目录 {out_dir} 是一个文件：请换一个文件夹")
    targets, skipped = _plan(roster, out_dir, period)
    _check_targets([target.path for target in targets], force)
    result = GenerateResult(period=period.code, out_dir=out_dir, skipped=skipped)
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    # Each workbook's content is built only when its turn comes, so memory does not grow with the city.
    planned = (_job(roster, target, period, now) for target in targets)
    _run(planned, len(targets), config, force, jobs, result, progress)
    return result


def generate_blank(
    code: str, period: Period | None, out_dir: Path, config: Config, *, force: bool = False
) -> GenerateResult:
    """Write one empty official form (附表1, 附表2 or 附表3) into `out_dir`."""
    try:
        spec = spec_by_code(code)
    except KeyError:
        raise UsageError(f"未知的表样“{code}”：请写 附表1、附表2 或 附表3") from None
    name = TEMPLATE_FILES[spec.code]
    if period is not None:
        name = name.replace(".xlsx", f"_{period.code}.xlsx")
    job = _blank_job(spec.code, period, Path(out_dir) / name, created=None)
    _check_targets([job.file.path], force)
    result = GenerateResult(period=period.code if period else "", out_dir=Path(out_dir))
    _run([job], 1, config, force, 1, result, None)
    return result


def build_templates(dest_dir: Path, config: Config | None = None) -> list[Path]:
    """Write the three blank official forms into `dest_dir` (templates/), reproducibly.

    Uses the built-in (常州新北) vocabularies unless a config is given.
    """
    config = config or Config(tomllib.loads(default_config_text()))
    paths = []
    for code, name in TEMPLATE_FILES.items():
        job = _blank_job(code, None, Path(dest_dir) / name, created=TEMPLATE_CREATED)
        _write_job(job, config, True)
        paths.append(job.file.path)
    return paths


# planning ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Target:
    """One workbook to write, before its content is built: who it is for and where it goes."""

    department: Department
    unit: Unit | None  # None: the department's 附表2/附表3 workbook
    path: Path


def _plan(roster: Roster, out_dir: Path, period: Period) -> tuple[list[_Target], list[dict[str, str]]]:
    """Every target path (unique, sanitised names) and the units skipped for having no project."""
    folders = unique_names([safe_filename(d.name, fallback=d.code or "部门") for d in roster.departments])
    targets: list[_Target] = []
    skipped: list[dict[str, str]] = []
    for department, folder in zip(roster.departments, folders, strict=True):
        units = roster.units_of(department.code)
        stems = unique_names(
            [safe_filename(u.name, fallback=u.code or "单位", max_bytes=_STEM_BYTES) for u in units]
        )
        for unit, stem in zip(units, stems, strict=True):
            if not roster.projects_of(unit.code):
                skipped.append(
                    {"kind": "unit", "code": unit.code, "name": unit.name, "reason": "名册中该单位没有项目"}
                )
                continue
            targets.append(_Target(department, unit, out_dir / folder / f"{stem}_附表1_{period.code}.xlsx"))
        dept_stem = safe_filename(department.name, fallback=department.code or "部门", max_bytes=_STEM_BYTES)
        targets.append(
            _Target(department, None, out_dir / folder / f"{dept_stem}_附表2附表3_{period.code}.xlsx")
        )
    return targets, skipped


def _job(roster: Roster, target: _Target, period: Period, now: str) -> _Job:
    if target.unit is None:
        return _department_job(roster, target.department, period, target.path, now)
    projects = roster.projects_of(target.unit.code)
    return _unit_job(roster, target.department, target.unit, projects, period, target.path, now)


def _unit_job(
    roster: Roster,
    department: Department,
    unit: Unit,
    projects: list[Project],
    period: Period,
    path: Path,
    now: str,
) -> _Job:
    from perfcli.io.xlsx_forms import SheetContent, sheet_names

    spec = load_spec("project")
    sheets = []
    for project, name in zip(projects, sheet_names([p.name for p in projects]), strict=True):
        values = {
            "project_name": project.name,
            "budget_total": project.budget_total,
            "fund_source": project.fund_source,
        }
        rows, locked = _indicator_rows(roster, project, spec)
        sheets.append(
            SheetContent(
                spec=spec,
                name=name,
                period=period,
                header_value=unit.name,
                values=values,
                table=rows,
                locked={"unit", *(k for k, v in values.items() if v not in (None, "")), *locked},
                project_code=project.code,
            )
        )
    identity = _identity("unit", unit.code, unit.name, department.code, period, now, sheets)
    file = GeneratedFile("unit", unit.code, unit.name, department.code, path, len(sheets))
    return _Job(file, sheets, identity)


def _department_job(roster: Roster, department: Department, period: Period, path: Path, now: str) -> _Job:
    from perfcli.io.xlsx_forms import SheetContent, sheet_names, skeleton_table

    dept_spec, key_spec = load_spec("department"), load_spec("key_project")
    # one 附表3 per key project, unit by unit as the roster lists them
    units = roster.units_of(department.code)
    key_projects = [p for u in units for p in roster.projects_of(u.code) if p.is_key]
    budget = department.budget_total
    if budget is None:  # the roster leaves it out: the sum of the department's project budgets
        budget = sum(
            (p.budget_total for u in units for p in roster.projects_of(u.code)),
            Decimal(0),
        )
    values: dict[str, Any] = {"department_name": department.name, "budget_total": budget}
    rows, locked = skeleton_table(dept_spec)
    names = sheet_names(["附表2", *(f"附表3_{p.name}" for p in key_projects)])
    sheets = [
        SheetContent(
            spec=dept_spec,
            name=names[0],
            period=period,
            values=values,
            table=rows,
            locked={"department_name", "budget_total", *locked},
        )
    ]
    for project, name in zip(key_projects, names[1:], strict=True):
        unit = roster.unit(project.unit_code)
        funding = dict(project.funding)
        if not funding and project.fund_source in _SOURCE_TO_FUNDING:
            funding = {_SOURCE_TO_FUNDING[project.fund_source]: project.budget_total}
        values = {
            "project_name": project.name,
            "total_budget": project.budget_total,
            "department": department.name,
            "implementer": unit.name,
            "planned_start": project.planned_start,
            "planned_end": project.planned_end,
            **{f"funding.{src}.budget": funding[src] for src in FUNDING_KEYS if funding.get(src) is not None},
        }
        rows, locked = _indicator_rows(roster, project, key_spec)
        sheets.append(
            SheetContent(
                spec=key_spec,
                name=name,
                period=period,
                values=values,
                table=rows,
                locked={*(k for k, v in values.items() if v not in (None, "")), *locked},
                project_code=project.code,
            )
        )
    identity = _identity("department", department.code, department.name, department.code, period, now, sheets)
    file = GeneratedFile("department", department.code, department.name, department.code, path, len(sheets))
    return _Job(file, sheets, identity)


def _indicator_rows(roster: Roster, project: Project, spec: Any) -> tuple[list[dict[str, Any]], set[str]]:
    """附表1/附表3 indicator rows: 附表3's 过程 rows first, then the project's approved indicators
    (or the official skeleton when the roster has none)."""
    from perfcli.io.xlsx_forms import skeleton_table

    if spec.form == "key_project":
        rows, locked = skeleton_table(spec, only_level1="过程")
    else:
        rows, locked = [], set()
    targets = roster.indicators_of(project.code)
    if not targets:
        return skeleton_table(spec)
    for target in targets:
        i = len(rows)
        row = {
            "level1": target.level1,
            "level2": target.level2,
            "level3": target.level3,
            "target": target.target,
        }
        rows.append(row)
        locked.update(f"indicators[{i}].{k}" for k, v in row.items() if v not in (None, ""))
    return rows, locked


def _identity(
    kind: str,
    code: str,
    name: str,
    department_code: str | None,
    period: Period | None,
    now: str,
    sheets: list[Any],
) -> Identity:
    from perfcli.io.xlsx_forms import sheet_identity

    return Identity(
        workbook=kind,
        code=code,
        name=name,
        department_code=department_code,
        period=period.code if period else "",
        template_version=perfcli.TEMPLATE_VERSION,
        generated_at=now,
        sheets=[sheet_identity(s) for s in sheets],
    ).seal()


def _blank_job(code: str, period: Period | None, path: Path, *, created: datetime | None) -> _Job:
    from perfcli.io.xlsx_forms import SheetContent

    spec = spec_by_code(code)
    sheets = [SheetContent(spec=spec, name=spec.code, period=period)]
    now = "" if created is not None else datetime.now().astimezone().isoformat(timespec="seconds")
    identity = _identity("blank", "", "", None, period, now, sheets)
    return _Job(GeneratedFile("blank", spec.code, spec.title, None, path, 1), sheets, identity, created)


# writing ----------------------------------------------------------------------------------------
def _check_targets(paths: list[Path], force: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        shown = [str(p) for p in existing[:10]]
        more = [f"……另有 {len(existing) - 10} 个"] if len(existing) > 10 else []
        raise OutputExistsError(
            f"有 {len(existing)} 个输出文件已存在，未写入任何文件（如需覆盖，请加 --force）",
            details=shown + more,
        )
    for path in paths:
        if path.is_dir():
            raise UsageError(f"输出路径是一个文件夹，无法写入：{path}")


def _write_job(job: _Job, config: Config, force: bool) -> GeneratedFile:
    """Write one workbook atomically (top-level, so a worker process can run it)."""
    from perfcli.io.xlsx_forms import write_forms

    try:
        write_atomic(
            job.file.path,
            lambda tmp: write_forms(
                tmp, job.sheets, identity=job.identity, config=config, created=job.created
            ),
            force=force,
        )
    except OSError as exc:  # disk full, no permission, path too long…
        raise RunFailed(f"无法写入 {job.file.path}：{exc.strerror or exc}") from exc
    return job.file


def _run(
    planned: Iterable[_Job],
    total: int,
    config: Config,
    force: bool,
    jobs: int,
    result: GenerateResult,
    progress: Progress | None,
) -> None:
    def done(file: GeneratedFile) -> None:
        result.files.append(file)
        if progress:
            progress(len(result.files), total, file)

    if jobs <= 1 or total <= 1:
        for job in planned:
            done(_write_job(job, config, force))
        return
    # Fresh worker processes (not forked copies holding the roster), fed through a small window so that
    # only a few workbooks' contents exist at any time, whatever the size of the city.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
        window: deque[Future[GeneratedFile]] = deque()
        for job in planned:
            window.append(pool.submit(_write_job, job, config, force))
            if len(window) >= jobs * 4:
                done(window.popleft().result())
        while window:
            done(window.popleft().result())
