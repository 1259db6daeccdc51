"""The roll-up workbooks on disk: each department's 附表2 pre-fill and the city 汇总.xlsx, atomically.

The content comes from perfcli.rollups.department_form and perfcli.rollups.sheets; the io writers lay it out.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from perfcli.io.files.outputs import check_writable, safe_filename, unique_names, write_atomic
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
    targets = [Path(out_dir) / name for name in department_file_names(rollups)]
    for target in targets:
        check_writable(target, force)
    for rollup, target in zip(rollups, targets, strict=True):
        write_atomic(target, partial(_write_department_workbook, rollup=rollup, config=config), force=force)
    return targets


def _write_department_workbook(path: Path, *, rollup: DepartmentRollup, config: Config) -> None:
    """The department's workbook: 附表2 pre-filled (rest open for the department) and 项目明细."""
    from perfcli.forms.registry import forms_of
    from perfcli.io.xlsx.write.forms import write_forms
    from perfcli.rollups import department_form as form

    content = form.department_sheet_content(rollup, forms_of(config).spec("department"))
    write_forms(
        path,
        [content],
        identity=form.department_identity(rollup, content, config),
        config=config,
        title=form.department_title(rollup),
        tables=[form.department_projects_table(rollup, config)],
    )


def write_city_workbook(city: CityRollup, target: Path, config: Config, *, force: bool = False) -> Path:
    """Write 汇总.xlsx atomically: 汇总 (with the chart), 项目明细, 预警清单, 报送情况, 未报送项目, 文件清单."""
    from perfcli.io.xlsx.write.tables import write_report_workbook
    from perfcli.rollups.sheets import city_tables

    tables = city_tables(city, config)
    return write_atomic(
        Path(target),
        lambda tmp: write_report_workbook(
            tmp,
            tables,
            title=f"{city.period.name}预算绩效运行监控汇总",
            subject="预算绩效运行监控汇总",
            config=config,
        ),
        force=force,
    )
