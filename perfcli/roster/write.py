"""Write a roster workbook: the empty one `perfcli init` hands out, or a roster's records (samples, tests).

The sheets, headers, widths and dropdowns follow perfcli.roster.schema; perfcli.io.xlsx.roster lays them out.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.io.files.outputs import write_atomic
from perfcli.model.config import Config, load_config
from perfcli.model.roster import FUNDING_KEYS, Roster
from perfcli.roster.schema import (
    DEPARTMENTS,
    INDICATORS,
    NO,
    PROJECTS,
    ROSTER_SHEETS,
    UNITS,
    YES,
    RosterSheet,
    level1_values,
)

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def _layouts(roster: Roster | None, config: Config) -> list[Any]:
    from perfcli.io.xlsx.roster import SheetColumn, SheetLayout

    def columns(spec: RosterSheet) -> list[SheetColumn]:
        out = []
        for c in spec.columns:
            choices: tuple[str, ...] = ()
            fmt, prompt = None, None
            if c.kind == "code":
                fmt = "@"
            elif c.kind == "money":
                fmt, prompt = MONEY_FORMAT, "单位：万元，保留两位小数；不得为负数。"
            elif c.kind == "date":
                fmt, prompt = DATE_FORMAT, "日期，如 2026-03-01"
            elif c.kind == "yesno":
                choices = (YES, NO)
            elif c.kind == "fund_source":
                choices = config.fund_sources
            elif c.kind == "level1":
                choices = level1_values(config)
            elif c.kind == "category":
                choices = config.project_categories
            out.append(SheetColumn(c.header, c.width, fmt, choices, prompt))
        return out

    r = roster or Roster([], [], [], [])

    def money(value: Decimal | None) -> float | None:
        # written as a number so Excel sums it; 2 decimals are exact in binary-to-text round trips
        return None if value is None else float(value)

    rows: dict[str, list[list[Any]]] = {
        DEPARTMENTS.name: [
            [d.code, d.name, money(d.budget_total), d.contact, d.phone, d.national_code, "；".join(d.emails)]
            for d in r.departments
        ],
        UNITS.name: [
            [u.code, u.name, u.department_code, u.contact, u.phone, "；".join(u.emails)] for u in r.units
        ],
        PROJECTS.name: [
            [
                p.code,
                p.name,
                p.unit_code,
                money(p.budget_total),
                p.fund_source,
                YES if p.is_key else NO,
                *(money(p.funding.get(k)) for k in FUNDING_KEYS),
                p.planned_start,
                p.planned_end,
                money(p.forecast),
                p.category,
            ]
            for p in r.projects
        ],
        INDICATORS.name: [[i.project_code, i.level1, i.level2, i.level3, i.target] for i in r.indicators],
    }
    return [SheetLayout(s.name, s.instruction, columns(s), rows[s.name]) for s in ROSTER_SHEETS]


def write_roster(
    path: Path | str, roster: Roster | None, *, config: Config | None = None, force: bool = False
) -> Path:
    """Write `roster` (or an empty roster when None) as a roster workbook, atomically."""
    from perfcli.io.xlsx.roster import write_sheets

    layouts = _layouts(roster, config or load_config())
    return write_atomic(Path(path), lambda tmp: write_sheets(tmp, layouts), force=force)


def write_empty_roster(path: Path | str, *, config: Config | None = None, force: bool = False) -> Path:
    """The empty roster workbook `perfcli init` hands out: instruction line, headers, dropdowns, widths."""
    return write_roster(path, None, config=config, force=force)
