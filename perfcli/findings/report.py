"""The result of validating a batch: every file accounted for, every finding, the 报送情况, and the
pandas views the bureau's analysts ask for (money stays exact: Decimal objects, never floats)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcli.findings.reporting import ReportingTable
from perfcli.model.findings import Finding
from perfcli.model.period import Period
from perfcli.model.records import FileResult

if TYPE_CHECKING:
    import pandas


@dataclass
class ValidationReport:
    period: Period | None
    files: list[FileResult]
    findings: list[Finding] = field(default_factory=list)  # roster-level: who has not reported
    roster: str | None = None
    reporting: ReportingTable | None = None  # 报送情况 of the batch
    written: dict[str, list[Path]] = field(default_factory=dict)  # outputs the api wrote: report, annotated
    notes: list[str] = field(default_factory=list)  # what the run says once on stderr (a damaged cache row)
    # the forms read, by stage: monitoring (监控表), self_evaluation (自评表), target (绩效目标申报表, which the
    # ledger keeps as versions); set by the batch (perfcli.findings.batch)
    forms_by_stage: dict[str, int] = field(default_factory=dict)

    @property
    def all_findings(self) -> list[Finding]:
        return [f for fr in self.files for f in fr.findings] + self.findings

    @property
    def summary(self) -> dict[str, int]:
        status = Counter(f.status for f in self.files)
        every = self.all_findings
        return {
            "files": len(self.files),
            "read": status["read"],
            "rejected": status["rejected"],
            "superseded": status["superseded"],
            "forms": sum(f.record_count for f in self.files if f.status == "read"),
            "monitoring_forms": self.forms_by_stage.get("monitoring", 0),
            "self_evaluation_forms": self.forms_by_stage.get("self_evaluation", 0),
            "target_forms": self.forms_by_stage.get("target", 0),
            "files_with_errors": sum(1 for f in self.files if f.status != "superseded" and f.errors),
            "errors": sum(1 for f in every if f.severity == "error"),
            "warnings": sum(1 for f in every if f.severity == "warning"),
        }

    @property
    def exit_code(self) -> int:
        """0 no errors (warnings allowed), 1 any error or rejected file (DESIGN §6)."""
        summary = self.summary
        return 1 if summary["errors"] or summary["rejected"] else 0

    def to_json(self) -> dict[str, Any]:
        return {**self.json_frame(), "files": [f.to_json() for f in self.files]}

    def json_frame(self) -> dict[str, Any]:
        """to_json() with "files" left empty: a city's report is written file by file (`files_json`)."""
        return {
            "period": self.period.code if self.period else None,
            "roster": self.roster,
            "summary": self.summary,
            "files": [],
            "findings": [f.to_json() for f in self.findings],
        }

    def files_json(self) -> Iterator[dict[str, Any]]:
        """The "files" of to_json(), one at a time."""
        return (f.to_json() for f in self.files)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ValidationReport:
        """A report as `validate --json` wrote it (its 报送情况 is recomputed by whoever needs it)."""
        return cls(
            period=Period.parse(data["period"]) if data.get("period") else None,
            files=[FileResult.from_json(f) for f in data.get("files") or []],
            findings=[Finding.from_json(f) for f in data.get("findings") or []],
            roster=data.get("roster"),
        )

    # --- pandas views -----------------------------------------------------------------------------
    def findings_frame(self) -> pandas.DataFrame:
        """One row per finding: file, unit, status, severity, code, category (the 绩效目标 review's 完整性 …, else
        None), sheet, cell, field, message, suggestion."""
        import pandas as pd

        rows = [_finding_row(f, result) for result in self.files for f in result.findings]
        rows += [_finding_row(f, None) for f in self.findings]
        return pd.DataFrame(rows, columns=list(_FINDING_COLUMNS))

    def records_frame(self) -> pandas.DataFrame:
        """One row per form read (superseded files left out): its file, unit, sheet, form, period and
        fields. Money fields hold Decimal values."""
        import pandas as pd

        rows = []
        for result in self.files:
            if result.status != "read":
                continue
            for record in result.records:
                rows.append(
                    {
                        "file": result.path,
                        "unit_code": result.code,
                        "unit": result.name,
                        "sheet": record.sheet,
                        "form": record.form,
                        "period": record.period.code if record.period else None,
                        "project_code": result.project_of(record),
                        **record.fields,
                    }
                )
        return pd.DataFrame(rows)

    def indicators_frame(self) -> pandas.DataFrame:
        """One row per indicator (附表1/附表3) or monitoring row (附表2) of every form read: unit, project,
        level1–level3, target, actual and likelihood (附表2 rows: its 监控内容 as level2, 监控指标 as level3)."""
        import pandas as pd

        rows = []
        for result in self.files:
            if result.status != "read":
                continue
            for record in result.records:
                project = record.fields.get("project_name") or record.fields.get("department_name")
                for row in record.table:
                    values = row.values
                    rows.append(
                        {
                            "file": result.path,
                            "unit_code": result.code,
                            "unit": result.name,
                            "form": record.form,
                            "sheet": record.sheet,
                            "project_code": result.project_of(record),
                            "project": project,
                            "level1": values.get("level1"),
                            "level2": values.get("level2", values.get("category")),
                            "level3": values.get("level3", values.get("indicator")),
                            "target": values.get("target"),
                            "actual": values.get("actual"),
                            "likelihood": values.get("likelihood"),
                        }
                    )
        return pd.DataFrame(rows, columns=list(_INDICATOR_COLUMNS))


_FINDING_COLUMNS = (
    "file",
    "unit_code",
    "unit",
    "status",
    "severity",
    "code",
    "category",
    "sheet",
    "cell",
    "field",
    "message",
    "suggestion",
)
_INDICATOR_COLUMNS = (
    "file",
    "unit_code",
    "unit",
    "form",
    "sheet",
    "project_code",
    "project",
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "likelihood",
)


def _finding_row(f: Finding, result: FileResult | None) -> dict[str, Any]:
    return {
        "file": f.file or (result.path if result else None),
        "unit_code": result.code if result else None,
        "unit": result.name if result else None,
        "status": result.status if result else None,
        "severity": f.severity,
        "code": f.code,
        "category": f.category,
        "sheet": f.sheet,
        "cell": f.cell,
        "field": f.field,
        "message": f.message,
        "suggestion": f.suggestion,
    }
