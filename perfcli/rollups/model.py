"""The records of a roll-up (项目明细 lines, totals, 预警, 报送情况, file accounting) and exact rates.

Money is Decimal; a rate is computed exactly from the sums and rounded half-up to 2 decimals of a
percent only here, at the end. perfcli.rollups.aggregate builds these records; the writers render them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfcli.findings.reporting import ReportingTable
from perfcli.model.period import Period
from perfcli.model.records import to_jsonable
from perfcli.model.values import percent
from perfcli.rollups.coverage import UnreportedProject, coverage_note, unreported_budget

if TYPE_CHECKING:
    import pandas

    from perfcli.forms.registry import FormRegistry
    from perfcli.forms.spec import FormSpec
    from perfcli.rollups.compare import PreviousRates

ZERO = Decimal(0)

RECEIVED_RATE_FORMULA = "资金到位率 = 已到位资金合计 ÷ 预算总额合计 × 100%"
EXECUTION_RATE_FORMULA = "预算执行率 = 已支出资金合计 ÷ 预算总额合计 × 100%"
GAP_FORMULA = "与序时进度差 = 预算执行率 − 序时进度（负数表示落后）"
ROSTER_BASIS = "取自名册中的部门年度预算"
PROJECT_COLUMNS = (
    "department_code",
    "department",
    "unit_code",
    "unit",
    "project_code",
    "project",
    "fund_source",
    "budget_total",
    "funds_received",
    "funds_spent",
    "received_rate",
    "execution_rate",
    "progress_gap",
    "findings",
    "errors",
    "file",
    "sheet",
)
DEPARTMENT_COLUMNS = (
    "department_code",
    "department",
    "projects",
    "budget_total",
    "funds_received",
    "funds_spent",
    "received_rate",
    "execution_rate",
    "time_progress",
    "progress_gap",
    "department_budget",
)  # how DepartmentRollup.budget_basis says the roster gave the budget


def gap_to_progress(rate: Decimal | None, progress: Decimal) -> Decimal | None:
    """与序时进度差 = 预算执行率 − 序时进度 (negative: behind)."""
    return None if rate is None else rate - progress


@dataclass
class ProjectLine:
    """One project's 附表1 as it enters the totals (项目明细 row)."""

    department_code: str | None
    department: str
    unit_code: str | None
    unit: str
    project_code: str | None
    project: str
    fund_source: str | None
    budget_total: Decimal
    funds_received: Decimal
    funds_spent: Decimal
    received_rate: Decimal | None
    execution_rate: Decimal | None
    progress_gap: Decimal | None
    likelihood: dict[str, int]
    findings: int
    errors: int
    missing: list[str]  # amounts the unit left empty (counted as 0 in the sums, said here)
    file: str
    sheet: str
    deviation_analysis: str | None = None
    improvement_plan: str | None = None
    note: str = ""  # e.g. 预算总额 taken from the roster because the return's differs
    forecast: Decimal | None = None  # 全年预计执行数 (national 监控表)
    category: str = ""  # 项目类别 (roster: 民生保障, 刚性支出…): which handling may be suggested
    form: str = "project"  # the form kind it was read from (附表1, or the national 监控表)
    deviation_reasons: dict[str, int] = field(default_factory=dict)  # 偏差原因 -> ticked rows (监控表)

    def to_row(self) -> dict[str, Any]:
        """The line as a DataFrame row (Decimal values kept)."""
        return {key: getattr(self, key) for key in PROJECT_COLUMNS}

    def to_json(self) -> dict[str, Any]:
        return {
            "department_code": self.department_code,
            "department": self.department,
            "unit_code": self.unit_code,
            "unit": self.unit,
            "project_code": self.project_code,
            "project": self.project,
            "fund_source": self.fund_source,
            "budget_total": to_jsonable(self.budget_total),
            "funds_received": to_jsonable(self.funds_received),
            "funds_spent": to_jsonable(self.funds_spent),
            "received_rate": to_jsonable(self.received_rate),
            "execution_rate": to_jsonable(self.execution_rate),
            "progress_gap": to_jsonable(self.progress_gap),
            "likelihood": dict(self.likelihood),
            "findings": self.findings,
            "errors": self.errors,
            "missing": list(self.missing),
            "note": self.note,
            "forecast": to_jsonable(self.forecast),
            "deviation_reasons": dict(self.deviation_reasons),
            "category": self.category,
            "form": self.form,
            "file": self.file,
            "sheet": self.sheet,
        }


@dataclass
class Totals:
    """Exact sums over a set of projects and the rates derived from them."""

    projects: int = 0
    budget_total: Decimal = ZERO
    funds_received: Decimal = ZERO
    funds_spent: Decimal = ZERO
    likelihood: dict[str, int] = field(default_factory=dict)
    projects_with_findings: int = 0

    @classmethod
    def of(cls, lines: Iterable[ProjectLine], likelihood_values: Iterable[str]) -> Totals:
        totals = cls(likelihood={v: 0 for v in likelihood_values})
        for line in lines:
            totals.projects += 1
            totals.budget_total += line.budget_total
            totals.funds_received += line.funds_received
            totals.funds_spent += line.funds_spent
            totals.projects_with_findings += 1 if line.findings else 0
            for value, count in line.likelihood.items():
                totals.likelihood[value] = totals.likelihood.get(value, 0) + count
        return totals

    @property
    def received_rate(self) -> Decimal | None:
        """资金到位率: Σ已到位 / Σ预算总额."""
        return percent(self.funds_received, self.budget_total)

    @property
    def execution_rate(self) -> Decimal | None:
        """预算执行率: Σ已支出 / Σ预算总额."""
        return percent(self.funds_spent, self.budget_total)

    def to_json(self, progress: Decimal) -> dict[str, Any]:
        return {
            "projects": self.projects,
            "budget_total": to_jsonable(self.budget_total),
            "funds_received": to_jsonable(self.funds_received),
            "funds_spent": to_jsonable(self.funds_spent),
            "received_rate": to_jsonable(self.received_rate),
            "execution_rate": to_jsonable(self.execution_rate),
            "progress_gap": to_jsonable(gap_to_progress(self.execution_rate, progress)),
            "likelihood": dict(self.likelihood),
            "projects_with_findings": self.projects_with_findings,
        }


@dataclass
class Alert:
    """A 预警清单 row: what is wrong with a project and the handling the rules suggest."""

    kind: str  # 执行进度滞后 | 目标完成可能性低 | 偏离未说明
    level: str  # 一般 | 严重
    department: str
    unit: str
    project: str
    detail: str
    handling: str
    file: str
    sheet: str
    cell: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class FileAccount:
    """What became of one input file in this roll-up."""

    path: str
    status: str  # included | rejected | superseded
    reason: str | None = None
    superseded_by: str | None = None
    forms: int = 0  # forms of this file counted in the totals
    errors: int = 0
    warnings: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DepartmentRollup:
    """One department's roll-up of its units' 附表1: what pre-fills its 附表2 and 项目明细."""

    code: str | None
    name: str
    period: Period
    time_progress: Decimal
    projects: list[ProjectLine]
    totals: Totals
    roster_budget: Decimal | None = None  # 本年度预算资金总额 from the roster, when given
    files: list[FileAccount] = field(default_factory=list)
    # what the department itself wrote on its 附表2 (部门整体 may include 基本支出, so it may differ)
    reported_execution_rate: Decimal | None = None
    # its units' roster projects no counted 附表1 reports (None: no roster to tell)
    unreported: list[UnreportedProject] | None = None

    @property
    def budget_total(self) -> Decimal:
        """本年度预算资金总额 for 附表2: the roster's department budget, else Σ project budgets."""
        return self.roster_budget if self.roster_budget is not None else self.totals.budget_total

    @property
    def budget_basis(self) -> str:
        if self.roster_budget is not None:
            return ROSTER_BASIS
        return f"名册未提供部门预算，按{self.totals.projects}个项目的预算总额合计"

    @property
    def progress_gap(self) -> Decimal | None:
        return gap_to_progress(self.totals.execution_rate, self.time_progress)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "period": self.period.code,
            "time_progress": to_jsonable(self.time_progress),
            "department_budget": to_jsonable(self.budget_total),
            "budget_basis": self.budget_basis,
            "reported_execution_rate": to_jsonable(self.reported_execution_rate),
            "unreported": _unreported_json(self.unreported),
            "totals": self.totals.to_json(self.time_progress),
            "projects": [p.to_json() for p in self.projects],
            "files": [f.to_json() for f in self.files],
        }


@dataclass
class CityRollup:
    """The city (district) summary: departments, projects, 预警清单, 报送情况, file accounting."""

    period: Period
    time_progress: Decimal
    lag_margin: Decimal
    likelihood_values: tuple[str, ...]
    departments: list[DepartmentRollup]
    totals: Totals
    alerts: list[Alert]
    reporting: ReportingTable  # 报送情况 (perfcli.findings.reporting)
    files: list[FileAccount]
    # the project forms the lines were read from (附表1 when there are none: what is owed); project_forms_of
    project_forms: tuple[FormSpec, ...] = field(repr=False)
    department_forms: int = 0  # 附表2/附表3 received (they report; their money is the units' 附表1)
    previous: PreviousRates | None = None  # 上期执行率, when the workspace ledger holds the previous period
    notes: list[str] = field(default_factory=list)  # what the run says once on stderr (a damaged cache row)

    @property
    def projects(self) -> list[ProjectLine]:
        return [p for d in self.departments for p in d.projects]

    @property
    def unreported(self) -> list[UnreportedProject] | None:
        """The roster projects no counted 附表1 reports, all departments (None: no roster to tell)."""
        if all(d.unreported is None for d in self.departments):
            return None
        return [p for d in self.departments for p in d.unreported or []]

    def collects(self, figure: str) -> bool:
        """Whether a form that entered the totals collects a money figure (none shows 已到位 of a 监控表)."""
        return any(figure in spec.money for spec in self.project_forms)

    @property
    def coverage(self) -> str:
        """What the totals and rates cover: the reported projects only, and how much is missing."""
        codes = "、".join(spec.code for spec in self.project_forms)
        return coverage_note(self.unreported, self.totals.projects, listing=False, form=codes)

    def file_counts(self) -> dict[str, int]:
        counts = {"included": 0, "rejected": 0, "superseded": 0}
        for f in self.files:
            counts[f.status] = counts.get(f.status, 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {**self.json_frame(), "projects": [p.to_json() for p in self.projects]}

    def projects_frame(self) -> pandas.DataFrame:
        """One row per project counted (项目明细): department, unit, project, money and rates. Amounts
        and rates are Decimal objects (exact), not floats."""
        import pandas as pd

        return pd.DataFrame([p.to_row() for p in self.projects], columns=list(PROJECT_COLUMNS))

    def departments_frame(self) -> pandas.DataFrame:
        """One row per department: projects, Σ 预算总额/已到位/已支出 (Decimal), 资金到位率, 预算执行率,
        序时进度 and the gap to it in points (negative: behind), and the department's 本年度预算资金总额."""
        import pandas as pd

        rows = [
            {
                "department_code": d.code,
                "department": d.name,
                "projects": d.totals.projects,
                "budget_total": d.totals.budget_total,
                "funds_received": d.totals.funds_received,
                "funds_spent": d.totals.funds_spent,
                "received_rate": d.totals.received_rate,
                "execution_rate": d.totals.execution_rate,
                "time_progress": self.time_progress,
                "progress_gap": d.progress_gap,
                "department_budget": d.budget_total,
            }
            for d in self.departments
        ]
        return pd.DataFrame(rows, columns=list(DEPARTMENT_COLUMNS))

    def projects_json(self) -> Iterator[dict[str, Any]]:
        """The "projects" of to_json(), one at a time."""
        return (p.to_json() for p in self.projects)

    def json_frame(self) -> dict[str, Any]:
        """to_json() with "projects" left empty: a city's ten thousand are written one by one."""
        return {
            "period": self.period.code,
            "period_name": self.period.name,
            "time_progress": to_jsonable(self.time_progress),
            "lag_margin": to_jsonable(self.lag_margin),
            "likelihood_values": list(self.likelihood_values),
            "rates": {
                "received_rate": RECEIVED_RATE_FORMULA,
                "execution_rate": EXECUTION_RATE_FORMULA,
                "progress_gap": GAP_FORMULA,
            },
            "totals": self.totals.to_json(self.time_progress),
            "departments": [
                {
                    "code": d.code,
                    "name": d.name,
                    **d.totals.to_json(self.time_progress),  # budget_total here is Σ project budgets
                    "department_budget": to_jsonable(d.budget_total),  # 本年度预算资金总额 (附表2)
                    "budget_basis": d.budget_basis,
                    "reported_execution_rate": to_jsonable(d.reported_execution_rate),
                    "unreported": _unreported_json(d.unreported),
                }
                for d in self.departments
            ],
            "unreported": None
            if (unreported := self.unreported) is None
            else {
                "projects": len(unreported),
                "units": len({p.unit_code or p.unit for p in unreported}),
                "budget_total": to_jsonable(unreported_budget(unreported)),
            },
            "projects": [],
            "alerts": [a.to_json() for a in self.alerts],
            "reporting": self.reporting.to_json()["rows"],
            "unmatched": self.reporting.to_json()["unmatched"],
            "files": [f.to_json() for f in self.files],
            "file_counts": self.file_counts(),
            "department_forms": self.department_forms,
        }


def project_forms_of(projects: Iterable[ProjectLine], forms: FormRegistry) -> tuple[FormSpec, ...]:
    """The project forms `projects` were read from (附表1 when there are none: what is owed)."""
    return tuple(forms.spec(k) for k in dict.fromkeys(p.form for p in projects) or ["project"])


def _unreported_json(projects: list[UnreportedProject] | None) -> list[dict[str, Any]] | None:
    return None if projects is None else [p.to_json() for p in projects]
