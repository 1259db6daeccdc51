"""Writing the planned workbooks: every target checked before the first is written, each workbook written
atomically, in this process or in a pool of fresh worker processes fed through a small window."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from perfcli.errors import OutputExistsError, UsageError
from perfcli.io.files.outputs import write_atomic
from perfcli.io.files.scratch import process_pool
from perfcli.io.xlsx.write.forms import SheetContent
from perfcli.issue.content import workbook_identity
from perfcli.issue.plan import Target
from perfcli.issue.result import GeneratedFile, GenerateResult
from perfcli.model.config import Config
from perfcli.model.identity import Identity, SheetIdentity
from perfcli.model.roster import Unit


@dataclass
class Job:
    """One workbook to write; picklable so a worker process can write it."""

    file: GeneratedFile
    sheets: list[SheetContent]
    identity: Identity | None
    created: datetime | None = None  # fixed for templates, so rebuilding them gives the same bytes


def check_targets(paths: list[Path], force: bool) -> None:
    """Refuse before writing anything when a target exists (unless forced) or is a folder."""
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


def write_job(job: Job, config: Config, force: bool) -> GeneratedFile:
    """Write one workbook atomically (top-level, so a worker process can run it)."""
    from perfcli.io.xlsx.write.forms import write_forms

    # a disk that is full or a folder without permission: write_atomic says so, naming the file
    write_atomic(
        job.file.path,
        lambda tmp: write_forms(tmp, job.sheets, identity=job.identity, config=config, created=job.created),
        force=force,
    )
    return job.file


def run(
    planned: Iterable[Job],
    config: Config,
    *,
    force: bool,
    jobs: int,
    total: int,
    done: Callable[[GeneratedFile], None],
) -> None:
    """Write every planned job, calling `done` with each file in plan order."""
    if jobs <= 1 or total <= 1:
        for job in planned:
            done(write_job(job, config, force))
        return
    # Fresh worker processes (not forked copies holding the roster), fed through a small window so that
    # only a few workbooks' contents exist at any time, whatever the size of the city.
    with process_pool(jobs) as pool:
        window: deque[Future[GeneratedFile]] = deque()
        for job in planned:
            window.append(pool.submit(write_job, job, config, force))
            if len(window) >= jobs * 4:
                done(window.popleft().result())
        while window:
            done(window.popleft().result())


def write_unit_workbooks(
    targets: list[Target],
    config: Config,
    result: GenerateResult,
    sheets_of: Callable[[Unit], list[SheetContent]],
    identity_of: Callable[[SheetContent], SheetIdentity],
    *,
    force: bool,
    jobs: int,
) -> None:
    """The yearly forms (自评表, 绩效目标申报表): one workbook per unit, its sheets from `sheets_of`, each sheet's
    identity from `identity_of`, written (in plan order) into `result.files`."""
    stamp = config.stamp()

    def job(target: Target) -> Job:
        unit = target.unit
        assert unit is not None
        sheets = sheets_of(unit)
        department = target.department.code
        identity = workbook_identity(
            "unit", unit.code, unit.name, department, None, stamp, [identity_of(s) for s in sheets]
        )
        return Job(
            GeneratedFile("unit", unit.code, unit.name, department, target.path, len(sheets)),
            sheets,
            identity,
        )

    run(
        (job(t) for t in targets),
        config,
        force=force,
        jobs=jobs,
        total=len(targets),
        done=result.files.append,
    )
