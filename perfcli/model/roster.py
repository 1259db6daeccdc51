"""The bureau's roster: departments, budget units, projects (with key projects' funding) and indicators.

Typed records only; reading the roster workbook is in perfcli.roster.workbook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TypeVar

from perfcli.model.values import name_key

T = TypeVar("T")

FUNDING_KEYS = ("central_provincial", "municipal", "district", "other")


@dataclass(frozen=True)
class Department:
    """预算部门"""

    code: str
    name: str
    budget_total: Decimal | None = None  # 本年度预算资金总额（万元）
    contact: str = ""
    phone: str = ""
    national_code: str = (
        ""  # 主管部门代码 (the national 监控表's 主管部门及代码), when it differs from `code`
    )
    emails: tuple[str, ...] = ()  # 邮箱: where its forms, letters and receipts are mailed


@dataclass(frozen=True)
class Unit:
    """预算责任单位 (部门本级或所属单位)"""

    code: str
    name: str
    department_code: str
    contact: str = ""
    phone: str = ""
    emails: tuple[str, ...] = ()  # 邮箱: where its forms, letters and receipts are mailed


@dataclass(frozen=True)
class IndicatorTarget:
    """An approved performance indicator (绩效目标) of a project."""

    project_code: str
    level1: str
    level2: str
    level3: str
    target: str  # 年度目标 as approved: "12个", "≥12个", "≤250万元", "＝12个", or qualitative text


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
    forecast: Decimal | None = None  # 全年预计执行数（万元）, pre-filled on the national 监控表
    category: str = ""  # 项目类别 (民生保障 / 刚性支出 / 一般项目…, config [handling]); "" when not given


@dataclass
class Roster:
    """The whole roster. Look-ups are O(1) (a city has ~10,000 projects and ~60,000 indicators): the indices
    are built on first use, so a roster is not to be changed once it has been looked into."""

    departments: list[Department]
    units: list[Unit]
    projects: list[Project]
    indicators: list[IndicatorTarget]
    source: str = ""
    # what the reader did with cells that needed it (a formula read as its text, control characters dropped),
    # one Chinese line per cell naming sheet and cell; shown as 提示 by the commands that read the roster
    warnings: list[str] = field(default_factory=list)

    def department(self, code: str) -> Department:
        return self._departments_by_code[code]

    def department_or_none(self, code: str | None) -> Department | None:
        return self._departments_by_code.get(code or "")

    def unit(self, code: str) -> Unit:
        return self._units_by_code[code]

    def unit_or_none(self, code: str | None) -> Unit | None:
        return self._units_by_code.get(code or "")

    def project_or_none(self, code: str | None) -> Project | None:
        return self._projects_by_code.get(code or "")

    @cached_property
    def unit_by_name(self) -> dict[str, Unit]:
        """Units by name_key (the last of equal names wins, as a dict built in order does)."""
        return {name_key(u.name): u for u in self.units}

    @cached_property
    def department_by_name(self) -> dict[str, Department]:
        return {name_key(d.name): d for d in self.departments}

    def projects_named(self, key: str) -> list[Project]:
        """The projects whose name_key is `key`, in roster order."""
        return list(self._projects_by_name.get(key, ())) if key else []

    def units_of(self, department_code: str) -> list[Unit]:
        return list(self._units_by_department.get(department_code, ()))

    def projects_of(self, unit_code: str) -> list[Project]:
        return list(self._projects_by_unit.get(unit_code, ()))

    def key_projects_of(self, department_code: str) -> list[Project]:
        """The department's key projects, in roster order."""
        return list(self._key_projects_by_department.get(department_code, ()))

    def indicators_of(self, project_code: str) -> list[IndicatorTarget]:
        return list(self._indicators_by_project.get(project_code, ()))

    @cached_property
    def _departments_by_code(self) -> dict[str, Department]:
        return {d.code: d for d in reversed(self.departments)}  # reversed: the first of duplicates wins

    @cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in reversed(self.units)}

    @cached_property
    def _units_by_department(self) -> dict[str, list[Unit]]:
        return _group(self.units, lambda u: u.department_code)

    @cached_property
    def _projects_by_unit(self) -> dict[str, list[Project]]:
        return _group(self.projects, lambda p: p.unit_code)

    @cached_property
    def _key_projects_by_department(self) -> dict[str, list[Project]]:
        units = self._units_by_code
        return _group(
            (p for p in self.projects if p.is_key and p.unit_code in units),
            lambda p: units[p.unit_code].department_code,
        )

    @cached_property
    def _projects_by_code(self) -> dict[str, Project]:
        return {p.code: p for p in reversed(self.projects)}

    @cached_property
    def _projects_by_name(self) -> dict[str, list[Project]]:
        return _group(self.projects, lambda p: name_key(p.name))

    @cached_property
    def _indicators_by_project(self) -> dict[str, list[IndicatorTarget]]:
        return _group(self.indicators, lambda i: i.project_code)


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
