"""Generate the year-end 项目支出绩效自评表: one workbook per unit, one sheet per project, pre-filled from the
roster (names, 全年预算数, the indicators with their 年度指标值 and 分值) and locked.

Each 一级指标 group's points are split equally over its indicators (perfcli.scoring.formulas.split_weights).
A project the roster gives no indicator in some group (no 效益指标) has the 90 points split over the groups it
has, as [self_evaluation] missing_group_split says (proportional: 产出 75、满意度 15), so the locked 分值 add
up to 90 and the unit is never left with a row it cannot fill; generate says so once per project
(MissingGroups). A project with no indicator at all keeps one open row per group for the unit to name.
When the year's Q3 已支出资金 is known it is given as a hint on 全年执行数 (a comment), never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfcli.forms.registry import forms_of
from perfcli.forms.spec import FormSpec
from perfcli.io.files.outputs import safe_filename, unique_names
from perfcli.io.xlsx.write.form_sheet import SheetContent
from perfcli.io.xlsx.write.text import sheet_names
from perfcli.issue.content import sheet_identity
from perfcli.issue.plan import Target
from perfcli.issue.result import GenerateResult
from perfcli.issue.run import check_targets, write_unit_workbooks
from perfcli.model.config import Config
from perfcli.model.records import to_jsonable
from perfcli.model.roster import Project, Roster, Unit
from perfcli.model.values import money_text, plain_number
from perfcli.scoring.formulas import ScoringSettings, split_weights

Rows = list[dict[str, object]]


def plan_self_evaluation(
    roster: Roster, out_dir: Path, year: int, *, form_name: str = "自评表"
) -> tuple[list[Target], list[dict[str, str]]]:
    """One workbook per unit with projects, in its department's folder: 单位_自评表_2026.xlsx (a year's other
    form by its `form_name`: 单位_绩效目标申报表_2027.xlsx)."""
    folders = unique_names([safe_filename(d.name, fallback=d.code or "部门") for d in roster.departments])
    targets: list[Target] = []
    skipped: list[dict[str, str]] = []
    for department, folder in zip(roster.departments, folders, strict=True):
        units = roster.units_of(department.code)
        stems = unique_names([safe_filename(u.name, fallback=u.code or "单位", max_bytes=110) for u in units])
        for unit, stem in zip(units, stems, strict=True):
            if not roster.projects_of(unit.code):
                skipped.append(
                    {"kind": "unit", "code": unit.code, "name": unit.name, "reason": "名册中该单位没有项目"}
                )
                continue
            targets.append(Target(department, unit, out_dir / folder / f"{stem}_{form_name}_{year}.xlsx"))
    return targets, skipped


def group_rows(roster: Roster, project: Project, settings: ScoringSettings) -> dict[str, Rows]:
    """The project's indicators by 一级指标 group (产出, 效益, 满意度), in the order of group_weights."""
    groups: dict[str, Rows] = {name: [] for name in settings.group_weights}
    for target in roster.indicators_of(project.code):
        group = settings.group_of(target.level1, target.level2)
        if group is not None:
            groups[group].append(
                {"level1": group, "level2": target.level2, "level3": target.level3, "target": target.target}
            )
    return groups


def indicator_rows(roster: Roster, project: Project, settings: ScoringSettings) -> tuple[Rows, set[str]]:
    """The project's indicators grouped by 一级指标 (产出, 效益, 满意度), each with its share of the points:
    a group's points (ScoringSettings.group_points) split equally over its indicators."""
    return rows_of(group_rows(roster, project, settings), settings)


def rows_of(groups: dict[str, Rows], settings: ScoringSettings) -> tuple[Rows, set[str]]:
    """The rows of the indicator table from the indicators by group, and their locked keys."""
    points = settings.group_points(name for name, members in groups.items() if members)
    rows: Rows = []
    locked: set[str] = set()
    for group, group_total in points.items():
        members = groups[group] or [{"level1": group}]  # an open row for the unit to name
        for row, weight in zip(members, split_weights(group_total, len(members)), strict=True):
            row["weight"] = weight
            i = len(rows)
            locked.update(f"indicators[{i}].{k}" for k, v in row.items() if v not in (None, ""))
            rows.append(row)
    return rows, locked


@dataclass
class MissingGroups:
    """A project the roster gives no indicator in some 一级指标 group, and the points its form carries instead."""

    unit: Unit
    project: Project
    missing: list[str]  # the groups without an indicator, in the order of group_weights
    points: dict[str, Decimal]  # group -> its points on the form
    open_rows: bool  # the missing groups have an open row each (open_row, or no indicator at all)

    def message(self) -> str:
        """项目「…」没有效益指标：90 分按产出、满意度两类分配（产出 75、满意度 15）."""
        who = f"{self.unit.name}的项目「{self.project.name}」"
        split = "、".join(f"{_short(g)} {plain_number(p)}" for g, p in self.points.items())
        total = plain_number(sum(self.points.values(), Decimal(0)))
        if len(self.missing) == len(self.points):
            return (
                f"{who}在名册中没有绩效指标：自评表按一级指标各留一行空白指标（{split}），由单位填写指标名称"
            )
        missing = "、".join(_short(g) for g in self.missing)
        if self.open_rows:
            return (
                f'{who}没有{missing}指标：按配置 missing_group_split = "open_row" 留空白指标行（{split}），'
                "由单位填写指标名称，不填则分值合计不足"
            )
        if len(self.points) == 1:
            return f"{who}没有{missing}指标：{total} 分全部归{_short(next(iter(self.points)))}（{split}）"
        present = "、".join(_short(g) for g in self.points)
        return f"{who}没有{missing}指标：{total} 分按{present}{_count(len(self.points))}类分配（{split}）"

    def postscript(self) -> str:
        """Under the form's 注: this project's 分值, and why they differ from the 注."""
        split = "、".join(f"{_short(g)} {plain_number(p)}" for g, p in self.points.items())
        missing = "绩效指标" if len(self.missing) == len(self.points) else "、".join(self.missing)
        if self.open_rows:
            return f"本项目名册中没有{missing}：空白指标行由单位填写批复的指标名称（一级指标分值 {split}）。"
        return f"本项目名册中没有{missing}，一级指标分值按比例调整为 {split}（合计 {_total(self.points)}）。"

    def to_json(self) -> dict[str, object]:
        return {
            "code": "missing_group",
            "unit_code": self.unit.code,
            "unit": self.unit.name,
            "project_code": self.project.code,
            "project": self.project.name,
            "missing": list(self.missing),
            "points": {g: to_jsonable(p) for g, p in self.points.items()},
            "message": self.message(),
        }


def missing_groups(
    unit: Unit, project: Project, groups: dict[str, Rows], settings: ScoringSettings
) -> MissingGroups | None:
    """What generate says of a project without an indicator in some 一级指标 group (None: it has them all)."""
    missing = [name for name, members in groups.items() if not members]
    if not missing:
        return None
    points = settings.group_points(name for name, members in groups.items() if members)
    return MissingGroups(unit, project, missing, points, open_rows=any(g in points for g in missing))


def _short(group: str) -> str:
    """产出指标 -> 产出 (as a clerk says it)."""
    return group.removesuffix("指标") or group


def _count(n: int) -> str:
    return {2: "两", 3: "三", 4: "四", 5: "五"}.get(n, str(n))


def _total(points: dict[str, Decimal]) -> str:
    return plain_number(sum(points.values(), Decimal(0)))


def unit_sheets(
    roster: Roster,
    unit: Unit,
    year: int,
    settings: ScoringSettings,
    spent: dict[str, Decimal],
    spec: FormSpec,
    warnings: list[MissingGroups] | None = None,
) -> list[SheetContent]:
    """A unit's 自评表 workbook (`spec`, the config's 自评表): one sheet per project, named after it."""
    department = next((d for d in roster.departments if d.code == unit.department_code), None)
    projects = roster.projects_of(unit.code)
    sheets = []
    for project, name in zip(projects, sheet_names([p.name for p in projects]), strict=True):
        values: dict[str, object] = {
            "year": year,
            "project_name": project.name,
            "department": department.name if department else None,
            "implementer": unit.name,
            "funding.total.annual_budget": project.budget_total,
        }
        groups = group_rows(roster, project, settings)
        rows, locked = rows_of(groups, settings)
        missing = missing_groups(unit, project, groups, settings)
        if missing is not None and warnings is not None:
            warnings.append(missing)
        comments = {}
        if project.code in spent:
            comments["funding.total.executed"] = (
                f"截至三季度 {money_text(spent[project.code])} 万元（{year}年三季度监控表的已支出资金）"
            )
        sheets.append(
            SheetContent(
                spec=spec,
                name=name,
                values=values,
                table=rows,
                locked={*(k for k, v in values.items() if v not in (None, "") and k != "year"), *locked},
                project_code=project.code,
                comments=comments,
                postscript=missing.postscript() if missing is not None else None,
            )
        )
    return sheets


def generate_self_evaluation(
    roster: Roster,
    year: int,
    out_dir: Path,
    config: Config,
    *,
    spent: dict[str, Decimal] | None = None,
    force: bool = False,
    jobs: int = 1,
) -> GenerateResult:
    """Write every unit's 自评表 workbook for `year` under `out_dir` (nothing when a target exists unforced)."""
    settings = ScoringSettings.from_config(config)
    targets, skipped = plan_self_evaluation(roster, Path(out_dir), year)
    check_targets([t.path for t in targets], force)
    result = GenerateResult(period=str(year), out_dir=Path(out_dir), skipped=skipped)
    said: list[MissingGroups] = []  # the projects missing a 一级指标 group, as their sheets are made
    spec = forms_of(config).spec("self_evaluation")
    write_unit_workbooks(
        targets,
        config,
        result,
        lambda unit: unit_sheets(roster, unit, year, settings, spent or {}, spec, said),
        sheet_identity,
        force=force,
        jobs=jobs,
    )
    result.warnings = [w.to_json() for w in said]
    return result
