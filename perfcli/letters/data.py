"""The letters' input: who gets a letter and what it says, gathered once from what the clerk already has.

Sources, any mix: returned workbooks (validated and rolled up on the way), a `perfcli validate --json`
report, a `perfcli aggregate city --json` roll-up, the roster (--roster), a 再评价结果 CSV.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from perfcli.errors import InputDataError, UsageError
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster


@dataclass
class Recipient:
    """Who a letter goes to: a 预算责任单位 ("unit") or a 预算部门 ("department")."""

    name: str
    kind: str = "unit"
    code: str = ""
    department: str = ""  # 主管部门 name, for units
    detail: str = ""  # e.g. 未报项目 of a partial return

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


@dataclass
class ProjectLine:
    """A project's execution in the period (附表1 / 附表3)."""

    name: str
    unit: str = ""
    department: str = ""
    budget_total: Decimal | None = None
    funds_received: Decimal | None = None
    funds_spent: Decimal | None = None
    at_risk_indicators: list[str] = field(default_factory=list)  # 三级指标 rated 可能性小/不可能

    @property
    def arrival_rate(self) -> Decimal | None:
        """资金到位率 = 已到位资金 / 预算总额."""
        return rate(self.funds_received, self.budget_total)

    @property
    def execution_rate(self) -> Decimal | None:
        """预算执行率 = 已支出资金 / 预算总额."""
        return rate(self.funds_spent, self.budget_total)


@dataclass
class DepartmentLine:
    """A department's rollup: money, rates, how many of its units reported, its problems."""

    name: str
    code: str = ""
    budget_total: Decimal | None = None  # 本年度预算资金总额 (附表2) or the sum of its projects
    projects_budget: Decimal = Decimal(0)
    funds_received: Decimal = Decimal(0)
    funds_spent: Decimal = Decimal(0)
    units_total: int = 0
    units_reported: int = 0
    projects: list[ProjectLine] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0

    @property
    def arrival_rate(self) -> Decimal | None:
        return rate(self.funds_received, self.projects_budget)

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.funds_spent, self.projects_budget)


@dataclass
class WarningLine:
    """A line of the 预警清单 with its 处置意见."""

    department: str
    unit: str
    project: str
    execution_rate: Decimal | None
    lag: Decimal | None  # percentage points behind 序时进度
    reason: str
    handling: str


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
    """Everything the letters need, gathered once from the inputs."""

    period: Period
    findings: dict[tuple[str, str], tuple[Recipient, list[FindingLine]]] = field(default_factory=dict)
    departments: list[DepartmentLine] = field(default_factory=list)
    missing: list[Recipient] = field(default_factory=list)
    reevaluations: list[ReevaluationLine] = field(default_factory=list)
    warnings: list[WarningLine] | None = None  # 预警清单 of a roll-up; None: derive from the projects
    roster: Roster | None = None
    at_risk_values: tuple[str, ...] = ("可能性小", "不可能")  # config likelihood_at_risk
    files_read: int = 0
    files_rejected: int = 0
    sources: list[str] = field(default_factory=list)

    def add_finding(self, recipient: Recipient, line: FindingLine) -> None:
        self.findings.setdefault(recipient.key, (recipient, []))[1].append(line)


# ------------------------------------------------------------------------------------------------
# numbers
# ------------------------------------------------------------------------------------------------

_CENT = Decimal("0.01")


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a percentage, rounded half-up to 2 decimals; None when whole is missing or 0."""
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(_CENT, ROUND_HALF_UP)


def money(value: Decimal | None) -> str:
    """万元 with thousands separators and two decimals; "—" when unknown."""
    return "—" if value is None else f"{value.quantize(_CENT, ROUND_HALF_UP):,.2f}"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


# ------------------------------------------------------------------------------------------------
# gathering the data: validation report JSON (validate --json, or a live report), roster, csv
# ------------------------------------------------------------------------------------------------


def letter_data_from_report(
    report: dict[str, Any],
    period: Period,
    *,
    roster: Roster | None = None,
    config: Config,
    data: LetterData | None = None,
) -> LetterData:
    """Build LetterData from a validation report as `perfcli validate --json` prints it.

    Findings come from the report; the money comes from the 附表1 records (grouped by the roster's
    departments when a roster is given). A roll-up (letter_data_from_city) replaces the money part.
    """
    files = report.get("files")
    if not isinstance(files, list):
        raise InputDataError("JSON 文件不是 perfcli validate --json 的校验报告（缺少 files 列表）。")
    return letter_data_from_files(files, period, roster=roster, config=config, data=data)


def letter_data_from_files(
    files: Iterable[dict[str, Any]],
    period: Period,
    *,
    roster: Roster | None = None,
    config: Config,
    data: LetterData | None = None,
) -> LetterData:
    """letter_data_from_report over the report's "files", taken one at a time.

    A batch validated here streams in (ValidationReport.files_json()): a city is never one big JSON.
    """
    data = data or LetterData(period=period, roster=roster)
    unit_department = _unit_departments(roster)
    projects: list[ProjectLine] = []
    department_budget: dict[str, Decimal] = {}
    reported: dict[str, set[str]] = {"unit": set(), "department": set()}
    for entry in files:
        path = str(entry.get("path") or "")
        file_name = Path(path).name
        records = entry.get("records") or []
        if entry.get("status") == "superseded":
            continue
        recipient = _recipient_of(entry, records, unit_department)
        if entry.get("status") == "rejected":
            data.files_rejected += 1
            data.add_finding(
                recipient,
                FindingLine(
                    message=f"文件无法读取：{entry.get('reason') or '原因不明'}",
                    file=file_name,
                    suggestion="请按下发的模板重新填报并报送。",
                ),
            )
            continue
        data.files_read += 1
        reported[recipient.kind].update({recipient.code, recipient.name} - {""})
        projects_of_sheet = {
            r.get("sheet"): (r.get("fields") or {}).get("project_name") or "" for r in records
        }
        for finding in entry.get("findings") or []:
            if finding.get("severity") != "error" and not finding.get("suggestion"):
                continue  # letters list what must be corrected; plain warnings stay in the 问题清单
            data.add_finding(
                recipient,
                FindingLine(
                    message=str(finding.get("message") or ""),
                    severity=str(finding.get("severity") or "error"),
                    code=str(finding.get("code") or ""),
                    file=Path(str(finding.get("file") or path)).name,
                    sheet=str(finding.get("sheet") or ""),
                    cell=str(finding.get("cell") or ""),
                    project=projects_of_sheet.get(finding.get("sheet"), ""),
                    suggestion=str(finding.get("suggestion") or ""),
                ),
            )
        for record in records:
            fields = record.get("fields") or {}
            if record.get("form") == "project":
                unit = record.get("unit") or recipient.name
                projects.append(
                    ProjectLine(
                        name=str(fields.get("project_name") or record.get("sheet") or ""),
                        unit=unit,
                        department=unit_department.get(unit, recipient.department or unit),
                        budget_total=to_decimal(fields.get("budget_total")),
                        funds_received=to_decimal(fields.get("funds_received")),
                        funds_spent=to_decimal(fields.get("funds_spent")),
                        at_risk_indicators=_at_risk(record.get("indicators") or [], config),
                    )
                )
            elif record.get("form") == "department":
                name = str(fields.get("department_name") or recipient.name)
                budget = to_decimal(fields.get("budget_total"))
                if budget is not None:
                    department_budget[name] = budget
    data.departments = _rollup(projects, department_budget, roster, reported, data)
    if roster is not None:
        data.missing = _missing(roster, reported)
    data.sources.append("校验报告")
    return data


def letter_data_from_roster(roster: Roster, period: Period) -> LetterData:
    """Nothing returned yet: everyone on the roster is missing (催报通知 before any return)."""
    data = LetterData(period=period, roster=roster)
    data.missing = _missing(roster, {"unit": set(), "department": set()})
    return data


def _unit_departments(roster: Roster | None) -> dict[str, str]:
    if roster is None:
        return {}
    names = {d.code: d.name for d in roster.departments}
    out = {}
    for unit in roster.units:
        out[unit.name] = out[unit.code] = names.get(unit.department_code, "")
    return out


def _recipient_of(
    entry: dict[str, Any], records: list[dict[str, Any]], unit_department: dict[str, str]
) -> Recipient:
    kind = entry.get("workbook_kind")
    forms = {r.get("form") for r in records}
    if kind not in ("unit", "department"):
        kind = "department" if forms & {"department", "key_project"} else "unit"
    name = entry.get("name") or ""
    if not name:
        for record in records:
            fields = record.get("fields") or {}
            name = record.get("unit") or fields.get("department_name") or fields.get("department") or ""
            if name:
                break
    if not name:
        name = Path(str(entry.get("path") or "未知文件")).stem
    code = str(entry.get("code") or "")
    return Recipient(
        name=str(name),
        kind=kind,
        code=code,
        department=unit_department.get(code) or unit_department.get(str(name), ""),
    )


def _at_risk(indicators: list[dict[str, Any]], config: Config) -> list[str]:
    risky = set(config.likelihood_at_risk)
    return [
        str(i.get("level3") or i.get("indicator") or "") for i in indicators if i.get("likelihood") in risky
    ]


def _rollup(
    projects: list[ProjectLine],
    department_budget: dict[str, Decimal],
    roster: Roster | None,
    reported: dict[str, set[str]],
    data: LetterData,
) -> list[DepartmentLine]:
    by_name: dict[str, DepartmentLine] = {}
    if roster is not None:
        for dep in roster.departments:
            units = roster.units_of(dep.code)
            by_name[dep.name] = DepartmentLine(
                name=dep.name,
                code=dep.code,
                budget_total=dep.budget_total,
                units_total=len(units),
                units_reported=sum(1 for u in units if {u.code, u.name} & reported["unit"]),
            )
    for project in projects:
        line = by_name.setdefault(project.department, DepartmentLine(name=project.department))
        line.projects.append(project)
        line.projects_budget += project.budget_total or 0
        line.funds_received += project.funds_received or 0
        line.funds_spent += project.funds_spent or 0
    for name, budget in department_budget.items():
        by_name.setdefault(name, DepartmentLine(name=name)).budget_total = budget
    for line in by_name.values():
        if line.budget_total is None and line.projects:
            line.budget_total = line.projects_budget
        if roster is None:
            line.units_reported = line.units_total = len({p.unit for p in line.projects})
    for recipient, lines in data.findings.values():
        dep_name = recipient.name if recipient.kind == "department" else recipient.department
        if dep_name in by_name:
            by_name[dep_name].errors += sum(1 for f in lines if f.severity == "error")
            by_name[dep_name].warnings += sum(1 for f in lines if f.severity != "error")
    return list(by_name.values())


def _missing(roster: Roster, reported: dict[str, set[str]]) -> list[Recipient]:
    dep_names = {d.code: d.name for d in roster.departments}
    out = [
        Recipient(u.name, "unit", u.code, dep_names.get(u.department_code, ""))
        for u in roster.units
        if not {u.code, u.name} & reported["unit"]
    ]
    out += [
        Recipient(d.name, "department", d.code)
        for d in roster.departments
        if not {d.code, d.name} & reported["department"]
    ]
    return out


REEVALUATION_COLUMNS = {
    "部门": "department",
    "项目": "project",
    "得分": "score",
    "等级": "grade",
    "评价结论": "conclusion",
    "结论": "conclusion",
    "整改要求": "requirement",
    "结果应用": "requirement",
}


def read_reevaluation_csv(path: Path) -> list[ReevaluationLine]:
    """再评价结果 as a small CSV (UTF-8, Excel's “CSV UTF-8” works): 部门,项目,得分,等级,评价结论,整改要求."""
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputDataError(f"无法读取再评价结果文件 {path}：{exc}") from exc
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "部门" not in rows[0]:
        raise InputDataError(f"再评价结果文件 {path} 第 1 行应为表头：部门,项目,得分,等级,评价结论,整改要求")
    out = []
    for number, row in enumerate(rows, start=2):
        values = {
            REEVALUATION_COLUMNS[k.strip()]: (v or "").strip()
            for k, v in row.items()
            if k and k.strip() in REEVALUATION_COLUMNS
        }
        if not values.get("department"):
            raise InputDataError(f"再评价结果文件 {path} 第 {number} 行缺少“部门”。")
        out.append(ReevaluationLine(**{"project": "部门整体", **values}))
    return out


def load_report_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputDataError(f"无法读取 JSON 文件 {path}：{exc}") from exc


# ------------------------------------------------------------------------------------------------
# a roll-up (perfcli aggregate city --json, or aggregate_city(...).to_json())
# ------------------------------------------------------------------------------------------------

_NOT_REPORTED = {"missing", "partial"}


def letter_data_from_city(city: dict[str, Any], data: LetterData) -> LetterData:
    """Take departments, projects, the 预警清单 and who has not reported from a city roll-up."""
    if not isinstance(city.get("departments"), list) or not isinstance(city.get("projects"), list):
        raise InputDataError(
            "JSON 文件不是 perfcli aggregate city --json 的汇总结果（缺少 departments / projects）。"
        )
    departments: dict[str, DepartmentLine] = {}
    for dep in city["departments"]:
        name = str(dep.get("name") or "")
        departments[name] = DepartmentLine(
            name=name,
            code=str(dep.get("code") or ""),
            budget_total=to_decimal(dep.get("budget_total")),
            projects_budget=to_decimal(dep.get("budget_total")) or Decimal(0),
            funds_received=to_decimal(dep.get("funds_received")) or Decimal(0),
            funds_spent=to_decimal(dep.get("funds_spent")) or Decimal(0),
        )
    for p in city["projects"]:
        name = str(p.get("department") or "")
        line = departments.setdefault(name, DepartmentLine(name=name))
        at_risk = sum(
            int(n) for value, n in (p.get("likelihood") or {}).items() if value in data.at_risk_values
        )
        line.projects.append(
            ProjectLine(
                name=str(p.get("project") or ""),
                unit=str(p.get("unit") or ""),
                department=name,
                budget_total=to_decimal(p.get("budget_total")),
                funds_received=to_decimal(p.get("funds_received")),
                funds_spent=to_decimal(p.get("funds_spent")),
                at_risk_indicators=[f"{at_risk}项指标"] if at_risk else [],
            )
        )
    missing = []
    for r in city.get("reporting") or []:
        owner = departments.get(str(r.get("department_name") or ""))
        if r.get("kind") == "unit" and owner is not None:
            owner.units_total += 1
            owner.units_reported += 1 if r.get("reported") else 0
        if r.get("state") in _NOT_REPORTED:
            missing.append(
                Recipient(
                    str(r.get("name") or ""),
                    str(r.get("kind") or "unit"),
                    str(r.get("code") or ""),
                    str(r.get("department_name") or ""),
                    detail=str(r.get("detail") or ""),
                )
            )
    for recipient, lines in data.findings.values():
        dep_name = recipient.name if recipient.kind == "department" else recipient.department
        if dep_name in departments:
            departments[dep_name].errors += sum(1 for f in lines if f.severity == "error")
            departments[dep_name].warnings += sum(1 for f in lines if f.severity != "error")
    data.departments = list(departments.values())
    data.missing = missing
    data.warnings = _project_warnings(city)
    data.sources.append("汇总结果")
    return data


def _project_warnings(city: dict[str, Any]) -> list[WarningLine]:
    """One 预警清单 line per project: its alerts merged, serious ones first."""
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for alert in city.get("alerts") or []:
        key = (
            str(alert.get("department") or ""),
            str(alert.get("unit") or ""),
            str(alert.get("project") or ""),
        )
        grouped.setdefault(key, []).append(alert)
    lines = []
    for (department, unit, project), alerts in grouped.items():
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for alert in alerts:
            by_kind.setdefault(str(alert.get("kind") or "预警"), []).append(alert)
        reasons = [
            f"{kind}：{items[0].get('detail') or ''}" if len(items) == 1 else f"{kind}（{len(items)}项指标）"
            for kind, items in by_kind.items()
        ]
        serious = [a for a in alerts if a.get("level") == "严重"]
        handling = list(
            dict.fromkeys(str(a.get("handling") or "") for a in serious + alerts if a.get("handling"))
        )
        lines.append(
            (
                not serious,
                WarningLine(
                    department,
                    unit,
                    project,
                    _execution_of(city, alerts[0]),
                    None,
                    "；".join(reasons),
                    "；".join(handling),
                ),
            )
        )
    return [line for _, line in sorted(lines, key=lambda item: item[0])]


def _execution_of(city: dict[str, Any], alert: dict[str, Any]) -> Decimal | None:
    for p in city.get("projects") or []:
        if p.get("file") == alert.get("file") and p.get("sheet") == alert.get("sheet"):
            return to_decimal(p.get("execution_rate"))
    return None


# ------------------------------------------------------------------------------------------------
# the command's PATH arguments: workbooks, JSON files, a CSV
# ------------------------------------------------------------------------------------------------


def gather_letter_data(
    paths: list[Path], config: Config, *, period: Period | None, roster: Roster | None, jobs: int = 1
) -> LetterData:
    """Read every PATH once: workbooks are validated and rolled up, JSON reports and roll-ups loaded as they are."""
    reports, cities, reevaluations, workbooks = [], [], [], []
    validated = None
    for path in paths:
        if not path.exists():
            raise UsageError(f"找不到输入：{path}")
        suffix = path.suffix.lower()
        if suffix == ".json":
            loaded = load_report_json(path)
            if isinstance(loaded, dict) and "projects" in loaded and "departments" in loaded:
                cities.append(loaded)
            elif isinstance(loaded, dict) and "files" in loaded:
                reports.append(loaded)
            else:
                raise InputDataError(
                    f"{path} 既不是 validate --json 的校验报告，也不是 aggregate city --json 的汇总结果。"
                )
        elif suffix == ".csv":
            reevaluations.extend(read_reevaluation_csv(path))
        else:
            workbooks.append(path)
    if workbooks:
        from perfcli.findings.batch import validate_paths
        from perfcli.rollups.city import aggregate_city

        validated = validate_paths(workbooks, config, period=period, roster=roster, jobs=jobs)
        period = period or validated.period
        if any(f.status == "read" for f in validated.files):
            cities.append(aggregate_city(validated.files, config, period=period, roster=roster).to_json())
    period = period or _period_of(reports, cities)
    if period is None:
        raise UsageError("无法从输入中确定监控期间，请用 --period 指定，如 --period 2026Q3。")
    data = LetterData(period=period, roster=roster, at_risk_values=tuple(config.likelihood_at_risk))
    for report_json in reports:
        letter_data_from_report(report_json, period, roster=roster, config=config, data=data)
    if validated is not None:
        letter_data_from_files(validated.files_json(), period, roster=roster, config=config, data=data)
    if cities:
        letter_data_from_city(cities[-1], data)
    elif roster is not None and not reports and validated is None:
        data.missing = _missing(roster, {"unit": set(), "department": set()})
    data.reevaluations = reevaluations
    return data


def _period_of(reports: list[dict[str, Any]], cities: list[dict[str, Any]]) -> Period | None:
    for item in [*cities, *reports]:
        code = item.get("period")
        if isinstance(code, str) and code:
            return Period.parse(code)
    return None
