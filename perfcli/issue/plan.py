"""Where each issued workbook goes: one folder per department, safe and unique file names, and the units
skipped for having nothing to fill. Decided for every file before any content is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perfcli.forms.registry import FormRegistry
from perfcli.forms.spec import FormSpec
from perfcli.io.files.outputs import safe_filename, unique_names
from perfcli.issue.content import key_projects
from perfcli.model.period import Period
from perfcli.model.roster import Department, Roster, Unit

_STEM_BYTES = 110  # leaves room for "_附表2附表3_2026Q3.xlsx" within safe_filename's bound


@dataclass(frozen=True)
class Target:
    """One workbook to write, before its content is built: who it is for and where it goes."""

    department: Department
    unit: Unit | None  # None: the department's 附表2/附表3 workbook
    path: Path


def forms_part(forms: FormRegistry, filled_by: str, has_key_projects: bool) -> str:
    """The forms a workbook holds, as its file name says them: 附表1, 附表2附表3, or 附表2 (no key project)."""
    return "".join(spec.code for spec in forms.owed(filled_by, has_key_projects))


def plan(
    roster: Roster, out_dir: Path, period: Period, forms: FormRegistry
) -> tuple[list[Target], list[dict[str, str]]]:
    """Every target path (unique, sanitised names) and the units skipped for having no project."""
    folders = unique_names([safe_filename(d.name, fallback=d.code or "部门") for d in roster.departments])
    unit_forms = forms_part(forms, "unit", False)
    targets: list[Target] = []
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
            path = out_dir / folder / f"{stem}_{unit_forms}_{period.code}.xlsx"
            targets.append(Target(department, unit, path))
        stem = safe_filename(department.name, fallback=department.code or "部门", max_bytes=_STEM_BYTES)
        owed = forms_part(forms, "department", bool(key_projects(roster, department)))
        if owed:  # a pack whose departments fill nothing (national) issues them no workbook
            targets.append(Target(department, None, out_dir / folder / f"{stem}_{owed}_{period.code}.xlsx"))
    return targets, skipped


def blank_file_name(spec: FormSpec, period: Period | None) -> str:
    """The template's own file name, with the period when one is given."""
    template = spec.template or f"{spec.title}.xlsx"  # a form perfcli only reads is never laid out
    if period is None:
        return template
    return template.replace(".xlsx", f"_{period.code}.xlsx")
