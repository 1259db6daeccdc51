"""报送情况: who owes which forms, who has reported, who is missing, late or has errors — decided once.

`status`, the 汇总 报送情况 sheet, validate's 未报送 / 缺少应报的表 findings (V206, V207) and the 催报通知
all read the one ReportingTable built here from a batch's FileResults. What a unit or department owes
comes from the roster and the config's forms (perfcli.forms.registry.FormRegistry.owed): a unit one 附表1
per project; a department its 附表2, and one 附表3 per key project (none when it has no key project). Units
with no project owe nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from perfcli.findings import batch_rules as B
from perfcli.findings.timeliness import is_late
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.period import Period
from perfcli.model.records import FileResult
from perfcli.model.roster import Roster
from perfcli.model.values import name_key

State = Literal["reported", "late", "errors", "partial", "missing"]
STATE_LABELS: dict[str, str] = {
    "reported": "已报送",
    "late": "逾期报送",
    "errors": "有错误",
    "partial": "部分报送",
    "missing": "未报送",
}
KIND_LABELS = {"unit": "单位", "department": "部门"}


@dataclass
class ReportingRow:
    """One department (its 附表2/附表3) or unit (its 附表1) of the roster, or a reporter outside it."""

    kind: Literal["department", "unit"]
    code: str | None
    name: str
    department_code: str | None
    department_name: str
    due: date | None
    department_codes: tuple[str, str]  # what a department's own form and its per-key-project form are called
    forms: list[str] = field(default_factory=list)  # the codes of the forms owed: 附表1 | 附表2, 附表3
    expected: dict[str, str] = field(default_factory=dict)  # project code -> name (附表1 / 附表3 owed)
    files: list[str] = field(default_factory=list)  # the files that count
    superseded: list[str] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)  # roster projects the counted files report
    has_department_form: bool = False
    received: str | None = None  # the latest counted file's received date
    errors: int = 0
    warnings: int = 0
    in_roster: bool = True  # False: no roster was given, the row stands for whoever sent the files
    open_rectifications: int | None = (
        None  # 整改 items not yet resolved (the workspace ledger's; None outside)
    )

    @property
    def late(self) -> bool:
        return is_late(self.received, self.due)

    @property
    def projects_not_reported(self) -> dict[str, str]:
        """The roster projects (code -> name) no counted file reports: every one owed when nothing came."""
        return {code: name for code, name in self.expected.items() if code not in self.reported}

    @property
    def missing(self) -> list[str]:
        """What is still owed though something came: 未报项目 of a unit, 附表2 / 附表3 of a department."""
        if not self.files:
            return []
        projects = list(self.projects_not_reported.values())
        if self.kind == "unit":
            return projects
        own, per_project = self.department_codes
        return ([own] if not self.has_department_form else []) + [f"{per_project}（{p}）" for p in projects]

    @property
    def owes(self) -> bool:
        """Something is still to come: nothing counted yet, or a project or form still missing."""
        return not self.files or bool(self.missing)

    @property
    def state(self) -> State:
        if not self.files:
            return "missing"
        if self.errors:
            return "errors"
        if self.missing:
            return "partial"
        return "late" if self.late else "reported"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def detail(self) -> str:
        """说明: lateness, what is still missing, and whether the reporter is in the roster."""
        parts = []
        if self.late:
            parts.append(f"收到日期 {self.received} 晚于截止日 {self.due}")
        if self.missing:
            parts.append(("未报项目：" if self.kind == "unit" else "缺少：") + "、".join(self.missing))
        return "；".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "department_code": self.department_code,
            "department_name": self.department_name,
            "state": self.state,
            "state_label": self.state_label,
            "reported": bool(self.files),
            "late": self.late,
            "due": self.due.isoformat() if self.due else None,
            "received": self.received,
            "forms": self.forms,
            "expected_projects": len(self.expected) if self.in_roster else None,
            "reported_projects": len(self.reported),
            "missing": self.missing,
            "projects_owed": self.expected,
            "projects_reported": sorted(self.reported),
            "has_department_form": self.has_department_form,
            "in_roster": self.in_roster,
            "errors": self.errors,
            "warnings": self.warnings,
            "files": self.files,
            "superseded": self.superseded,
            "detail": self.detail,
            "open_rectifications": self.open_rectifications,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], forms: FormRegistry) -> ReportingRow:
        """A row as to_json wrote it (its state, lateness and 说明 follow again from these)."""
        return cls(
            kind=data["kind"],
            code=data.get("code"),
            name=data.get("name") or "",
            department_code=data.get("department_code"),
            department_name=data.get("department_name") or "",
            due=date.fromisoformat(data["due"]) if data.get("due") else None,
            department_codes=department_codes(forms),
            forms=list(data.get("forms") or []),
            expected=dict(data.get("projects_owed") or {}),
            files=list(data.get("files") or []),
            superseded=list(data.get("superseded") or []),
            reported=set(data.get("projects_reported") or []),
            has_department_form=bool(data.get("has_department_form")),
            received=data.get("received"),
            errors=int(data.get("errors") or 0),
            warnings=int(data.get("warnings") or 0),
            in_roster=data.get("in_roster", True),
            open_rectifications=data.get("open_rectifications"),
        )


@dataclass
class ReportingTable:
    """The 报送情况 of a batch: a row per roster department and unit, and the files nobody owns."""

    period: Period | None
    rows: list[ReportingRow]
    unmatched: list[FileResult] = field(default_factory=list)  # rejected files and unknown reporters

    @property
    def summary(self) -> dict[str, int]:
        out = {state: 0 for state in STATE_LABELS}
        for row in self.rows:
            out[row.state] += 1
        out["late_rows"] = sum(1 for r in self.rows if r.late)
        out["rejected"] = sum(1 for f in self.unmatched if f.status == "rejected")
        out["unmatched"] = len(self.unmatched)
        return out

    def summary_line(self) -> str:
        """共 N 个报送主体 and its parts: each row counted once, by its state, so the parts add up to N;
        lateness of a row that also has errors or missing forms is said apart."""
        s = self.summary
        parts = "，".join(f"{STATE_LABELS[state]} {s[state]}" for state in STATE_LABELS)
        also_late = s["late_rows"] - s["late"]
        extra = f"（另有 {also_late} 个有错误或部分报送的也已逾期）" if also_late else ""
        return f"共 {len(self.rows)} 个报送主体：{parts}{extra}；未能对应的文件 {s['unmatched']} 个。"

    @staticmethod
    def unmatched_label(result: FileResult) -> str:
        """Why a file belongs to nobody: 被退回 (unreadable), 未找到监控表, or 名册中无此单位/部门."""
        if result.status == "rejected":
            return "被退回"
        if not result.forms:
            return "未找到监控表"
        return f"名册中无此{KIND_LABELS.get(result.workbook_kind or '', '单位')}"

    def not_reported(self) -> list[ReportingRow]:
        """Who has sent nothing that counts (the 催报 list), in roster order."""
        return [r for r in self.rows if r.in_roster and not r.files]

    @classmethod
    def from_json(
        cls,
        period: Period | None,
        rows: list[dict[str, Any]],
        unmatched: list[dict[str, Any]],
        forms: FormRegistry,
    ) -> ReportingTable:
        """The table of a roll-up's JSON ("reporting" and "unmatched"), read with the config's forms."""
        files = [
            FileResult(f["path"], f.get("status") or "rejected", reason=f.get("reason"), name=f.get("name"))
            for f in unmatched
        ]
        return cls(period, [ReportingRow.from_json(r, forms) for r in rows], files)

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


def reporting_table(
    files: Iterable[FileResult], roster: Roster | None, period: Period | None, config: Config
) -> ReportingTable:
    """The 报送情况 of every department and unit (the roster's, or else whoever sent something)."""
    rows: dict[tuple[str, str], ReportingRow] = {}
    forms = forms_of(config)
    departments_report = bool(forms.owed("department", True))  # not under the national pack
    if roster is not None:
        for dept in roster.departments:
            if departments_report:
                rows[("department", dept.code)] = _roster_row(
                    "department", dept.code, dept.name, roster, period, config
                )
            for unit in roster.units_of(dept.code):
                if roster.projects_of(unit.code):
                    rows[("unit", unit.code)] = _roster_row(
                        "unit", unit.code, unit.name, roster, period, config
                    )
    unmatched: list[FileResult] = []
    for result in sorted(files, key=lambda r: r.path):  # the same table whatever the input order
        row = _row_of(result, rows, roster, period, config)
        if row is None:
            if result.status != "superseded":
                unmatched.append(result)
            continue
        _count(row, result)
    return ReportingTable(period, list(rows.values()), unmatched)


def department_codes(forms: FormRegistry) -> tuple[str, str]:
    """附表2 and 附表3 as the department's own form and its per-key-project form are called."""
    return forms.spec("department").code, forms.spec("key_project").code


def _roster_row(
    kind: Literal["department", "unit"],
    code: str,
    name: str,
    roster: Roster,
    period: Period | None,
    config: Config,
) -> ReportingRow:
    forms = forms_of(config)
    if kind == "unit":
        unit = roster.unit(code)
        dept = roster.department_or_none(unit.department_code)
        projects = roster.projects_of(code)
    else:
        dept = roster.department(code)
        projects = roster.key_projects_of(code)
    return ReportingRow(
        kind=kind,
        code=code,
        name=name,
        department_code=dept.code if dept else None,
        department_name=dept.name if dept else "",
        due=config.due_date(period, kind) if period else None,
        department_codes=department_codes(forms),
        forms=[spec.code for spec in forms.owed(kind, bool(projects))],
        expected={p.code: p.name for p in projects},
    )


def _row_of(
    result: FileResult,
    rows: dict[tuple[str, str], ReportingRow],
    roster: Roster | None,
    period: Period | None,
    config: Config,
) -> ReportingRow | None:
    """The row a file counts for; without a roster, a row per reporter that sent something readable."""
    kind = result.workbook_kind
    if kind not in ("unit", "department") or result.status == "rejected":
        return None
    if roster is not None:
        return rows.get((kind, result.code or ""))
    owner = result.code or name_key(result.name)
    if not owner:
        return None
    key = (kind, owner)
    if key not in rows:
        rows[key] = ReportingRow(
            kind=kind,  # type: ignore[arg-type]
            code=result.code,
            name=result.name or Path(result.path).stem,
            department_code=result.department_code,
            department_name=result.department_code or "",
            due=config.due_date(period, kind) if period else None,
            department_codes=department_codes(forms_of(config)),
            in_roster=False,
        )
    return rows[key]


def _count(row: ReportingRow, result: FileResult) -> None:
    if result.status == "superseded":
        row.superseded.append(result.path)
        return
    row.files.append(result.path)
    row.errors += result.errors
    row.warnings += result.warnings
    row.reported.update(result.project_codes.values())
    row.has_department_form = row.has_department_form or "department" in result.forms
    if result.received and (row.received is None or result.received > row.received):
        row.received = result.received


# --- the findings the table implies ------------------------------------------------------------------
def missing_form_findings(table: ReportingTable, forms: FormRegistry) -> dict[str, list[Finding]]:
    """V206 缺少应报的表, on the first counted file of each reporter that still owes something."""
    out: dict[str, list[Finding]] = {}
    own_forms, unit_form = forms.owed("department", False), forms.owed("unit", False)
    for row in table.rows:
        if not row.files or not row.missing:
            continue
        owner = f"{KIND_LABELS[row.kind]}“{row.name}”"
        found = out.setdefault(row.files[0], [])
        if row.kind == "department" and not row.has_department_form and own_forms:
            spec = own_forms[0]
            found.append(
                B.MISSING_FORM.finding(file=row.files[0], owner=owner, form=spec.code, name=spec.title)
            )
        form = unit_form[0].code if row.kind == "unit" else row.department_codes[1]
        for code, name in row.expected.items():
            if code not in row.reported:
                found.append(
                    B.MISSING_FORM.finding(
                        file=row.files[0], field=f"project:{code}", owner=owner, form=form, name=name
                    )
                )
    return out


def not_reported_findings(table: ReportingTable) -> list[Finding]:
    """V207 未报送, one per roster unit or department that sent nothing that counts."""
    return [
        B.NOT_REPORTED.finding(what=KIND_LABELS[r.kind], name=r.name, code=r.code, forms="、".join(r.forms))
        for r in table.not_reported()
    ]
