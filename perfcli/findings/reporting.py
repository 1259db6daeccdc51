"""Who has reported: per department and unit of the roster — reported, missing, late, with errors, rejected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from perfcli.findings import rules
from perfcli.findings.batch import ValidationReport
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster

State = Literal["reported", "missing", "late", "errors", "rejected"]
STATE_LABELS: dict[str, str] = {
    "reported": "已报送",
    "late": "逾期报送",
    "errors": "有错误",
    "missing": "未报送",
    "rejected": "无法读取",
}


@dataclass
class StatusRow:
    """One department (附表2/附表3) or unit (附表1) of the roster."""

    kind: Literal["department", "unit"]
    code: str
    name: str
    department_code: str
    department_name: str
    due: date | None
    files: list[str] = field(default_factory=list)  # the files that count
    superseded: list[str] = field(default_factory=list)
    received: str | None = None  # date used for timeliness (latest counted file)
    late: bool = False
    errors: int = 0
    warnings: int = 0

    @property
    def reported(self) -> bool:
        return bool(self.files)

    @property
    def state(self) -> State:
        if not self.files:
            return "missing"
        if self.errors:
            return "errors"
        return "late" if self.late else "reported"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "department_code": self.department_code,
            "department_name": self.department_name,
            "state": self.state,
            "state_label": self.state_label,
            "reported": self.reported,
            "late": self.late,
            "due": self.due.isoformat() if self.due else None,
            "received": self.received,
            "errors": self.errors,
            "warnings": self.warnings,
            "files": self.files,
            "superseded": self.superseded,
        }


@dataclass
class StatusTable:
    period: Period | None
    rows: list[StatusRow]
    unmatched: list[FileResult] = field(default_factory=list)  # rejected files and files of unknown units

    @property
    def summary(self) -> dict[str, int]:
        out = {state: 0 for state in STATE_LABELS}
        for row in self.rows:
            out[row.state] += 1
        out["rejected"] = sum(1 for f in self.unmatched if f.status == "rejected")
        out["unmatched"] = len(self.unmatched)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.code if self.period else None,
            "summary": self.summary,
            "rows": [r.to_json() for r in self.rows],
            "unmatched": [
                {"path": f.path, "status": f.status, "reason": f.reason, "name": f.name, "errors": f.errors}
                for f in self.unmatched
            ],
        }


def reporting_status(
    report: ValidationReport, roster: Roster, period: Period | None, config: Config
) -> StatusTable:
    """The 报送情况 of every department and unit with something to report, from a validation report."""
    period = period or report.period
    by_owner: dict[tuple[str, str], list[FileResult]] = {}
    unmatched: list[FileResult] = []
    for result in report.files:
        if result.code and result.workbook_kind in ("unit", "department"):
            by_owner.setdefault((result.workbook_kind, result.code), []).append(result)
        elif result.status != "superseded":
            unmatched.append(result)
    rows: list[StatusRow] = []
    for dept in roster.departments:
        rows.append(_row("department", dept.code, dept.name, dept, by_owner, period, config))
        for unit in roster.units_of(dept.code):
            if roster.projects_of(unit.code):
                rows.append(_row("unit", unit.code, unit.name, dept, by_owner, period, config))
    return StatusTable(period, rows, unmatched)


def _row(kind, code, name, dept, by_owner, period, config) -> StatusRow:  # type: ignore[no-untyped-def]
    results = by_owner.get((kind, code), [])
    row = StatusRow(
        kind=kind,
        code=code,
        name=name,
        department_code=dept.code,
        department_name=dept.name,
        due=config.due_date(period, kind) if period else None,
    )
    for result in results:
        if result.status == "superseded":
            row.superseded.append(result.path)
            continue
        row.files.append(result.path)
        row.errors += result.errors
        row.warnings += result.warnings
        row.late = row.late or any(f.code == rules.LATE.code for f in result.findings)
        if result.received and (row.received is None or result.received > row.received):
            row.received = result.received
    return row
