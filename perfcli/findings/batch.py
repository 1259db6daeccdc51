"""Validate a batch of returned workbooks: discover, read (in worker processes), apply the rules, match
the roster, detect tampering, settle superseded versions, check timeliness, and summarise.

Every input file ends up accounted for: read, rejected (with why) or superseded (by which newer file).
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.findings import rules
from perfcli.forms.spec import load_spec, normalize_label
from perfcli.model.config import Config
from perfcli.model.identity import Identity, SheetIdentity, canonical
from perfcli.model.period import Period
from perfcli.model.records import FileResult, Finding, FormRecord, pack_records, unpack_records
from perfcli.model.roster import Project, Roster

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FORM_CODES = {"project": "附表1", "department": "附表2", "key_project": "附表3"}

Progress = Callable[[int, int, str], None]  # (done, total, path)


# --- discovery ------------------------------------------------------------------------------------
def _is_temp(name: str) -> bool:
    return name.startswith(("~$", ".~", "."))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Workbook files under `paths` (folders recursively), sorted, without Office/WPS lock and temp files."""
    found: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.lower().endswith(WORKBOOK_SUFFIXES) and not _is_temp(name):
                        candidate = Path(root) / name
                        found[str(candidate)] = candidate
        elif path.is_file():
            found[str(path)] = path  # named explicitly: read whatever it is, even a mislabelled file
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
    return [found[k] for k in sorted(found)]


# --- reading (worker processes) -----------------------------------------------------------------------
@dataclass
class _Read:
    """What a worker sends back for one file (picklable)."""

    path: str
    records: list[FormRecord]
    identity: Identity | None
    findings: list[Finding]  # the reader's file-level findings
    rejected: str | None
    saved_at: datetime | None
    mtime: datetime
    file_format: str | None
    rule_findings: list[Finding] = field(default_factory=list)  # validate_record on each record
    packed: bytes | None = None  # the records packed by a worker (cheaper to send; kept as they are)

    def unpack(self) -> None:
        if self.packed is not None and not self.records:
            self.records = unpack_records(self.packed)


def _identity(value: Any) -> Identity | None:
    if value is None or isinstance(value, Identity):
        return value
    if isinstance(value, str):
        return Identity.from_json(value)
    if isinstance(value, dict):
        raw = dict(value)
        raw["sheets"] = [
            s if isinstance(s, SheetIdentity) else SheetIdentity(**s) for s in raw.get("sheets", [])
        ]
        return Identity(**raw)
    return None


def read_and_check(path: str, config: Config, period: Period | None) -> _Read:
    """Read one workbook and apply the record rules (top-level, so a process pool can run it)."""
    from perfcli.returns.read import read_workbook

    mtime = datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
    content = read_workbook(Path(path), config)
    result = _Read(
        path=path,
        records=list(content.records),
        identity=_identity(getattr(content, "identity", None)),
        findings=list(content.findings),
        rejected=content.rejected,
        saved_at=content.saved_at,
        mtime=mtime,
        file_format=getattr(content, "file_format", None),
    )
    if not result.rejected:
        for record in result.records:
            result.rule_findings.extend(rules.validate_record(record, config, period=period))
    return result


def read_and_pack(path: str, config: Config, period: Period | None) -> _Read:
    """read_and_check in a worker process: the records travel back packed."""
    result = read_and_check(path, config, period)
    result.packed, result.records = pack_records(result.records), []
    return result


def _read_all(
    paths: list[Path], config: Config, period: Period | None, jobs: int, progress: Progress | None
) -> Iterator[_Read]:
    """Each file's reading, in path order, as soon as it is there (the batch is never held unpacked)."""
    names = [str(p) for p in paths]
    if jobs <= 1 or len(names) <= 1:
        results: Iterable[_Read] = (read_and_check(n, config, period) for n in names)
        executor = None
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fresh workers (as on Windows and macOS): forked ones would carry a copy of the roster and
        # everything else the parent holds, counted again in every worker (DESIGN §7, memory)
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
        chunk = max(1, min(16, len(names) // (jobs * 4)))
        results = executor.map(
            read_and_pack, names, [config] * len(names), [period] * len(names), chunksize=chunk
        )
    try:
        for done, result in enumerate(results, 1):
            if progress:
                progress(done, len(names), result.path)
            result.unpack()
            yield result
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)


# --- the report ----------------------------------------------------------------------------------------
@dataclass
class ValidationReport:
    period: Period | None
    files: list[FileResult]
    findings: list[Finding] = field(default_factory=list)  # roster-level: who has not reported
    roster: str | None = None

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


def validate_paths(
    paths: Iterable[Path],
    config: Config,
    *,
    period: Period | None = None,
    roster: Roster | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate every workbook under `paths` (see the module docstring)."""
    files = discover(paths)
    reads = _read_all(files, config, period, jobs, progress)
    return assemble_report(reads, config, period=period, roster=roster)


def assemble_report(
    reads: Iterable[_Read], config: Config, *, period: Period | None = None, roster: Roster | None = None
) -> ValidationReport:
    """The batch-level half of validation, over what the workers read.

    Each file is checked as it arrives and then kept packed; only which version of a form counts and
    what is missing from the roster wait for the whole batch. The checks of a file that turns out to be
    superseded are dropped with it.
    """
    zone = _local_zone(config)
    entries: list[_Entry] = []
    periods: Counter[Period] = Counter()
    for read in reads:
        entry = _Entry(read, zone)
        periods.update(rec.period for rec in read.records if rec.period is not None)
        entry.identify(roster)
        if entry.result.status == "read":
            entry.check_tampering()
            entry.check_timeliness(config, period)
            if roster is not None:
                entry.check_projects(roster)
        entry.pack()
        entries.append(entry)
    batch_period = period or (periods.most_common(1)[0][0] if periods else None)
    _settle_versions(entries)
    current = [e for e in entries if e.result.status == "read"]
    report_findings: list[Finding] = []
    if roster is not None:
        _check_missing_forms(current, roster)
        report_findings = _not_reported(current, roster, batch_period)
    for entry in entries:
        entry.finish()
    return ValidationReport(
        batch_period,
        [e.result for e in entries],
        report_findings,
        roster.source if roster is not None else None,
    )


def _local_zone(config: Config) -> tzinfo:
    """The bureau's time zone (periods.timezone), for turning saved times into report dates."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = config.section("periods").get("timezone") or "Asia/Shanghai"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"配置项 periods.timezone 的时区“{name}”无法识别，请写成如 Asia/Shanghai") from exc


def _aware(moment: datetime) -> datetime:
    """Times without a zone are UTC (dcterms:modified is UTC by definition)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _key(text: Any) -> str:
    """Names compared loosely: no spaces/colons, no （盖章）."""
    return re.sub(r"[（(]\s*(盖章|章|公章)\s*[)）]", "", normalize_label(str(text or "")))


class _Entry:
    """One file while the batch is being settled."""

    def __init__(self, read: _Read, zone: tzinfo) -> None:
        self.read = read
        self.result = FileResult(
            path=read.path, status="rejected" if read.rejected else "read", reason=read.rejected
        )
        self.extra: list[Finding] = []
        self.matched_projects: set[str] = set()
        self.has_department_form = False
        if read.rejected:
            self.result.findings = list(read.findings)
            if not any(f.severity == "error" for f in read.findings):
                self.result.findings.append(rules.UNREADABLE.finding(file=read.path, reason=read.rejected))
        elif not read.records:
            self.extra.append(rules.NO_FORM.finding(file=read.path))
        forms = {r.form for r in read.records}
        self.result.workbook_kind = (
            read.identity.workbook
            if read.identity and read.identity.workbook in ("unit", "department")
            else "unit"
            if "project" in forms
            else "department"
            if forms
            else None
        )
        received, self.basis = (
            (read.saved_at, "工作簿保存时间") if read.saved_at else (read.mtime, "文件修改时间")
        )
        self.received: date = _aware(received).astimezone(zone).date()
        self.result.received = self.received.isoformat()
        self.key: tuple | None = None  # version_key(), kept when the records are packed
        self.own_findings: list[Finding] = []  # the file's findings so far, once its records are packed

    def pack(self) -> None:
        """Done with this file's own checks: keep its records packed, and what the batch still needs."""
        read = self.read
        self.key = self.version_key()
        if self.result.status == "read":
            issues = (i for r in read.records for i in r.issues)
            self.own_findings = _dedupe([*read.findings, *issues, *read.rule_findings, *self.extra])
            self.extra, read.findings, read.rule_findings = [], [], []
        self.result.set_records(read.records, read.packed)
        read.records, read.packed, read.identity = [], None, None

    @property
    def newest(self) -> tuple[datetime, datetime, str]:
        saved = self.read.saved_at or self.read.mtime
        return (_aware(saved), _aware(self.read.mtime), self.read.path)

    # identification ----------------------------------------------------------------------------
    def identify(self, roster: Roster | None) -> None:
        identity, records, result = self.read.identity, self.read.records, self.result
        if identity is not None and identity.code:
            result.code, result.name = identity.code, identity.name
        else:
            names: list[Any] = [r.unit for r in records if r.form == "project" and r.unit]
            names += [r.fields.get("department_name") for r in records if r.form == "department"]
            names += [r.fields.get("department") for r in records if r.form == "key_project"]
            names = [n for n in names if not rules._is_blank(n)]
            result.name = str(names[0]).strip() if names else None
        if roster is None or result.status != "read" or not records:
            return
        if result.workbook_kind == "unit":
            self._match_unit(roster)
        else:
            self._match_department(roster)

    def _match_unit(self, roster: Roster) -> None:
        result, records = self.result, self.read.records
        if self.read.identity is not None and self.read.identity.code:
            unit = next((u for u in roster.units if u.code == result.code), None)
            if unit is not None:
                result.name = unit.name
                return
            self._unknown("单位", f"{result.name}（编码 {result.code}）", "unit")
            result.code = None
            return
        by_name = {_key(u.name): u for u in roster.units}
        unit = next((by_name[_key(r.unit)] for r in records if r.unit and _key(r.unit) in by_name), None)
        if unit is None:  # else by its projects' names
            owners = Counter(
                p.unit_code
                for r in records
                if r.form == "project"
                for p in roster.projects
                if _key(p.name) == _key(r.fields.get("project_name"))
            )
            if owners:
                unit = roster.unit(owners.most_common(1)[0][0])
        if unit is None:
            self._unknown("单位", result.name or "（未填编报单位）", "unit")
            return
        result.code, result.name = unit.code, unit.name

    def _match_department(self, roster: Roster) -> None:
        result, records = self.result, self.read.records
        if self.read.identity is not None and self.read.identity.code:
            known = next((d for d in roster.departments if d.code == result.code), None)
            if known is not None:
                result.name = known.name
                return
            self._unknown("部门", f"{result.name}（编码 {result.code}）", "department_name")
            result.code = None
            return
        by_name = {_key(d.name): d for d in roster.departments}
        dept = by_name.get(_key(result.name)) if result.name else None
        if dept is None:  # else by its key projects' names
            owners = Counter(
                roster.unit(p.unit_code).department_code
                for r in records
                if r.form == "key_project"
                for p in roster.projects
                if _key(p.name) == _key(r.fields.get("project_name"))
            )
            if owners:
                dept = roster.department(owners.most_common(1)[0][0])
        if dept is None:
            self._unknown("部门", result.name or "（未填部门名称）", "department_name")
            return
        result.code, result.name = dept.code, dept.name

    def _unknown(self, what: str, name: str, field_key: str) -> None:
        record = self.read.records[0]
        self.extra.append(
            rules.UNKNOWN_UNIT.finding(
                file=record.file,
                sheet=record.sheet,
                cell=record.cells.get(field_key),
                field=field_key,
                what=what,
                name=name,
            )
        )

    # versions ------------------------------------------------------------------------------------------
    def version_key(self) -> tuple | None:
        """Which returns are versions of the same form (needs the records: see `key` once packed)."""
        if self.result.status != "read" or not self.read.records:
            return None
        periods = sorted({r.period.code for r in self.read.records if r.period} or {""})
        owner = self.result.code or _key(self.result.name)
        if not owner:
            return None
        if self.read.identity is not None and self.result.code:
            return (self.result.workbook_kind, owner, tuple(periods))
        forms = sorted((r.form, _key(r.fields.get("project_name"))) for r in self.read.records)
        return (self.result.workbook_kind, owner, tuple(periods), tuple(forms))

    # checks on a current file -----------------------------------------------------------------------
    def check_tampering(self) -> None:
        identity = self.read.identity
        if identity is None:
            return
        by_sheet = {s.sheet: s for s in identity.sheets}
        by_form: dict[str, list[SheetIdentity]] = defaultdict(list)
        for s in identity.sheets:
            by_form[s.form].append(s)
        seen: Counter[str] = Counter()
        for record in self.read.records:
            sheet_id = by_sheet.get(record.sheet)
            if (
                sheet_id is None or sheet_id.form != record.form
            ):  # a renamed sheet: by position among its form
                candidates = by_form.get(record.form, [])
                sheet_id = candidates[seen[record.form]] if seen[record.form] < len(candidates) else None
            seen[record.form] += 1
            if sheet_id is not None:
                self.extra.extend(_tampering(record, sheet_id))

    def check_timeliness(self, config: Config, period: Period | None) -> None:
        record = next((r for r in self.read.records if (period or r.period) is not None), None)
        if record is None:
            return
        late = rules.check_timeliness(record, config, period or record.period, self.received, self.basis)  # type: ignore[arg-type]
        if late is not None:
            self.extra.append(late)

    def check_projects(self, roster: Roster) -> None:
        code = self.result.code
        if code is None:
            return
        sheet_ids = {s.sheet: s for s in self.read.identity.sheets} if self.read.identity else {}
        if self.result.workbook_kind == "unit":
            known, owner = roster.projects_of(code), f"单位“{self.result.name}”"
        else:
            known, owner = roster.key_projects_of(code), f"部门“{self.result.name}”的重点项目中"
        wanted_form = "project" if self.result.workbook_kind == "unit" else "key_project"
        for record in self.read.records:
            if record.form == "department":
                self.has_department_form = True
            if record.form != wanted_form:
                continue
            project = _find_project(record, known, sheet_ids.get(record.sheet))
            if project is None:
                name = record.fields.get("project_name") or "（未填项目名称）"
                self.extra.append(
                    rules.UNKNOWN_PROJECT.finding(
                        file=record.file,
                        sheet=record.sheet,
                        cell=record.cells.get("project_name"),
                        field="project_name",
                        owner=owner,
                        name=name,
                    )
                )
            else:
                self.matched_projects.add(project.code)

    def finish(self) -> None:
        result = self.result
        if result.status == "read":
            result.findings = _dedupe([*self.own_findings, *self.extra])
        elif result.status == "superseded":
            result.findings = []


def _find_project(record: FormRecord, known: list[Project], sheet_id: SheetIdentity | None) -> Project | None:
    if sheet_id is not None and sheet_id.project_code:
        match = next((p for p in known if p.code == sheet_id.project_code), None)
        if match is not None:
            return match
    name = _key(record.fields.get("project_name"))
    return next((p for p in known if _key(p.name) == name), None) if name else None


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
    groups: dict[tuple, list[_Entry]] = defaultdict(list)
    for entry in entries:
        key = entry.key
        if key is not None:
            groups[key].append(entry)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda e: e.newest)
        newest = group[-1]
        for old in group[:-1]:
            old.result.status = "superseded"
            old.result.superseded_by = newest.read.path
            old.result.reason = (
                f"已被同一单位同一期间的较新版本“{Path(newest.read.path).name}”取代，本文件不再计入"
            )


# --- tampering ----------------------------------------------------------------------------------------
_TABLE_KEY = re.compile(r"^(indicators|rows)\[(\d+)\]\.(\w+)$")


def _label_of(record: FormRecord, key: str) -> str:
    spec = load_spec(record.form)  # type: ignore[arg-type]
    if key.startswith("funding."):
        _, source, column = key.split(".")
        label = next((s.label for s in spec.funding if s.key == source), source)
        return f"“{label.removeprefix('其中：')}（{'预算数' if column == 'budget' else '执行数'}）”"
    try:
        return f"“{spec.field(key).label}”"
    except KeyError:
        return f"“{key}”"


def _record_value(record: FormRecord, key: str) -> tuple[Any, str | None]:
    if key.startswith("funding."):
        _, source, column = key.split(".")
        return record.funding.get(source, {}).get(column), record.cells.get(key)
    if key == "unit":
        return record.unit, record.cells.get(key)
    return record.fields.get(key), record.cells.get(key)


def _tampering(record: FormRecord, sheet_id: SheetIdentity) -> list[Finding]:
    out: list[Finding] = []

    def changed(label: str, old: str, new: str, cell: str | None, key: str) -> None:
        out.append(
            rules.PREFILLED_CHANGED.finding(
                file=record.file,
                sheet=record.sheet,
                cell=cell,
                field=key,
                label=label,
                old=old,
                new=new or "（空）",
            )
        )

    def same(new: Any, old: Any) -> bool:
        # equal text needs no canonical form: the common case, nothing was changed
        return (new.__class__ is str and new == old) or canonical(new) == canonical(old)

    rows: dict[int, dict[str, str]] = defaultdict(dict)
    for key, old in sheet_id.prefilled.items():
        m = _TABLE_KEY.match(key)
        if m:
            rows[int(m[2])][m[3]] = old
            continue
        value, cell = _record_value(record, key)
        if not same(value, old):
            changed(_label_of(record, key), old, canonical(value), cell, key)
    # indicator rows: matched in order, so rows the unit inserted do not shift the comparison
    spec = load_spec(record.form)  # type: ignore[arg-type]
    table, pointer = record.table, 0
    for index in sorted(rows):
        expected = rows[index]
        found = next(
            (
                k
                for k in range(pointer, len(table))
                if all(same(table[k].get(c), v) for c, v in expected.items())
            ),
            None,
        )
        if found is not None:
            pointer = found + 1
            continue
        if pointer >= len(table):
            changed(
                f"指标行（{'/'.join(expected.values())}）",
                "/".join(expected.values()),
                "（已删除）",
                None,
                f"{record.table_key}[{index}]",
            )
            continue
        row = table[pointer]
        for column, old in expected.items():
            new = canonical(row.get(column))
            if new != canonical(old):
                label = f"第 {pointer + 1} 个指标行的“{spec.table.column(column).label}”"
                changed(label, old, new, row.cells.get(column), f"{record.table_key}[{pointer}].{column}")
        pointer += 1
    return out


# --- roster completeness -------------------------------------------------------------------------------
def _check_missing_forms(current: list[_Entry], roster: Roster) -> None:
    by_code: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for entry in current:
        if entry.result.code:
            by_code[(entry.result.workbook_kind or "", entry.result.code)].append(entry)
    for (kind, code), group in by_code.items():
        first = group[0]
        matched = set().union(*(e.matched_projects for e in group))
        if kind == "unit":
            owner, form, expected = f"单位“{first.result.name}”", "附表1", roster.projects_of(code)
        else:
            owner, form, expected = f"部门“{first.result.name}”", "附表3", roster.key_projects_of(code)
            if not any(e.has_department_form for e in group):
                first.extra.append(
                    rules.MISSING_FORM.finding(
                        file=first.read.path, owner=owner, form="附表2", name="部门整体预算绩效运行监控表"
                    )
                )
        for project in expected:
            if project.code not in matched:
                first.extra.append(
                    rules.MISSING_FORM.finding(
                        file=first.read.path,
                        field=f"project:{project.code}",
                        owner=owner,
                        form=form,
                        name=project.name,
                    )
                )


def _not_reported(current: list[_Entry], roster: Roster, period: Period | None) -> list[Finding]:
    reported = {(e.result.workbook_kind, e.result.code) for e in current if e.result.code}
    out = []
    for unit in roster.units:
        if roster.projects_of(unit.code) and ("unit", unit.code) not in reported:
            out.append(rules.NOT_REPORTED.finding(what="单位", name=unit.name, code=unit.code, forms="附表1"))
    for dept in roster.departments:
        if ("department", dept.code) not in reported:
            out.append(
                rules.NOT_REPORTED.finding(what="部门", name=dept.name, code=dept.code, forms="附表2、附表3")
            )
    return out
