"""Generate the year-end 项目支出绩效自评表: one workbook per unit, one sheet per project, pre-filled from the
roster (names, 全年预算数, the indicators with their 年度指标值 and 分值) and locked.

Each 一级指标 group's points are split equally over its indicators (perfcli.scoring.formulas.split_weights);
a group the roster gives no indicator gets one open row holding all its points, so the 分值 add up to 90.
When the year's Q3 已支出资金 is known it is given as a hint on 全年执行数 (a comment), never typed in.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perfcli.forms.registry import forms_of
from perfcli.forms.spec import FormSpec
from perfcli.io.files.outputs import safe_filename, unique_names
from perfcli.io.xlsx.write.form_sheet import SheetContent
from perfcli.io.xlsx.write.text import sheet_names
from perfcli.issue.content import sheet_identity, workbook_identity
from perfcli.issue.plan import Target
from perfcli.issue.result import GeneratedFile, GenerateResult
from perfcli.issue.run import Job, check_targets, run
from perfcli.model.config import Config
from perfcli.model.roster import Project, Roster, Unit
from perfcli.model.values import money_text
from perfcli.scoring.formulas import ScoringSettings, split_weights

Rows = list[dict[str, object]]


def plan_self_evaluation(
    roster: Roster, out_dir: Path, year: int
) -> tuple[list[Target], list[dict[str, str]]]:
    """One workbook per unit with projects, in its department's folder: 单位_自评表_2026.xlsx."""
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
            targets.append(Target(department, unit, out_dir / folder / f"{stem}_自评表_{year}.xlsx"))
    return targets, skipped


def indicator_rows(roster: Roster, project: Project, settings: ScoringSettings) -> tuple[Rows, set[str]]:
    """The project's indicators grouped by 一级指标 (产出, 效益, 满意度), each with its share of the points."""
    groups: dict[str, list[dict[str, object]]] = {name: [] for name in settings.group_weights}
    for target in roster.indicators_of(project.code):
        group = settings.group_of(target.level1, target.level2)
        if group is not None:
            groups[group].append(
                {"level1": group, "level2": target.level2, "level3": target.level3, "target": target.target}
            )
    rows: Rows = []
    locked: set[str] = set()
    for group, members in groups.items():
        members = members or [{"level1": group}]  # an open row for the unit to name
        for row, weight in zip(
            members, split_weights(settings.group_weights[group], len(members)), strict=True
        ):
            row["weight"] = weight
            i = len(rows)
            locked.update(f"indicators[{i}].{k}" for k, v in row.items() if v not in (None, ""))
            rows.append(row)
    return rows, locked


def unit_sheets(
    roster: Roster,
    unit: Unit,
    year: int,
    settings: ScoringSettings,
    spent: dict[str, Decimal],
    spec: FormSpec,
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
        rows, locked = indicator_rows(roster, project, settings)
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
    stamp = config.stamp()
    spec = forms_of(config).spec("self_evaluation")

    def job(target: Target) -> Job:
        unit = target.unit
        assert unit is not None
        sheets = unit_sheets(roster, unit, year, settings, spent or {}, spec)
        identity = workbook_identity(
            "unit",
            unit.code,
            unit.name,
            target.department.code,
            None,
            stamp,
            [sheet_identity(s) for s in sheets],
        )
        file = GeneratedFile("unit", unit.code, unit.name, target.department.code, target.path, len(sheets))
        return Job(file, sheets, identity)

    run(
        (job(t) for t in targets),
        config,
        force=force,
        jobs=jobs,
        total=len(targets),
        done=result.files.append,
    )
    return result
