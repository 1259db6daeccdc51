"""未报送的项目: the roster projects that no counted 附表1 reports, per department, and how every roll-up and
letter says it — the totals and rates cover the reported projects only.

Who reported what is the 报送情况's (perfcli.findings.reporting); this adds the roster's money to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfcli.findings.reporting import ReportingTable
from perfcli.model.records import from_jsonable, to_jsonable
from perfcli.model.roster import Roster
from perfcli.model.values import money_text


@dataclass
class UnreportedProject:
    """A roster project of a unit that no counted 附表1 reports: outside every total and rate."""

    department_code: str | None
    unit_code: str | None
    unit: str
    project_code: str
    project: str
    budget_total: Decimal
    unit_reported: bool  # the unit sent other projects (部分报送), or nothing at all (未报送)

    @property
    def unit_state(self) -> str:
        return "部分报送" if self.unit_reported else "未报送"

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "budget_total": to_jsonable(self.budget_total)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnreportedProject:
        return cls(**{**data, "budget_total": from_jsonable(data["budget_total"])})


def unreported_projects(table: ReportingTable, roster: Roster | None) -> list[UnreportedProject] | None:
    """Every roster project no counted 附表1 reports, in roster order; None without a roster (nobody can
    say what is missing)."""
    if roster is None:
        return None
    out = []
    for row in table.rows:
        if row.kind != "unit" or not row.in_roster:
            continue
        for code, name in row.projects_not_reported.items():
            project = roster.project_or_none(code)
            budget = project.budget_total if project is not None else Decimal(0)
            out.append(
                UnreportedProject(
                    row.department_code, row.code, row.name, code, name, budget, bool(row.files)
                )
            )
    return out


def unreported_budget(projects: Iterable[UnreportedProject]) -> Decimal:
    return sum((p.budget_total for p in projects), Decimal(0))


def unreported_units(projects: Iterable[UnreportedProject]) -> dict[str, list[UnreportedProject]]:
    """Unit name -> its unreported projects, in order."""
    out: dict[str, list[UnreportedProject]] = {}
    for p in projects:
        out.setdefault(p.unit, []).append(p)
    return out


def unreported_summary(projects: list[UnreportedProject]) -> str:
    """“1个单位的3个项目（预算合计572.66万元）”."""
    units = unreported_units(projects)
    return (
        f"{len(units)}个单位的{len(projects)}个项目（预算合计{money_text(unreported_budget(projects))}万元）"
    )


def unreported_listing(projects: list[UnreportedProject]) -> str:
    """Which: “区殡仪馆（未报送；殡葬服务 300.00、公墓维护 272.66万元）；…”."""
    return "；".join(
        f"{unit}（{lines[0].unit_state}；"
        + "、".join(f"{p.project} {money_text(p.budget_total)}" for p in lines)
        + "万元）"
        for unit, lines in unreported_units(projects).items()
    )


def coverage_note(
    unreported: list[UnreportedProject] | None, reported_projects: int, *, listing: bool, form: str = "附表1"
) -> str:
    """What the totals and rates cover: the reported projects only, and which ones are missing (named
    with `listing`, else counted); `form` names the project form (附表1, 监控表)."""
    if unreported is None:
        return f"金额和比率仅按收到的{reported_projects}个项目的{form}计算；未提供名册，无法核对应报而未报送的项目。"
    if not unreported:
        return f"名册中应报的项目均已报送，金额和比率按{reported_projects}个项目的{form}计算。"
    if not reported_projects:
        text = f"尚无已报送的项目，没有可汇总的金额和比率；名册中{unreported_summary(unreported)}未报送"
        return text + (f"：{unreported_listing(unreported)}。" if listing else "。")
    text = (
        f"金额和比率仅按已报送的{reported_projects}个项目的{form}计算；"
        f"名册中另有{unreported_summary(unreported)}未报送，未计入"
    )
    return text + (f"：{unreported_listing(unreported)}。" if listing else "。")
