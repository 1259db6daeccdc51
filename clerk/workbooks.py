"""Filling whole workbooks: every 附表1 of a unit's workbook, or 附表2 and every 附表3 of a department's."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from clerk.cells import find_label, form_sheets, read_identity, spec_of
from clerk.mistakes import Mistakes, apply_mistakes
from clerk.saving import save
from clerk.sheets import ProjectFacts, fill_department_sheet, fill_key_project_sheet, fill_project_sheet
from perfcli.model.period import Period

DEFAULT_PERIOD = Period(2026, 3)  # used only when a workbook carries no identity


def _period_of(identity: dict[str, Any] | None, default: Period) -> Period:
    if identity and identity.get("period"):
        return Period.parse(identity["period"])
    return default


def fill_unit_workbook(
    src: Path,
    dst: Path,
    *,
    seed: int,
    mistakes: Mistakes | None = None,
    at_risk: float = 0.15,
    modified: datetime | None = None,
    period: Period = DEFAULT_PERIOD,
    share: Decimal = Decimal(1),
) -> list[ProjectFacts]:
    """Fill every 附表1 sheet of a generated unit workbook `src` into `dst` (src is left as it was);
    `share` scales the money typed (see fill_project_sheet)."""
    from openpyxl import load_workbook

    rng = random.Random(seed)
    wb = load_workbook(src)
    identity = read_identity(wb)
    period = _period_of(identity, period)
    codes = {s["sheet"]: s.get("project_code") for s in (identity or {}).get("sheets", [])}
    facts = []
    for index, ws in enumerate(form_sheets(wb)):
        risky = rng.random() < at_risk
        f = fill_project_sheet(ws, rng, period, at_risk=risky, code=codes.get(ws.title), share=share)
        if mistakes and mistakes.any() and index == mistakes.sheet:
            apply_mistakes(ws, rng, mistakes, f)
        facts.append(f)
    save(wb, dst, modified)
    return facts


def fill_department_workbook(
    src: Path,
    dst: Path,
    *,
    seed: int,
    projects: dict[str, ProjectFacts] | None = None,
    totals: tuple[Decimal, Decimal, Decimal] | None = None,
    modified: datetime | None = None,
    period: Period = DEFAULT_PERIOD,
) -> list[ProjectFacts]:
    """Fill 附表2 and every 附表3 of a generated department workbook, consistent with the units' `projects`
    (project code -> facts) and `totals` (project budget, received, spent summed over the department)."""
    from openpyxl import load_workbook

    rng = random.Random(seed)
    wb = load_workbook(src)
    identity = read_identity(wb)
    period = _period_of(identity, period)
    codes = {s["sheet"]: s.get("project_code") for s in (identity or {}).get("sheets", [])}
    projects = projects or {}
    key_facts, department_ws = [], None
    for ws in form_sheets(wb):
        if find_label(ws, spec_of("department").field("key_work_progress").labels):
            department_ws = ws
            continue
        code = codes.get(ws.title)
        key_facts.append(fill_key_project_sheet(ws, rng, period, projects.get(code or ""), code=code))
    if department_ws is not None:
        fill_department_sheet(department_ws, rng, period, key_facts, totals)
    save(wb, dst, modified)
    return key_facts
