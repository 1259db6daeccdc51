"""Generate the 项目支出绩效目标申报表 for the budget year: one workbook per unit, one sheet per project,
pre-filled and locked from the roster (项目名称, 主管部门及代码, 实施单位, 年度资金总额 and, where the 资金来源 says
which, its 财政拨款 or 其他资金), the indicator grid left open with the families as row groups (产出: 数量、质量、
时效、成本; 效益: 经济、社会、生态、可持续影响; 满意度: 服务对象满意度 — 南通, seed 003).

Where last year's approved 年度 indicators are known (`hints`, project code -> TargetIndicator), they stand in a
hint column beside the 年度 half (上年批复指标（参考）), on the rows of their 二级指标, never in the input cells.
The identity records only the pre-filled fields: the grid's row groups are the form's own, not the unit's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from perfcli.forms.registry import forms_of
from perfcli.forms.spec import FormSpec
from perfcli.io.xlsx.write.form_sheet import SheetContent
from perfcli.io.xlsx.write.text import sheet_names
from perfcli.issue.content import sheet_identity
from perfcli.issue.result import GenerateResult
from perfcli.issue.run import check_targets, write_unit_workbooks
from perfcli.issue.self_evaluation import plan_self_evaluation
from perfcli.model.config import Config
from perfcli.model.identity import SheetIdentity
from perfcli.model.roster import Department, Project, Roster, Unit
from perfcli.model.targets import TargetIndicator

__all__ = ["FORM", "Hints", "generate_targets", "target_sheets"]

FORM = "project_target"
OTHER_FUNDS = "其他"  # the 资金来源 whose money is 其他资金; every other source is 财政拨款
Hints = Mapping[str, list[TargetIndicator]]


def _values(project: Project, unit: Unit, department: Department | None, year: int) -> dict[str, Any]:
    code = (department.national_code or department.code) if department else ""
    name = department.name if department else ""
    values: dict[str, Any] = {
        "year": year,
        "project_name": project.name,
        "department": f"{name}（{code}）" if name and code else name,
        "implementer": unit.name,
        "annual_total": project.budget_total,
    }
    if project.fund_source:
        part = "annual_other" if project.fund_source == OTHER_FUNDS else "annual_fiscal"
        values[part] = project.budget_total
    return values


def grid_rows(spec: FormSpec, hints: list[TargetIndicator]) -> list[dict[str, Any]]:
    """The grid's rows: the spec's row groups (一级, 二级), a group given as many rows as last year's
    indicators of its 二级 need, each hint on a row of its group."""
    groups: dict[tuple[str, str], int] = {}
    for level1, level2, *_ in spec.table.skeleton:
        groups[(level1, level2)] = groups.get((level1, level2), 0) + 1
    by_level2: dict[str, list[str]] = {}
    for hint in hints:
        text = f"{hint.name}：{hint.target}" if hint.target else hint.name
        by_level2.setdefault(_group_key(hint.level2), []).append(text)
    rows: list[dict[str, Any]] = []
    for (level1, level2), count in groups.items():
        texts = by_level2.pop(_group_key(level2), [])
        for i in range(max(count, len(texts))):
            rows.append(
                {"level1": level1, "level2": level2, "last_year": texts[i] if i < len(texts) else None}
            )
    for level2, texts in by_level2.items():  # a 二级 the form has no group for: shown at the end
        rows.extend({"level1": "", "level2": level2, "last_year": text} for text in texts)
    return rows


def _group_key(level2: str) -> str:
    """数量指标, 产出数量 (as the roster's 绩效指标 sheet names it) and 数量 are one group."""
    return level2.strip().removesuffix("指标").removeprefix("产出") or level2


def target_sheets(
    roster: Roster, unit: Unit, year: int, spec: FormSpec, hints: Hints | None = None
) -> list[SheetContent]:
    """A unit's 申报表 workbook: one sheet per project, named after it."""
    department = roster.department_or_none(unit.department_code)
    projects = roster.projects_of(unit.code)
    sheets = []
    for project, name in zip(projects, sheet_names([p.name for p in projects]), strict=True):
        values = _values(project, unit, department, year)
        rows = grid_rows(spec, list((hints or {}).get(project.code, ())))
        locked = {k for k, v in values.items() if v not in (None, "") and k != "year"}
        locked |= {f"{spec.table.key}[{i}].{k}" for i, row in enumerate(rows) for k, v in row.items() if v}
        sheets.append(
            SheetContent(
                spec=spec, name=name, values=values, table=rows, locked=locked, project_code=project.code
            )
        )
    return sheets


def _identity_of(content: SheetContent) -> SheetIdentity:
    """The sheet's identity with its pre-filled fields only: the grid's row groups and hints are the form's."""
    identity = sheet_identity(content)
    prefix = f"{content.spec.table.key}["
    kept = {k: v for k, v in identity.prefilled.items() if not k.startswith(prefix)}
    return replace(identity, prefilled=kept)


def generate_targets(
    roster: Roster,
    year: int,
    out_dir: Path,
    config: Config,
    *,
    hints: Hints | None = None,
    force: bool = False,
    jobs: int = 1,
) -> GenerateResult:
    """Write every unit's 申报表 workbook for `year` under `out_dir` (nothing when a target exists unforced)."""
    targets, skipped = plan_self_evaluation(roster, Path(out_dir), year, form_name="绩效目标申报表")
    check_targets([t.path for t in targets], force)
    result = GenerateResult(period=str(year), out_dir=Path(out_dir), skipped=skipped)
    spec = forms_of(config).spec(FORM)
    write_unit_workbooks(
        targets,
        config,
        result,
        lambda unit: target_sheets(roster, unit, year, spec, hints),
        _identity_of,
        force=force,
        jobs=jobs,
    )
    return result
