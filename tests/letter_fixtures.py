"""Letter data as the library builds it: a hand-made roster and returns, rolled up by perfcli.rollups.

Each return is a FileResult the way validation leaves it (owner code, project codes, received date),
so the numbers the letters print are the roll-up's, as in a real run.
"""

from __future__ import annotations

from decimal import Decimal

from perfcli.letters.data import LetterData
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord, Indicator
from perfcli.model.roster import Department, Project, Roster, Unit
from perfcli.rollups.city import aggregate_city

Q3 = Period(2026, 3)
D = Decimal


def roster(departments, units, projects) -> Roster:
    """departments: (code, name, budget|None); units: (code, name, department); projects: (code, name, unit,
    budget) or (code, name, unit, budget, 项目类别)."""
    return Roster(
        departments=[Department(c, n, D(str(b)) if b is not None else None) for c, n, b in departments],
        units=[Unit(c, n, d) for c, n, d in units],
        projects=[
            Project(c, n, u, D(str(b)), "区级", category=rest[0] if rest else "")
            for c, n, u, b, *rest in projects
        ],
        indicators=[],
    )


def unit_return(
    path: str, unit: Unit, projects, *, received: str = "2026-10-08", likelihood="确定能", reasons=None
) -> FileResult:
    """A unit's 附表1 workbook: projects are (Project, received, spent); `reasons` maps a project name to
    its 目标偏离情况及原因分析 (and 改进计划)."""
    reasons = reasons or {}
    records = [
        FormRecord(
            file=path,
            form="project",
            sheet=project.name,
            period=Q3,
            unit=unit.name,
            fields={
                "project_name": project.name,
                "budget_total": project.budget_total,
                "fund_source": "区级",
                "funds_received": D(str(got)),
                "funds_spent": D(str(spent)),
                "implementation": "按计划实施",
                "deviation_analysis": reasons.get(project.name),
                "improvement_plan": reasons.get(project.name),
            },
            table=[
                Indicator(
                    {"level1": "产出", "level2": "产出数量", "level3": "完成量", "likelihood": likelihood}
                )
            ],
            cells={"funds_spent": "E7"},
        )
        for project, got, spent in projects
    ]
    return FileResult(
        path,
        "read",
        records,
        received=received,
        workbook_kind="unit",
        code=unit.code,
        name=unit.name,
        department_code=unit.department_code,
        project_codes={p.name: p.code for p, _, _ in projects},
    )


def department_return(path: str, department: Department, *, received: str = "2026-10-15") -> FileResult:
    """A department's 附表2 (no key projects)."""
    record = FormRecord(
        file=path,
        form="department",
        sheet="附表2",
        period=Q3,
        fields={"department_name": department.name, "budget_total": department.budget_total},
    )
    return FileResult(
        path,
        "read",
        [record],
        received=received,
        workbook_kind="department",
        code=department.code,
        name=department.name,
        department_code=department.code,
    )


def letter_data(the_roster: Roster, files: list[FileResult], config: Config) -> LetterData:
    city = aggregate_city(files, config, period=Q3, roster=the_roster)
    return LetterData(Q3, city, roster=the_roster)
