"""A city roll-up back from the JSON `aggregate city --json` wrote, for the letters of a clerk who kept
only that file. Amounts come back exact (the JSON holds the digits as typed); totals are summed again."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from perfcli.findings.reporting import ReportingTable
from perfcli.forms.registry import FormRegistry
from perfcli.model.period import Period
from perfcli.model.records import from_jsonable
from perfcli.rollups.coverage import UnreportedProject
from perfcli.rollups.model import (
    ROSTER_BASIS,
    Alert,
    CityRollup,
    DepartmentRollup,
    FileAccount,
    ProjectLine,
    Totals,
    project_forms_of,
)

_AMOUNTS = ("budget_total", "funds_received", "funds_spent")
_RATES = ("received_rate", "execution_rate", "progress_gap")


def _number(value: Any) -> Decimal | None:
    return from_jsonable(value) if value is not None else None


def project_from_json(data: dict[str, Any]) -> ProjectLine:
    """A 项目明细 line as ProjectLine.to_json wrote it (the narratives it leaves out come back empty)."""
    values: dict[str, Any] = {f.name: data.get(f.name) for f in fields(ProjectLine)}
    values.update({k: _number(values[k]) or Decimal(0) for k in _AMOUNTS})
    values.update({k: _number(values[k]) for k in _RATES})
    values.update(likelihood=dict(values["likelihood"] or {}), missing=list(values["missing"] or []))
    values["note"] = values["note"] or ""
    values["category"] = values["category"] or ""
    values["form"] = values["form"] or "project"
    return ProjectLine(**values)


def city_from_json(data: dict[str, Any], forms: FormRegistry) -> CityRollup:
    """The CityRollup of an `aggregate city --json` output (its departments regrouped from the projects);
    `forms` names the project forms its lines were read from."""
    period = Period.parse(data["period"])
    progress = _number(data["time_progress"]) or Decimal(0)
    likelihood = tuple(data.get("likelihood_values") or ())
    projects = [project_from_json(p) for p in data.get("projects") or []]
    files = [FileAccount(**f) for f in data.get("files") or []]
    departments = []
    for entry in data.get("departments") or []:
        lines = [
            p for p in projects if (p.department_code, p.department) == (entry.get("code"), entry["name"])
        ]
        paths = {p.file for p in lines}
        by_roster = entry.get("budget_basis") == ROSTER_BASIS
        departments.append(
            DepartmentRollup(
                code=entry.get("code"),
                name=entry["name"],
                period=period,
                time_progress=progress,
                projects=lines,
                totals=Totals.of(lines, likelihood),
                roster_budget=_number(entry.get("department_budget")) if by_roster else None,
                files=[f for f in files if f.path in paths],
                reported_execution_rate=_number(entry.get("reported_execution_rate")),
                unreported=None
                if entry.get("unreported") is None
                else [UnreportedProject.from_json(u) for u in entry["unreported"]],
            )
        )
    ordered = [p for d in departments for p in d.projects]
    return CityRollup(
        period=period,
        time_progress=progress,
        lag_margin=_number(data.get("lag_margin")) or Decimal(0),
        likelihood_values=likelihood,
        departments=departments,
        totals=Totals.of(ordered, likelihood),
        alerts=[Alert(**a) for a in data.get("alerts") or []],
        reporting=ReportingTable.from_json(
            period, data.get("reporting") or [], data.get("unmatched") or [], forms
        ),
        files=files,
        project_forms=project_forms_of(ordered, forms),
        department_forms=int(data.get("department_forms") or 0),
    )
