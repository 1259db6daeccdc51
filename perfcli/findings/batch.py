"""Validate a batch of returned workbooks: read each (in worker processes) and check its forms, then
settle the batch — whose each file is, tampering, lateness, which version counts, what is missing.

Every input file ends up accounted for: read, rejected (with why) or superseded (by which newer file).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from perfcli.findings import batch_rules as B
from perfcli.findings.matching import match_file
from perfcli.findings.reading import FileRead, Progress, ReadCache, read_all
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import missing_form_findings, not_reported_findings, reporting_table
from perfcli.findings.timeliness import late_finding
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.period import Period
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster
from perfcli.model.values import name_key
from perfcli.returns.discover import discover


# --- the batch -----------------------------------------------------------------------------------------
def validate_paths(
    paths: Iterable[Path],
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    cache: ReadCache | None = None,
    arrivals: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Validate every workbook under `paths` (see the module docstring); with a `cache`, files read
    before with the same content are not read again (perfcli.findings.reading). `arrivals` (sha256 →
    YYYY-MM-DD) are the dates files came by mail: their 报送日期 (the ledger's mails received)."""
    files = discover(paths)
    reads = read_all(files, config, period, jobs, progress, cache)
    return assemble_report(reads, config, period=period, roster=roster, arrivals=arrivals)


def assemble_report(
    reads: Iterable[FileRead],
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
    arrivals: Mapping[str, str] | None = None,
) -> ValidationReport:
    """The batch-level half of validation, over what the workers read.

    Each file is checked as it arrives and then kept packed; only which version of a form counts and
    what is missing from the roster wait for the whole batch. The checks of a file that turns out to be
    superseded are dropped with it.
    """
    entries: list[_Entry] = []
    periods: Counter[Period] = Counter()
    for read in reads:
        periods.update(rec.period for rec in read.records if rec.period is not None)
        entries.append(_Entry(read, config, period, roster, arrivals or {}))
    batch_period = period or (periods.most_common(1)[0][0] if periods else None)
    _settle_versions(entries)
    for entry in entries:
        entry.finish()
    results = [e.result for e in entries]
    # 报送情况 (V206, V207) is about the quarter's forms: the year-end 自评表 are counted by aggregate
    # self-evaluation, the 绩效目标申报表 by the ledger's versions (review targets), and a batch of nothing but
    # those owes no 附表
    stages = forms_of(config).stages
    by_stage = Counter(
        stages.get(form, "monitoring") for r in results if r.status == "read" for form in r.forms
    )
    monitoring = [r for r in results if not r.forms or any(stages.get(f) == "monitoring" for f in r.forms)]
    reporting = roster is not None and (bool(monitoring) or len(monitoring) == len(results))
    if reporting:
        by_path = {r.path: r for r in results}
        draft = reporting_table(monitoring, roster, batch_period, config)
        for path, missing in missing_form_findings(draft, forms_of(config)).items():
            by_path[path].findings = _dedupe([*by_path[path].findings, *missing])
    table = reporting_table(monitoring, roster, batch_period, config)
    return ValidationReport(
        batch_period,
        results,
        not_reported_findings(table) if reporting else [],
        roster.source if roster is not None else None,
        table,
        forms_by_stage=dict(by_stage),
    )


def _aware(moment: datetime) -> datetime:
    """Times without a zone are UTC (dcterms:modified is UTC by definition)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Entry:
    """One file while the batch is being settled: checked as it arrives, then kept packed."""

    def __init__(
        self,
        read: FileRead,
        config: Config,
        period: Period | None,
        roster: Roster | None,
        arrivals: Mapping[str, str],
    ) -> None:
        self.read = read
        self.result = FileResult(
            path=read.path, status="rejected" if read.rejected else "read", reason=read.rejected
        )
        extra: list[Finding] = []
        if read.rejected:
            self.result.findings = list(read.findings)
            if not any(f.severity == "error" for f in read.findings):
                self.result.findings.append(B.UNREADABLE.finding(file=read.path, reason=read.rejected))
        elif not read.records:
            extra.append(B.NO_FORM.finding(file=read.path))
        self.forms = forms_of(config)
        self.result.workbook_kind = _workbook_kind(read, self.forms)
        self.result.sha256, self.result.size = read.sha256, read.size
        self.result.saved_at = _aware(read.saved_at).isoformat() if read.saved_at else None
        saved, self.basis = (
            (read.saved_at, "工作簿保存时间") if read.saved_at else (read.mtime, "文件修改时间")
        )
        self.received: date = _aware(saved).astimezone(config.zone).date()
        mailed = arrivals.get(read.sha256 or "")
        if mailed:  # came by mail: the mail's date is the 报送日期, whatever the workbook or file says
            self.received, self.basis = date.fromisoformat(mailed), "邮件日期"
        self.result.received = self.received.isoformat()
        extra += self._identify(roster)
        if self.result.status == "read":
            extra += read.tamper_findings
            extra += self._timeliness(config, period)
        self.key = self._version_key()
        self.own_findings: list[Finding] = []  # the file's findings so far, once its records are packed
        if self.result.status == "read":
            issues = (i for r in read.records for i in r.issues)
            self.own_findings = _dedupe([*read.findings, *issues, *read.rule_findings, *extra])
        self.newest = (_aware(read.saved_at or read.mtime), _aware(read.mtime), read.path)
        self.result.set_records(read.records, read.packed)
        self.read = None  # type: ignore[assignment]  # let the records and identity go

    def _identify(self, roster: Roster | None) -> list[Finding]:
        read, result = self.read, self.result
        found = match_file(result, read.records, roster, self.forms, read.identity)
        result.code, result.name, result.department_code = found.code, found.name, found.department_code
        result.project_codes = found.project_codes
        return found.findings

    def _timeliness(self, config: Config, period: Period | None) -> list[Finding]:
        record = next((r for r in self.read.records if (period or r.period) is not None), None)
        if record is None:
            return []
        late = late_finding(record, config, period or record.period, self.received, self.basis)  # type: ignore[arg-type]
        return [late] if late is not None else []

    def _version_key(self) -> tuple | None:
        """Which returns are versions of the same form."""
        records, result = self.read.records, self.result
        if result.status != "read" or not records:
            return None
        periods = sorted({r.period.code for r in records if r.period} or {""})
        owner = result.code or name_key(result.name)
        if not owner:
            return None
        if self.read.identity is not None and result.code:
            return (result.workbook_kind, owner, tuple(periods))
        forms = sorted((r.form, name_key(r.fields.get("project_name"))) for r in records)
        return (result.workbook_kind, owner, tuple(periods), tuple(forms))

    def finish(self) -> None:
        result = self.result
        if result.status == "read":
            result.findings = self.own_findings
        elif result.status == "superseded":
            result.findings = []


def _workbook_kind(read: FileRead, forms: FormRegistry) -> str | None:
    if read.identity and read.identity.workbook in ("unit", "department"):
        return read.identity.workbook
    kinds = {r.form for r in read.records}
    return "unit" if kinds & forms.project_forms else "department" if kinds else None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.severity, f.code, f.message, f.sheet, f.cell, f.field)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _settle_versions(entries: list[_Entry]) -> None:
    """Several versions of the same form: the newest (saved time, then mtime) counts."""
    groups: dict[tuple, list[_Entry]] = {}
    for entry in entries:
        if entry.key is not None:
            groups.setdefault(entry.key, []).append(entry)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda e: e.newest)
        newest = group[-1]
        for old in group[:-1]:
            old.result.status = "superseded"
            old.result.superseded_by = newest.result.path
            old.result.reason = (
                f"已被同一单位同一期间的较新版本“{Path(newest.result.path).name}”取代，本文件不再计入"
            )
