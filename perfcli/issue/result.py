"""What generate wrote: one record per workbook, and the run's result (also the --json output)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.forms.registry import FormRegistry


@dataclass
class GeneratedFile:
    """One workbook generate wrote: a unit's 附表1 workbook or a department's 附表2/附表3 workbook."""

    kind: str  # unit | department | blank
    code: str
    name: str
    department_code: str | None
    path: Path
    sheets: int

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "department_code": self.department_code,
            "path": str(self.path),
            "sheets": self.sheets,
        }


@dataclass
class GenerateResult:
    period: str
    out_dir: Path
    files: list[GeneratedFile] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # units with nothing to fill, and why
    unchanged: int = 0  # written by an earlier run, recorded in the ledger and unchanged since
    roster_warnings: list[str] = field(default_factory=list)  # Roster.warnings (formulas read as text…)
    backups: dict[Path, Path] = field(default_factory=dict)  # a file --force replaced -> its copy in 旧文件/
    # what the clerk should know of the forms written, one per case: {"code", …, "message"} (a 自评表 project
    # without 效益指标: how its 90 points were split, perfcli.issue.self_evaluation.MissingGroups)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    forms: FormRegistry | None = field(default=None, repr=False)  # the config's forms: what the run issued

    @property
    def departments(self) -> int:
        return sum(1 for f in self.files if f.kind == "department")

    @property
    def units(self) -> int:
        return sum(1 for f in self.files if f.kind == "unit")

    @property
    def sheets(self) -> int:
        return sum(f.sheets for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "out_dir": str(self.out_dir),
            "departments": self.departments,
            "units": self.units,
            "sheets": self.sheets,
            "files": [f.to_json() for f in self.files],
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "roster_warnings": self.roster_warnings,
            "backups": {str(old): str(copy) for old, copy in self.backups.items()},
            "warnings": self.warnings,
        }
