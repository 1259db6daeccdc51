"""What a unit's workbook of national-style 监控表 holds (the national pack, or a pack copied from it): one
sheet per project, pre-filled from the roster — 项目名称, 主管部门及代码, 实施单位, 年初预算数 (年度资金总额, and
the row of the project's 资金来源), 全年预计执行数 when the roster has it, and the approved indicators."""

from __future__ import annotations

from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.io.xlsx.write.forms import SheetContent
from perfcli.io.xlsx.write.text import sheet_names
from perfcli.issue.content import indicator_rows
from perfcli.model.period import Period
from perfcli.model.roster import Project, Roster, Unit


def ticked_unit_sheets(roster: Roster, unit: Unit, period: Period, spec: FormSpec) -> list[SheetContent]:
    department = next(d for d in roster.departments if d.code == unit.department_code)
    code = department.national_code or department.code
    projects = roster.projects_of(unit.code)
    sheets = []
    for project, name in zip(projects, sheet_names([p.name for p in projects]), strict=True):
        values: dict[str, Any] = {
            "project_name": project.name,
            "department": f"{department.name}（{code}）" if code else department.name,
            "implementer": unit.name,
            **_funds(project, spec),
        }
        forecast_key = f"{spec.funds.key}.{spec.funds.rows[0].key}.forecast" if spec.funds else ""
        rows, locked = indicator_rows(roster, project, spec)
        sheets.append(
            SheetContent(
                spec=spec,
                name=name,
                period=period,
                values=values,
                table=rows,
                # the forecast is the roster's estimate: the unit may correct it
                locked={
                    *(k for k, v in values.items() if v not in (None, "") and k != forecast_key),
                    *locked,
                },
                project_code=project.code,
            )
        )
    return sheets


def _funds(project: Project, spec: FormSpec) -> dict[str, Any]:
    """年初预算数 of the first row (年度资金总额) and of the row whose fund_sources name the project's 资金来源."""
    block = spec.funds
    if block is None:
        return {}
    total = block.rows[0]
    out: dict[str, Any] = {f"{block.key}.{total.key}.budget": project.budget_total}
    for row in block.rows[1:]:
        if project.fund_source in row.fund_sources:
            out[f"{block.key}.{row.key}.budget"] = project.budget_total
    if project.forecast is not None:
        out[f"{block.key}.{total.key}.forecast"] = project.forecast
    return out
