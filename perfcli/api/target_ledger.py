"""`perfcli ledger targets`: every project's 绩效目标 versions as the ledger keeps them — status, the review
steps taken — and, for each version after the first (a 调整, or a form corrected after 退回), what changed
against the version before it: indicator by indicator, and the money."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import workspace_ledger
from perfcli.api.target_review import target_year
from perfcli.ledger.targets import target_versions, target_years
from perfcli.model.target_diff import FundChange, IndicatorChange, fund_changes, indicator_changes
from perfcli.model.targets import TargetVersion

__all__ = ["TargetHistory", "TargetProject", "target_history"]


@dataclass
class VersionChanges:
    """What a version changed against the one before it (`against`)."""

    against: int
    indicators: list[IndicatorChange]
    funds: list[FundChange]

    def to_json(self) -> dict[str, Any]:
        return {
            "against": self.against,
            "indicators": [c.to_json() for c in self.indicators],
            "funds": [c.to_json() for c in self.funds],
        }


@dataclass
class TargetProject:
    """One project of one year: its versions, oldest first, each with its changes against the previous."""

    year: int
    project_key: str
    versions: list[TargetVersion]
    changes: dict[int, VersionChanges] = field(default_factory=dict)  # version -> changes

    @property
    def project_name(self) -> str:
        return self.versions[-1].declaration.project_name

    def to_json(self) -> dict[str, Any]:
        latest = self.versions[-1]
        return {
            "year": self.year,
            "project_key": self.project_key,
            "project_name": self.project_name,
            "department_code": latest.department_code,
            "unit_code": latest.unit_code,
            "status": latest.status,
            "versions": [self._version(v) for v in self.versions],
        }

    def _version(self, version: TargetVersion) -> dict[str, Any]:
        changes = self.changes.get(version.version)
        return {
            "version": version.version,
            "status": version.status,
            "file": version.file,
            "sha256": version.sha256,
            "received": version.received,
            "adjustment": version.adjustment,
            "adjustment_note": version.declaration.adjustment_note,
            "errors": sum(1 for f in version.findings if f.severity == "error"),
            "warnings": sum(1 for f in version.findings if f.severity == "warning"),
            "decisions": [dict(d.__dict__) for d in version.decisions],
            "changes": changes.to_json() if changes else None,
        }


@dataclass
class TargetHistory:
    projects: list[TargetProject]

    def to_json(self) -> list[dict[str, Any]]:
        return [p.to_json() for p in self.projects]


def target_history(period: str | int | None = None, *, config: ConfigArg = None) -> TargetHistory:
    """Every project's versions of the year (of every year recorded, without `period`), in the ledger's
    order (department, unit, project), each version after the first with its changes."""
    with workspace_ledger(config_of(config)) as ledger:
        years = [target_year(period)] if period is not None else target_years(ledger)
        versions = [v for year in years for v in target_versions(ledger, year, history=True)]
    projects: dict[tuple[int, str], TargetProject] = {}
    for version in versions:
        key = (version.year, version.project_key)
        project = projects.setdefault(key, TargetProject(version.year, version.project_key, []))
        if project.versions:
            before = project.versions[-1]
            project.changes[version.version] = VersionChanges(
                before.version,
                indicator_changes(before.declaration, version.declaration),
                fund_changes(before.declaration, version.declaration),
            )
        project.versions.append(version)
    return TargetHistory(list(projects.values()))
