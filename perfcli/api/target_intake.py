"""What validate records of the 绩效目标申报表 it read: each becomes a version of its project's targets in the
ledger (perfcli.ledger.targets), with the findings validate reported on it, those of its 年度 targets below its
project's actuals of the year before as the ledger holds them (T024), and, for a 调整 without its 调整说明, a
T101 error (each added to its file's findings too, so that validate says so)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfcli.findings.report import ValidationReport
from perfcli.findings.target_versions import adjustment_finding, declared_targets
from perfcli.findings.targets import last_year_findings
from perfcli.ledger.connection import Database
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.store import Ledger
from perfcli.ledger.targets import adjustment_of, record_versions_in
from perfcli.model.config import Config
from perfcli.model.roster import Roster

if TYPE_CHECKING:
    from perfcli.api.last_year_actuals import LastYearActuals


def declare_targets(ledger: Ledger, report: ValidationReport, config: Config, roster: Roster | None) -> None:
    """Before the write transaction, the findings the batch's 申报表 get as versions, given to their files: a
    project the roster does not know (T102), 年度 targets below the project's actuals of the year before
    (T024: last year's returns are read, through the read cache, to know them). Nothing is kept: the versions
    are made again, one at a time, when they are recorded."""
    from perfcli.api.last_year_actuals import index_in  # it reads returns as api.ledger, which imports this

    last_years: dict[int, LastYearActuals] = {}
    for item in declared_targets(report.files, config, roster, report.period):
        version = item.version
        if version.year not in last_years:
            last_years[version.year] = index_in(ledger, config, version.year)
        actuals = last_years[version.year].of(version.project_key, version.declaration.project_name)
        below = last_year_findings(version.declaration, actuals, config) if actuals else []
        item.file.findings.extend([*item.added, *below])


def record_declared_targets(
    db: Database, root: WorkspaceRoot, report: ValidationReport, config: Config, roster: Roster | None
) -> int:
    """Inside the caller's transaction, before the returns and their findings are recorded: each 申报表 of the
    batch recorded as a version of its project (with the findings declare_targets gave its file, and T101 for
    a 调整 without 调整说明), one at a time; how many."""
    count = 0
    for item in declared_targets(report.files, config, roster, report.period):
        version = item.version
        version.file = root.store(version.file)
        version.sha256 = version.declaration.content_digest()  # the project's targets, not the file's bytes
        version.adjustment, approved = adjustment_of(db, version.year, version.project_key, version.sha256)
        found = adjustment_finding(version, approved or 0)
        if found is not None:
            version.findings.append(found)
            item.file.findings.append(found)
        record_versions_in(db, [version])
        count += 1
    return count
