"""What validate records of the 绩效目标申报表 it read: each becomes a version of its project's targets in the
ledger (perfcli.ledger.targets), with the findings validate reported on it and, for a 调整 without its
调整说明, a T101 error (added to its file's findings too, so that validate says so and exits 1)."""

from __future__ import annotations

from perfcli.findings.report import ValidationReport
from perfcli.findings.target_versions import adjustment_finding, declared_targets
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.targets import adjustment_of, record_versions_in
from perfcli.model.config import Config
from perfcli.model.roster import Roster
from perfcli.model.targets import TargetVersion


def record_declared_targets(
    db: Database, root: WorkspaceRoot, report: ValidationReport, config: Config, roster: Roster | None
) -> list[TargetVersion]:
    """Inside the caller's transaction, before the returns and their findings are recorded: the versions
    of the batch's 申报表, as the ledger keeps them."""
    versions = []
    for declared in declared_targets(report.files, config, roster, report.period):
        version = declared.version
        version.file = root.store(version.file)
        version.adjustment, approved = adjustment_of(db, version.year, version.project_key, version.sha256)
        found = adjustment_finding(version, approved or 0)
        if found is not None:
            version.findings.append(found)
            declared.file.findings.append(found)
        versions.append(version)
    return record_versions_in(db, versions)
