"""Two periods side by side (巴中 双监控: execution against progress over time): per project and per
department, the execution rate in each period and the change in points, the indicators whose 已完成情况
did not move, and two flags — a project that moved 5 points or less while behind 序时进度, a project
whose 完成目标可能性 got worse. Every rate is the roll-up's; this module only sets two roll-ups side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfcli.io.xlsx.write.lists import ListSheet
from perfcli.model.period import Period
from perfcli.model.records import FileResult, to_jsonable
from perfcli.model.values import money_text, name_key
from perfcli.rollups.model import CityRollup, DepartmentRollup, ProjectLine, Totals

STALL_POINTS = Decimal(5)  # 5 points or less in a quarter, while behind 序时进度: the project did not move
FLAG_NAMES = {"stalled": "执行进度停滞", "likelihood_worse": "完成可能性下降"}


@dataclass
class ProjectChange:
    """One project in both periods (or in one only: the other side is None)."""

    project_code: str | None
    project_name: str
    unit: str
    department: str
    budget: Decimal | None
    rate_before: Decimal | None
    rate_after: Decimal | None
    unchanged_indicators: list[str] = field(default_factory=list)
    worse_indicators: list[str] = field(default_factory=list)  # "三级指标：可能性大→可能性小"
    flags: list[str] = field(default_factory=list)

    @property
    def change_points(self) -> Decimal | None:
        return change(self.rate_before, self.rate_after)

    def to_json(self) -> dict[str, Any]:
        return {
            "project_code": self.project_code,
            "project_name": self.project_name,
            "unit": self.unit,
            "department": self.department,
            "budget": to_jsonable(self.budget),
            "rate_before": to_jsonable(self.rate_before),
            "rate_after": to_jsonable(self.rate_after),
            "change_points": to_jsonable(self.change_points),
            "unchanged_indicators": self.unchanged_indicators,
            "worse_indicators": self.worse_indicators,
            "flags": self.flags,
        }


@dataclass
class DepartmentChange:
    """A department's execution rate in both periods. When the projects reported differ (a unit stopped
    reporting, or began), the two rates have different bases: the change is then taken over the projects
    reported in both periods only, and `basis` says so."""

    name: str
    budget: Decimal
    rate_before: Decimal | None
    rate_after: Decimal | None
    stalled: int = 0
    worse: int = 0
    only_before: int = 0  # projects reported in the earlier period only (本期少报)
    only_after: int = 0  # projects reported in the later period only (本期新报)
    # the rates over the projects reported in both periods (when the bases differ)
    same_basis: tuple[Decimal | None, Decimal | None] | None = None

    @property
    def basis(self) -> str:
        """ "" when both periods report the same projects; else how they differ."""
        parts = [f"本期少报 {self.only_before} 个项目"] if self.only_before else []
        parts += [f"本期新报 {self.only_after} 个项目"] if self.only_after else []
        if not parts:
            return ""
        return "，".join(parts) + "，两期口径不同：变化按两期均报送的项目计算"

    @property
    def change_points(self) -> Decimal | None:
        if self.same_basis is not None:
            return change(*self.same_basis)
        return change(self.rate_before, self.rate_after)

    def to_json(self) -> dict[str, Any]:
        return {
            "department": self.name,
            "budget": to_jsonable(self.budget),
            "rate_before": to_jsonable(self.rate_before),
            "rate_after": to_jsonable(self.rate_after),
            "change_points": to_jsonable(self.change_points),
            "stalled": self.stalled,
            "likelihood_worse": self.worse,
            "only_before": self.only_before,
            "only_after": self.only_after,
            "basis": self.basis,
        }


@dataclass
class Comparison:
    before: CityRollup
    after: CityRollup
    projects: list[ProjectChange]
    departments: list[DepartmentChange]

    def to_json(self) -> list[dict[str, Any]]:
        """The per-project list (`perfcli compare --json`)."""
        return [p.to_json() for p in self.projects]


@dataclass
class PreviousRates:
    """上期执行率 for the 汇总: the previous period's execution rates, by department and by project."""

    period: Period
    total: Decimal | None
    departments: dict[str, Decimal | None]
    projects: dict[tuple[str, ...], Decimal | None]

    @classmethod
    def of(cls, city: CityRollup) -> PreviousRates:
        return cls(
            city.period,
            city.totals.execution_rate,
            {name_key(d.name): d.totals.execution_rate for d in city.departments if d.projects},
            {_key(p): p.execution_rate for p in city.projects},
        )

    def department(self, department: DepartmentRollup) -> Decimal | None:
        return self.departments.get(name_key(department.name))

    def project(self, line: ProjectLine) -> Decimal | None:
        return self.projects.get(_key(line))


def change(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """Change in percentage points (None when either rate is unknown)."""
    return None if before is None or after is None else after - before


Indicators = dict[tuple[str, str], list[dict[str, Any]]]  # (file, sheet) -> indicator rows


def indicator_index(files: list[FileResult]) -> Indicators:
    """The indicator rows of every 附表1 read, by (file, sheet), as the roll-up's project lines name them."""
    index: Indicators = {}
    for result in files:
        if result.status != "read" or "project" not in result.forms:
            continue
        for record in result.records:
            if record.form == "project":
                index[(result.path, record.sheet)] = [row.values for row in record.table]
    return index


def _key(line: ProjectLine) -> tuple[str, ...]:
    return (line.project_code,) if line.project_code else (name_key(line.unit), name_key(line.project))


def _indicator_changes(
    before: list[dict[str, Any]], after: list[dict[str, Any]], scale: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(三级指标 whose 已完成情况 is the same, 三级指标 whose 完成目标可能性 is further down the scale)."""
    earlier = {name_key(str(r.get("level3") or "")): r for r in before if r.get("level3")}
    unchanged, worse = [], []
    for row in after:
        name = str(row.get("level3") or "")
        old = earlier.get(name_key(name)) if name else None
        if old is None:
            continue
        if row.get("actual") not in (None, "") and str(old.get("actual")) == str(row.get("actual")):
            unchanged.append(name)
        was, now = old.get("likelihood"), row.get("likelihood")
        if was in scale and now in scale and scale.index(now) > scale.index(was):
            worse.append(f"{name}：{was}→{now}")
    return unchanged, worse


def compare_rollups(
    before: CityRollup, after: CityRollup, before_indicators: Indicators, after_indicators: Indicators
) -> Comparison:
    """Every project of either period, in the later roll-up's order (then those only in the earlier one);
    departments likewise."""
    earlier = {_key(p): p for d in before.departments for p in d.projects}
    scale = after.likelihood_values
    projects: list[ProjectChange] = []
    seen = set()
    for line in (p for d in after.departments for p in d.projects):
        old = earlier.get(_key(line))
        seen.add(_key(line))
        change = ProjectChange(
            line.project_code, line.project, line.unit, line.department, line.budget_total,
            old.execution_rate if old else None, line.execution_rate,
        )  # fmt: skip
        if old is not None:
            change.unchanged_indicators, change.worse_indicators = _indicator_changes(
                before_indicators.get((old.file, old.sheet), []),
                after_indicators.get((line.file, line.sheet), []),
                scale,
            )
        points = change.change_points
        behind = line.execution_rate is not None and line.execution_rate < after.time_progress
        if points is not None and points <= STALL_POINTS and behind:
            change.flags.append("stalled")
        if change.worse_indicators:
            change.flags.append("likelihood_worse")
        projects.append(change)
    for key, old in earlier.items():
        if key not in seen:
            projects.append(
                ProjectChange(old.project_code, old.project, old.unit, old.department, old.budget_total,
                              old.execution_rate, None)
            )  # fmt: skip
    return Comparison(before, after, projects, _departments(before, after, projects))


def _departments(
    before: CityRollup, after: CityRollup, projects: list[ProjectChange]
) -> list[DepartmentChange]:
    """Departments with projects reported in either period (a roster's silent ones have nothing to compare)."""
    earlier = {name_key(d.name): d for d in before.departments if d.projects}
    later = {name_key(d.name): d for d in after.departments if d.projects}
    names = [d.name for d in after.departments if d.projects] + [
        d.name for d in before.departments if d.projects and name_key(d.name) not in later
    ]
    rows = []
    for name in names:
        old: DepartmentRollup | None = earlier.get(name_key(name))
        new: DepartmentRollup | None = later.get(name_key(name))
        mine = [p for p in projects if name_key(p.department) == name_key(name)]
        either = new or old
        row = DepartmentChange(
            name,
            either.totals.budget_total if either is not None else Decimal(0),
            old.totals.execution_rate if old else None,
            new.totals.execution_rate if new else None,
            stalled=sum(1 for p in mine if "stalled" in p.flags),
            worse=sum(1 for p in mine if "likelihood_worse" in p.flags),
        )
        if old is not None and new is not None:
            earlier_keys, later_keys = {_key(p) for p in old.projects}, {_key(p) for p in new.projects}
            row.only_before, row.only_after = len(earlier_keys - later_keys), len(later_keys - earlier_keys)
            if row.only_before or row.only_after:
                both = earlier_keys & later_keys
                row.same_basis = tuple(  # type: ignore[assignment]
                    Totals.of([p for p in d.projects if _key(p) in both], ()).execution_rate
                    for d in (old, new)
                )
        rows.append(row)
    return rows


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def _points(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def comparison_sheets(comparison: Comparison) -> list[ListSheet]:
    """对比.xlsx: 项目 (every project, flagged rows filled), 部门."""
    before, after = comparison.before.period.name, comparison.after.period.name
    projects = ListSheet(
        "项目对比",
        (("部门", 16), ("单位", 16), ("项目编码", 11), ("项目名称", 26), ("预算总额（万元）", 11),
         (f"{before}执行率", 10), (f"{after}执行率", 10), ("变化（百分点）", 9),
         ("已完成情况未变化的指标", 24), ("完成可能性下降的指标", 24), ("标记", 14)),
    )  # fmt: skip
    for p in comparison.projects:
        projects.add(
            [p.department, p.unit, p.project_code or "", p.project_name,
             money_text(p.budget) if p.budget is not None else "", _rate(p.rate_before), _rate(p.rate_after),
             _points(p.change_points), "、".join(p.unchanged_indicators), "；".join(p.worse_indicators),
             "、".join(FLAG_NAMES[f] for f in p.flags)],
            "warning" if p.flags else "text",
        )  # fmt: skip
    departments = ListSheet(
        "部门对比",
        (("部门", 20), ("预算总额（万元）", 12), (f"{before}执行率", 11), (f"{after}执行率", 11),
         ("变化（百分点）", 10), ("执行进度停滞项目", 10), ("完成可能性下降项目", 10), ("口径", 30)),
    )  # fmt: skip
    for d in comparison.departments:
        departments.add(
            [d.name, money_text(d.budget), _rate(d.rate_before), _rate(d.rate_after), _points(d.change_points),
             d.stalled, d.worse, d.basis],
            "warning" if d.basis else "text",
        )  # fmt: skip
    return [projects, departments]
