"""The year's 自评结果 rolled up: per department (projects, average, count of each grade), per project (every
score, computed against self-reported), the projects not returned; and the 自评抽查 list as a workbook.

Each score is matched to its roster project by the code the generated workbook carries, else by unit and
project name; what matches nothing is still listed (under the department the form names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.io.files.outputs import write_atomic
from perfcli.io.xlsx.write.tables import Column, ReportTable
from perfcli.model.config import Config
from perfcli.model.records import to_jsonable
from perfcli.model.roster import Project, Roster
from perfcli.model.values import name_key, plain_number, round_half_up
from perfcli.scoring.evaluate import ProjectScore
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.spot_check import Pick, gap_of

UNKNOWN_DEPARTMENT = "（名册外）"


@dataclass
class DepartmentScores:
    name: str
    owed: int  # projects in the roster
    scores: list[ProjectScore] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        totals = [s.total for s in self.scores if s.total is not None]  # a form not scored has none
        if not totals:
            return None
        return round_half_up(sum(totals, Decimal(0)) / len(totals))

    def count(self, grade: str) -> int:
        return sum(1 for s in self.scores if s.grade == grade)


@dataclass
class SelfEvaluationRollup:
    year: int | None
    grades: tuple[str, ...]
    departments: list[DepartmentScores]
    projects: list[tuple[str, ProjectScore]]  # (department, score)
    missing: list[tuple[str, str, Project]]  # (department, unit, project) not returned
    # the 部门整体绩效自评表 returned: a department's own score, not one of its projects (not averaged with them)
    department_forms: list[ProjectScore] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "departments": [
                {
                    "department": d.name,
                    "projects_owed": d.owed,
                    "projects_returned": len(d.scores),
                    "average": to_jsonable(d.average),
                    "grades": {g: d.count(g) for g in self.grades},
                }
                for d in self.departments
            ],
            "projects": [{"department": dep, **s.to_json()} for dep, s in self.projects],
            "missing": [
                {"department": dep, "unit": unit, "project_code": p.code, "project_name": p.name}
                for dep, unit, p in self.missing
            ],
            "department_forms": [s.to_json() for s in self.department_forms],
        }


def rollup(
    scores: list[ProjectScore], roster: Roster | None, settings: ScoringSettings
) -> SelfEvaluationRollup:
    """Group the scores by department; with a roster, also who has not returned which project."""
    by_code: dict[str, Project] = {}
    by_names: dict[tuple[str, str], Project] = {}
    departments: dict[str, DepartmentScores] = {}
    unit_of: dict[str, tuple[str, str]] = {}  # unit code -> (department name, unit name)
    if roster is not None:
        for department in roster.departments:
            entry = departments[department.name] = DepartmentScores(department.name, 0)
            for unit in roster.units_of(department.code):
                unit_of[unit.code] = (department.name, unit.name)
                for project in roster.projects_of(unit.code):
                    entry.owed += 1
                    by_code[project.code] = project
                    by_names[(name_key(unit.name), name_key(project.name))] = project
    returned: set[str] = set()
    placed: list[tuple[str, ProjectScore]] = []
    whole: list[ProjectScore] = []
    for score in sorted(scores, key=lambda s: (s.file, s.sheet)):
        if score.filled_by == "department":  # a 部门整体 form: the department's own score, not a project's
            whole.append(score)
            continue
        matched = by_code.get(score.project_code or "") or by_names.get(
            (name_key(score.unit), name_key(score.project_name))
        )
        if matched is not None:
            returned.add(matched.code)
            where = unit_of[matched.unit_code][0]
        else:
            where = score.department or UNKNOWN_DEPARTMENT
        departments.setdefault(where, DepartmentScores(where, 0)).scores.append(score)
        placed.append((where, score))
    missing = [
        (*unit_of[p.unit_code], p) for p in (roster.projects if roster else []) if p.code not in returned
    ]
    years = {s.year for s in scores if s.year}
    return SelfEvaluationRollup(
        year=next(iter(years)) if len(years) == 1 else None,
        grades=tuple(g for g, _ in settings.grades),
        departments=list(departments.values()),
        projects=placed,
        missing=missing,
        department_forms=whole,
    )


def _differences(score: ProjectScore) -> str:
    """The indicators whose self-reported score differs from the computed one: 单位成本 自评 10 / 计算 9."""
    parts = [
        f"{i.level3} 自评 {plain_number(i.self_score)} / 计算 {plain_number(i.score)}"
        for i in score.indicators
        if i.self_score is not None and i.self_score != i.score
    ]
    return "；".join(parts)


def rollup_tables(result: SelfEvaluationRollup) -> list[ReportTable]:
    grades = result.grades
    year = f"{result.year}年度" if result.year else ""
    departments = ReportTable(
        "部门汇总",
        f"{year}项目支出绩效自评结果汇总",
        "平均分为计算总分（预算执行率 + 各指标）的平均，四舍五入保留两位小数",
        [
            Column("部门", 24),
            Column("应报项目", 10, "int"),
            Column("已报项目", 10, "int"),
            Column("平均分", 10, "money"),
        ]
        + [Column(g, 8, "int") for g in grades],
        [
            [d.name, d.owed, len(d.scores), d.average, *(d.count(g) for g in grades)]
            for d in result.departments
        ],
    )
    everyone = DepartmentScores("合计", sum(d.owed for d in result.departments))
    everyone.scores = [s for _, s in result.projects]
    departments.totals = [
        "合计",
        everyone.owed,
        len(everyone.scores),
        everyone.average,
        *map(everyone.count, grades),
    ]
    projects = ReportTable(
        "项目得分",
        f"{year}项目自评得分明细",
        "差异 = 单位自评总分 − 计算总分；计算得分为准",
        [
            Column("部门", 18),
            Column("实施单位", 18),
            Column("项目", 26),
            Column("预算执行率得分", 10, "money"),
            Column("计算总分", 10, "money"),
            Column("自评总分", 10, "money"),
            Column("差异", 10, "money"),
            Column("等级", 6),
            Column("自评与计算不符的指标", 36),
            Column("错误", 6, "int"),
            Column("文件", 30),
        ],
        [
            [
                dep,
                s.unit,
                s.project_name,
                s.budget_score,
                s.total,
                s.self_total,
                gap_of(s),
                s.grade,
                _differences(s),
                sum(1 for f in s.findings if f.severity == "error"),
                s.file,
            ]
            for dep, s in result.projects
        ],
    )
    missing = ReportTable(
        "未报送项目",
        f"{year}未报送自评表的项目",
        "名册中有、本批文件中没有自评表的项目",
        [
            Column("部门", 20),
            Column("单位", 22),
            Column("项目编码", 12),
            Column("项目", 30),
            Column("预算总额", 14, "money"),
        ],
        [[dep, unit, p.code, p.name, p.budget_total] for dep, unit, p in result.missing],
    )
    if not result.department_forms:
        return [departments, projects, missing]
    whole = ReportTable(
        "部门整体自评",
        f"{year}部门整体绩效自评得分",
        "部门整体绩效自评表的得分，不计入项目平均分；差异 = 单位自评总分 − 计算总分",
        [
            Column("部门", 24),
            Column("预算执行率得分", 10, "money"),
            Column("计算总分", 10, "money"),
            Column("自评总分", 10, "money"),
            Column("差异", 10, "money"),
            Column("等级", 6),
            Column("错误", 6, "int"),
            Column("文件", 30),
        ],
        [
            [
                s.department or s.unit,
                s.budget_score,
                s.total,
                s.self_total,
                gap_of(s),
                s.grade,
                sum(1 for f in s.findings if f.severity == "error"),
                s.file,
            ]
            for s in result.department_forms
        ],
    )
    return [departments, projects, missing, whole]


def spot_check_table(picks: list[Pick], departments: dict[str, str]) -> ReportTable:
    """抽查名单: one row per pick, its reason stated. `departments` maps a score's file+sheet to its department."""
    return ReportTable(
        "抽查名单",
        "绩效自评抽查名单",
        "抽取规则：等级为差的全部抽取；自评总分与计算总分相差达到阈值的全部抽取；其余按比例随机抽取（同一随机种子结果相同）",
        [
            Column("序号", 6, "int"),
            Column("部门", 18),
            Column("实施单位", 18),
            Column("项目", 26),
            Column("计算总分", 10, "money"),
            Column("自评总分", 10, "money"),
            Column("等级", 6),
            Column("抽查理由", 44),
            Column("文件", 30),
        ],
        [
            [
                i,
                departments.get(f"{p.project.file}\0{p.project.sheet}", p.project.department),
                p.project.unit,
                p.project.project_name,
                p.project.total,
                p.project.self_total,
                p.project.grade,
                p.reason,
                p.project.file,
            ]
            for i, p in enumerate(picks, 1)
        ],
    )


def write_tables(target: Path, tables: list[ReportTable], title: str, config: Config, *, force: bool) -> Path:
    from perfcli.io.xlsx.write.tables import write_report_workbook

    return write_atomic(
        Path(target),
        lambda tmp: write_report_workbook(tmp, tables, title=title, subject="年度绩效自评", config=config),
        force=force,
    )
