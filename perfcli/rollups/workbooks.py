"""The roll-up workbooks on disk: each department's 附表2 pre-fill and the city 汇总.xlsx, atomically."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from perfcli.io.files import check_writable, safe_filename, unique_names, write_atomic
from perfcli.model.config import Config
from perfcli.rollups.model import CityRollup, DepartmentRollup


def department_file_names(rollups: list[DepartmentRollup]) -> list[str]:
    """One sanitised, unique file name per department workbook."""
    stems = unique_names([safe_filename(f"{d.name}_附表2汇总_{d.period.code}") for d in rollups])
    return [f"{stem}.xlsx" for stem in stems]


def write_department_workbooks(
    rollups: list[DepartmentRollup], out_dir: Path, config: Config, *, force: bool = False
) -> list[Path]:
    """Write each department's workbook (附表2 pre-filled + 项目明细) into `out_dir`, atomically.

    Every target is checked before the first one is written, so a refused run leaves nothing half done.
    """
    from perfcli.io.xlsx_rollup import write_department_workbook

    targets = [Path(out_dir) / name for name in department_file_names(rollups)]
    for target in targets:
        check_writable(target, force)
    for rollup, target in zip(rollups, targets, strict=True):
        write_atomic(target, partial(write_department_workbook, rollup=rollup, config=config), force=force)
    return targets


def write_city_workbook(city: CityRollup, target: Path, config: Config, *, force: bool = False) -> Path:
    """Write 汇总.xlsx atomically."""
    from perfcli.io.xlsx_rollup import write_city_workbook as write

    return write_atomic(Path(target), lambda tmp: write(tmp, city, config), force=force)
