"""What an issued workbook holds: the sheets of a unit's 附表1 workbook, of a department's 附表2/附表3 workbook
and of a blank form, what each pre-fills and protects, and the identity that lets a return be recognised.

Everything the roster knows is pre-filled and locked; the clerk types only what is new. Forms are data:
the skeleton rows, their placeholders and the 附表3 funding rows come from the specs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfcli.forms.registry import FormRegistry
from perfcli.forms.spec import TEMPLATE_VERSION, FormSpec
from perfcli.io.xlsx.write.forms import SheetContent
from perfcli.io.xlsx.write.text import sheet_names
from perfcli.model.identity import Identity, SheetIdentity, canonical
from perfcli.model.period import Period
from perfcli.model.roster import Department, Project, Roster, Unit

Rows = list[dict[str, Any]]


def skeleton_table(spec: FormSpec, *, only_level1: str | None = None) -> tuple[Rows, set[str]]:
    """The official form's own table rows (一级/二级 of 附表1, 监控内容/监控指标 of 附表2) and their locked keys.

    `only_level1` keeps only the rows of one 一级指标 (附表3's 过程 rows). A placeholder row (重点工作1,
    效果指标1…) locks nothing, not even its 监控内容: the department replaces it with its own, or leaves or
    clears the ones it does not need.
    """
    keys = [c.key for c in spec.table.columns]
    placeholders = set(spec.table.placeholders)
    rows: Rows = []
    locked: set[str] = set()
    for raw in spec.table.skeleton:
        if only_level1 is not None and raw[0] != only_level1:
            continue
        row = dict(zip(keys, raw, strict=False))
        i = len(rows)
        if not placeholders.intersection(row.values()):
            locked.update(f"{spec.table.key}[{i}].{k}" for k, v in row.items() if v)
        rows.append(row)
    return rows, locked


def sheet_identity(content: SheetContent) -> SheetIdentity:
    """The identity of one sheet: its form, project and the canonical text of every locked value."""
    values = dict(content.values)
    if content.header_value is not None:
        values["unit"] = content.header_value
    table_key = content.spec.table.key
    for i, row in enumerate(content.table):
        for key, value in row.items():
            values[f"{table_key}[{i}].{key}"] = value
    prefilled = {
        key: canonical(values[key]) for key in sorted(content.locked) if values.get(key) not in (None, "")
    }
    return SheetIdentity(
        sheet=content.name, form=content.spec.form, project_code=content.project_code, prefilled=prefilled
    )


def workbook_identity(
    kind: str,
    code: str,
    name: str,
    department_code: str | None,
    period: Period | None,
    stamp: str,
    sheets: list[SheetIdentity],
) -> Identity:
    """The sealed identity of a workbook (unit | department | blank) generated at `stamp` (Config.stamp)."""
    return Identity(
        workbook=kind,
        code=code,
        name=name,
        department_code=department_code,
        period=period.code if period else "",
        template_version=TEMPLATE_VERSION,
        generated_at=stamp,
        sheets=sheets,
    ).seal()


def key_projects(roster: Roster, department: Department) -> list[Project]:
    """The department's key projects (one 附表3 each), unit by unit as the roster lists them."""
    return [p for u in roster.units_of(department.code) for p in roster.projects_of(u.code) if p.is_key]


# the sheets of each workbook ------------------------------------------------------------------------------
def unit_sheets(roster: Roster, unit: Unit, period: Period, forms: FormRegistry) -> list[SheetContent]:
    """A unit's 附表1 workbook: one sheet per project, named after it."""
    spec = forms.spec("project")
    projects = roster.projects_of(unit.code)
    sheets = []
    for project, name in zip(projects, sheet_names([p.name for p in projects]), strict=True):
        values = {
            "project_name": project.name,
            "budget_total": project.budget_total,
            "fund_source": project.fund_source,
        }
        rows, locked = indicator_rows(roster, project, spec)
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
    return sheets


def department_sheets(
    roster: Roster, department: Department, period: Period, forms: FormRegistry
) -> list[SheetContent]:
    """A department's workbook: its 附表2, then one 附表3 per key project."""
    dept_spec, key_spec = forms.spec("department"), forms.spec("key_project")
    projects = key_projects(roster, department)
    names = sheet_names([dept_spec.code, *(f"{key_spec.code}_{p.name}" for p in projects)])
    values: dict[str, Any] = {"department_name": department.name, "budget_total": _budget(roster, department)}
    rows, locked = skeleton_table(dept_spec)
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
    for project, name in zip(projects, names[1:], strict=True):
        sheets.append(_key_project_sheet(roster, department, project, key_spec, name, period))
    return sheets


def blank_sheets(spec: FormSpec, period: Period | None) -> list[SheetContent]:
    """An empty official form: only its own skeleton rows (and the period, when given)."""
    rows, locked = skeleton_table(spec)
    return [SheetContent(spec=spec, name=spec.code, period=period, table=rows, locked=locked)]


def _budget(roster: Roster, department: Department) -> Decimal:
    """本年度预算资金总额: the roster's, else the sum of the department's project budgets."""
    if department.budget_total is not None:
        return department.budget_total
    units = roster.units_of(department.code)
    return sum((p.budget_total for u in units for p in roster.projects_of(u.code)), Decimal(0))


def _key_project_sheet(
    roster: Roster, department: Department, project: Project, spec: FormSpec, name: str, period: Period
) -> SheetContent:
    funding = dict(project.funding)
    if not funding:  # no per-source amounts in the roster: the whole budget in the row of its 资金来源
        row_of = {source: row.key for row in spec.funding for source in row.fund_sources}
        if project.fund_source in row_of:
            funding = {row_of[project.fund_source]: project.budget_total}
    values = {
        "project_name": project.name,
        "total_budget": project.budget_total,
        "department": department.name,
        "implementer": roster.unit(project.unit_code).name,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        **{
            f"funding.{row.key}.budget": funding[row.key]
            for row in spec.funding
            if funding.get(row.key) is not None
        },
    }
    rows, locked = indicator_rows(roster, project, spec)
    return SheetContent(
        spec=spec,
        name=name,
        period=period,
        values=values,
        table=rows,
        locked={*(k for k, v in values.items() if v not in (None, "")), *locked},
        project_code=project.code,
    )


def indicator_rows(roster: Roster, project: Project, spec: FormSpec) -> tuple[Rows, set[str]]:
    """附表1/附表3 (and the national 监控表's) indicator rows: 附表3's 过程 rows first, then the project's
    approved indicators (or the official skeleton when the roster has none)."""
    targets = roster.indicators_of(project.code)
    if not targets:
        return skeleton_table(spec)
    rows, locked = skeleton_table(spec, only_level1="过程") if spec.form == "key_project" else ([], set())
    for target in targets:
        i = len(rows)
        row = {
            "level1": target.level1,
            "level2": target.level2,
            "level3": target.level3,
            "target": target.target,
        }
        rows.append(row)
        locked.update(f"{spec.table.key}[{i}].{k}" for k, v in row.items() if v not in (None, ""))
    return rows, locked
