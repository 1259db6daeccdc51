"""The bureau's roster: departments, budget units, projects (with key projects' funding) and indicators.

Typed records only; reading the roster workbook is in perfcli.core.roster_io.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

FUNDING_KEYS = ("central_provincial", "municipal", "district", "other")


@dataclass(frozen=True)
class Department:
    """预算部门"""

    code: str
    name: str
    budget_total: Decimal | None = None  # 本年度预算资金总额（万元）
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Unit:
    """预算责任单位 (部门本级或所属单位)"""

    code: str
    name: str
    department_code: str
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class IndicatorTarget:
    """An approved performance indicator (绩效目标) of a project."""

    project_code: str
    level1: str
    level2: str
    level3: str
    target: str  # 年度目标 as approved: "≥95%", "≤120万元", "=12个", or qualitative text


@dataclass(frozen=True)
class Project:
    code: str
    name: str
    unit_code: str
    budget_total: Decimal  # 预算总额（万元）
    fund_source: str  # 资金来源
    is_key: bool = False  # 重点项目
    # key projects: 预算数 by source (central_provincial, municipal, district, other), 万元
    funding: dict[str, Decimal] = field(default_factory=dict)
    planned_start: date | None = None
    planned_end: date | None = None


@dataclass
class Roster:
    departments: list[Department]
    units: list[Unit]
    projects: list[Project]
    indicators: list[IndicatorTarget]
    source: str = ""

    def department(self, code: str) -> Department:
        return next(d for d in self.departments if d.code == code)

    def unit(self, code: str) -> Unit:
        return next(u for u in self.units if u.code == code)

    def units_of(self, department_code: str) -> list[Unit]:
        return [u for u in self.units if u.department_code == department_code]

    def projects_of(self, unit_code: str) -> list[Project]:
        return [p for p in self.projects if p.unit_code == unit_code]

    def key_projects_of(self, department_code: str) -> list[Project]:
        units = {u.code for u in self.units_of(department_code)}
        return [p for p in self.projects if p.is_key and p.unit_code in units]

    def indicators_of(self, project_code: str) -> list[IndicatorTarget]:
        return [i for i in self.indicators if i.project_code == project_code]
