"""What the letters say, taken from the library's own result objects — never from their JSON.

A LetterData holds the city roll-up (departments, projects, 预警, 报送情况) and, per recipient, the
findings that call for correction from a validation report. Every number a letter prints is the
roll-up's: the letters compute no rate of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from perfcli.findings.form_rules import EXECUTION_LAG
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import ReportingRow
from perfcli.model.period import Period
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster
from perfcli.model.values import name_key
from perfcli.rollups.alerts import LAGGING, UNLIKELY
from perfcli.rollups.model import CityRollup, DepartmentRollup

KIND_NAMES = {"unit": "预算责任单位", "department": "预算部门"}


@dataclass
class Recipient:
    """Who a letter goes to: a 预算责任单位 ("unit") or a 预算部门 ("department")."""

    name: str
    kind: str = "unit"
    code: str = ""
    department: str = ""  # 主管部门 name, for units
    detail: str = ""  # e.g. 未报项目 of a partial return
    forms: list[str] = field(default_factory=list)  # codes of the forms owed, as the 报送情况 says

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code or self.name)


@dataclass
class FindingLine:
    """One problem to be corrected, with where it is and what the rules suggest doing."""

    message: str
    severity: str = "error"
    code: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    project: str = ""
    suggestion: str = ""
    identity: str = ""  # the form it is about (unit/project), as the ledger keys findings and 整改 items
    place: str = ""  # its field, else its cell

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.identity, self.code, self.place)


@dataclass
class CarriedItem:
    """A 整改 item raised by an earlier 整改通知 and still open (the ledger says so)."""

    id: str
    raised: str  # ISO date of the letter that raised it
    doc_number: str
    project: str
    message: str
    key: tuple[str, str, str]  # (form identity, rule code, field or cell): the finding it stands for


@dataclass
class WarningLine:
    """A 预警清单 line of the letters: one project, its alerts merged, with their handling."""

    department: str
    unit: str
    project: str
    execution_rate: Decimal | None
    reason: str
    handling: str
    serious: bool = False
    uncorrected: bool = False  # its form has open errors: its figures are not stated as fact
    brief: str = ""  # the reasons in a few words, for a table that has the rate in its own column


@dataclass
class ReevaluationLine:
    """A 绩效再评价 result for one project (or the department as a whole)."""

    department: str
    project: str
    score: str = ""
    grade: str = ""
    conclusion: str = ""
    requirement: str = ""  # 整改要求 / 结果应用


@dataclass
class LetterData:
    """Everything the letters need: the roll-up, the findings per recipient, the 再评价 results."""

    period: Period
    city: CityRollup
    findings: dict[tuple[str, str], tuple[Recipient, list[FindingLine]]] = field(default_factory=dict)
    reevaluations: list[ReevaluationLine] = field(default_factory=list)
    roster: Roster | None = None
    sources: list[str] = field(default_factory=list)
    # from the workspace ledger (empty outside one): 整改 items carried forward, per recipient, and the
    # previous period's items per department: (raised, resolved, 无法核实)
    carried: dict[tuple[str, str], tuple[Recipient, list[CarriedItem]]] = field(default_factory=dict)
    previous_rectification: dict[str, tuple[int, int, int]] | None = None
    notes: list[str] = field(default_factory=list)  # what reading the returns says (a damaged cache row)
    # the returns the findings come from, by file name (what an annotated copy is made from)
    returns: dict[str, FileResult] = field(default_factory=dict)

    def add_finding(self, recipient: Recipient, line: FindingLine) -> None:
        self.findings.setdefault(recipient.key, (recipient, []))[1].append(line)

    @property
    def missing(self) -> list[Recipient]:
        """Who owes something still (the 催报 list): nothing received, or some projects missing."""
        return [_recipient(row) for row in self.city.reporting.rows if row.in_roster and row.owes]

    def has_reported(self, who: Recipient) -> bool:
        """Something of `who` counts for this period (a return whose findings are listed counts too)."""
        if who.key in self.findings:
            return True
        return any(
            row.files
            for row in self.city.reporting.rows
            if row.kind == who.kind and ((row.code or row.name) == who.key[1] or row.name == who.name)
        )

    def department_row(self, department: DepartmentRollup) -> ReportingRow | None:
        """The 报送情况 of the department's own forms (附表2, 附表3), when it is known."""
        for row in self.city.reporting.rows:
            if row.kind != "department":
                continue
            if (
                (row.code == department.code)
                if department.code
                else name_key(row.name) == name_key(department.name)
            ):
                return row
        return None

    def submitted(self, department: DepartmentRollup) -> bool:
        """The department has sent its own forms (a 反馈 answers them; before that it gets a 催报通知)."""
        row = self.department_row(department)
        return row is not None and bool(row.files)

    def units(self, department: DepartmentRollup) -> list[ReportingRow]:
        """The 报送情况 of the department's units."""
        return [
            r
            for r in self.city.reporting.rows
            if r.kind == "unit" and r.department_code == department.code and department.code
        ]

    def findings_of_department(self, name: str) -> list[FindingLine]:
        """The findings of the department itself and of its units."""
        return [
            f
            for r, lines in self.findings.values()
            if (r.name if r.kind == "department" else r.department) == name
            for f in lines
        ]

    def warnings(self) -> list[WarningLine]:
        """预警清单: one line per project with alerts, serious ones first."""
        return warning_lines(self.city)


def _recipient(row: ReportingRow) -> Recipient:
    return Recipient(
        row.name, row.kind, row.code or "", row.department_name, detail=row.detail, forms=list(row.forms)
    )


def _handling_text(by_kind: dict[str, list]) -> str:
    """Each reason's own handling (the worst of its alerts), so that a deviation left unexplained is asked
    for an explanation and only a serious one reads 暂停项目实施: one reason, its handling alone; several,
    each after its reason in 【】."""
    chosen: list[tuple[str, str]] = []
    for kind, items in by_kind.items():
        ranked = sorted((a for a in items if a.handling), key=lambda a: a.level != "严重")
        if ranked:
            chosen.append((kind, ranked[0].handling))
    # a handling another reason's already states (说明原因 within 督促加快执行；说明原因) is not said twice
    texts = [text for _, text in chosen]
    chosen = [
        (kind, text)
        for i, (kind, text) in enumerate(chosen)
        if not any(text in other and (text != other or j < i) for j, other in enumerate(texts) if j != i)
    ]
    if len(chosen) == 1:
        return chosen[0][1]
    return "；".join(f"【{kind}】{text}" for kind, text in chosen)


def _brief(kind: str, items: list, rate: Decimal | None, progress: Decimal) -> str:
    """执行进度滞后 by how many points, how many indicators unlikely to be met, what is left unexplained."""
    if kind == LAGGING and rate is not None:
        return f"落后序时进度{progress - rate:.2f}个百分点"
    if kind == UNLIKELY:
        return f"{len(items)}项指标完成可能性低"
    return kind if len(items) == 1 else f"{kind}（{len(items)}项）"


def warning_lines(city: CityRollup) -> list[WarningLine]:
    """The roll-up's alerts merged per project (a project behind schedule with two unlikely indicators
    is one line with three reasons), serious ones first."""
    rates = {(p.file, p.sheet): p.execution_rate for p in city.projects}
    faulty = {(p.file, p.sheet) for p in city.projects if p.errors}
    grouped: dict[tuple[str, str, str], list] = {}
    for alert in city.alerts:
        grouped.setdefault((alert.department, alert.unit, alert.project), []).append(alert)
    lines = []
    for (department, unit, project), alerts in grouped.items():
        by_kind: dict[str, list] = {}
        for alert in alerts:
            by_kind.setdefault(alert.kind, []).append(alert)
        reasons = [
            f"{kind}：{items[0].detail}" if len(items) == 1 else f"{kind}（{len(items)}项指标）"
            for kind, items in by_kind.items()
        ]
        serious = [a for a in alerts if a.level == "严重"]
        rate = rates.get((alerts[0].file, alerts[0].sheet))
        where = (alerts[0].file, alerts[0].sheet)
        brief = "；".join(_brief(kind, items, rate, city.time_progress) for kind, items in by_kind.items())
        lines.append(
            WarningLine(
                department,
                unit,
                project,
                rate,
                "；".join(reasons),
                _handling_text(by_kind),
                bool(serious),
                where in faulty,
                brief,
            )
        )
    return sorted(lines, key=lambda w: not w.serious)


# --- the returns a letter may count ----------------------------------------------------------------------
def received_by(results: list[FileResult], day: date) -> list[FileResult]:
    """The returns as they stood on `day` (a letter's 成文日期): a file received after it is left out, and
    a file it superseded counts again. A file with no known received date is kept."""
    later = {r.path for r in results if r.received and r.received[:10] > day.isoformat()}
    if not later:
        return results
    kept = []
    for result in results:
        if result.path in later:
            continue
        if result.status == "superseded" and result.superseded_by in later:
            result.status = "read" if result.forms else "rejected"
            result.superseded_by = result.reason = None
        kept.append(result)
    return kept


# --- findings from a validation report ------------------------------------------------------------------
def add_report_findings(data: LetterData, report: ValidationReport) -> None:
    """The findings that call for correction (errors, and warnings with a handling suggestion), per
    recipient; a rejected file is one finding of its own. Superseded files get no letter."""
    departments = _unit_departments(data.roster)
    # 执行进度滞后 as the 预警清单 handles it: by the project's 项目类别 (the roster's), which a form check
    # cannot know, so a letter's row and its 预警 line say the same
    lag_handling = {
        (a.file, a.sheet): a.handling for a in data.city.alerts if a.kind == LAGGING and a.handling
    }
    for result in report.files:
        if result.status == "superseded":
            continue
        recipient = _recipient_of(result, departments)
        data.returns[Path(result.path).name] = result
        if result.status == "rejected":
            line = FindingLine(
                message=f"文件无法读取：{result.reason or '原因不明'}",
                file=Path(result.path).name,
                suggestion="请按下发的模板重新填报并报送。",
            )
            data.add_finding(recipient, line)
            continue
        for line in _finding_lines(result, lag_handling):
            data.add_finding(recipient, line)


def _finding_lines(
    result: FileResult, lag_handling: dict[tuple[str, str], str] | None = None
) -> Iterable[FindingLine]:
    wanted = [f for f in result.findings if f.severity == "error" or f.suggestion]
    if not wanted:
        return []
    projects = {r.sheet: str(r.fields.get("project_name") or "") for r in result.records}
    return [
        FindingLine(
            message=f.message,
            severity=f.severity,
            code=f.code,
            file=Path(f.file or result.path).name,
            sheet=f.sheet or "",
            cell=f.cell or "",
            project=projects.get(f.sheet or "", ""),
            suggestion=(
                (lag_handling or {}).get((result.path, f.sheet or ""), f.suggestion or "")
                if f.code == EXECUTION_LAG.code
                else f.suggestion or ""
            ),
            identity=result.form_identity(f.sheet),
            place=f.place,
        )
        for f in wanted
    ]


def _unit_departments(roster: Roster | None) -> dict[str, str]:
    """Unit code -> the name of its department."""
    if roster is None:
        return {}
    return {u.code: d.name for u in roster.units if (d := roster.department_or_none(u.department_code))}


def _recipient_of(result: FileResult, departments: dict[str, str]) -> Recipient:
    kind = result.workbook_kind if result.workbook_kind in ("unit", "department") else "unit"
    name = result.name or Path(result.path).stem
    code = result.code or ""
    return Recipient(name=name, kind=kind, code=code, department=departments.get(code, ""))
