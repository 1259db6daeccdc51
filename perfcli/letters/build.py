"""Letters (函件): what each notice says, built from the data the clerk already has.

The five kinds — 催报通知, 问题整改通知（纠偏意见）, 绩效监控结果反馈, 监控总报告, 绩效再评价结果反馈告知书 — get
one context (a dict of plain text, numbers already formatted) per recipient. The Word side lives in
perfcli.io.docx; nothing here touches a file format.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from perfcli.errors import UsageError
from perfcli.letters.data import (
    DepartmentLine,
    FindingLine,
    LetterData,
    ReevaluationLine,
    WarningLine,
    money,
    percent,
)
from perfcli.model.config import Config
from perfcli.model.period import Period, time_progress

# kind -> (Chinese name, built-in template file stem)
LETTER_KINDS: dict[str, str] = {
    "reminder": "催报通知",
    "rectification": "问题整改通知",
    "feedback": "绩效监控结果反馈",
    "report": "监控总报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}

FORM_NAMES = {
    "project": "附表1 项目预算绩效运行监控表",
    "department": "附表2 部门整体预算绩效运行监控表",
    "key_project": "附表3 部门重点项目预算绩效运行监控表",
}
KIND_NAMES = {"unit": "预算责任单位", "department": "预算部门"}

# 常州新北 第十五条: the handling the rules suggest
HANDLING_SERIOUS = "暂停项目实施，相应调减预算并停止拨付资金"
HANDLING_OBJECTIVE = "分析原因；属客观原因导致的，按程序调减预算并同步调整绩效目标（结合三季度数据实施）"
HANDLING_AT_RISK = "分析目标偏离原因，制定纠偏措施；确难完成的，按程序调整绩效目标"


# ------------------------------------------------------------------------------------------------
# dates: Chinese numerals and working days
# ------------------------------------------------------------------------------------------------

_CN_DIGIT = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 in Chinese numerals as written in dates: 十, 十二, 二十, 三十一."""
    if n < 10:
        return _CN_DIGIT[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGIT[tens]) + "十" + (_CN_DIGIT[ones] if ones else "")


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704 writes it: 2026-10-20 -> 二〇二六年十月二十日."""
    year = "".join(_CN_DIGIT[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def arabic_date(day: date) -> str:
    """2026-10-20 -> 2026年10月20日 (deadlines in body text)."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class WorkingDayDeadline:
    """A deadline N working days after a start date, and whether the holiday calendar covered it."""

    date: date
    working_days: int
    years_without_calendar: tuple[int, ...] = ()  # years counted Monday–Friday only

    @property
    def note(self) -> str | None:
        if not self.years_without_calendar:
            return None
        years = "、".join(str(y) for y in self.years_without_calendar)
        return f"节假日日历未收录 {years} 年，该年按周一至周五计算工作日，请核对放假安排。"


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, the holiday calendar knew the date). Counts 法定节假日 and 调休 上班日."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:  # the package only knows the years it was released with
        return day.weekday() < 5, False


def add_working_days(start: date, days: int) -> WorkingDayDeadline:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise UsageError(f"工作日天数不能为负数：{days}")
    current, left, unknown = start, days, set()
    while left > 0:
        current += timedelta(days=1)
        working, known = is_working_day(current)
        if not known:
            unknown.add(current.year)
        if working:
            left -= 1
    return WorkingDayDeadline(current, days, tuple(sorted(unknown)))


# ------------------------------------------------------------------------------------------------
# contexts
# ------------------------------------------------------------------------------------------------


@dataclass
class Letter:
    """One document to render: which template, for whom, under which file name, with what context."""

    kind: str
    recipient: str
    stem: str  # file name without suffix, before sanitising
    context: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for the summary table: what this letter is about."""
        c = self.context
        if self.kind == "reminder":
            late = f"，已逾期{c['overdue_days']}天" if c["overdue_days"] else ""
            return f"{c['recipient_kind']}，应于{c['due_date']}前报送{late}"
        if self.kind == "rectification":
            parts = [
                f"需更正{c['error_count']}项" if c["error_count"] else "",
                f"需核实或纠偏{c['warning_count']}项" if c["warning_count"] else "",
            ]
            return "，".join(p for p in parts if p)
        if self.kind == "feedback":
            return f"预算执行率{c['department']['execution_rate']}，预警项目{len(c['warnings'])}个"
        if self.kind == "report":
            return f"{len(c['departments'])}个部门，预警项目{len(c['warnings'])}个"
        return f"再评价结果{len(c['results'])}项"


@dataclass
class LetterSettings:
    """The letterhead and numbering, from config [letters] and [locality]."""

    bureau: str
    signatory: str
    contact: str
    phone: str
    doc_number_prefix: str
    doc_number_start: int
    rectification_working_days: int
    reminder_working_days: int
    report_addressee: str

    @classmethod
    def from_config(cls, config: Config) -> LetterSettings:
        letters, locality = config.section("letters"), config.section("locality")
        bureau = str(locality.get("finance_bureau") or "财政局")
        return cls(
            bureau=bureau,
            signatory=str(letters.get("signatory") or bureau),
            contact=str(letters.get("contact") or ""),
            phone=str(letters.get("phone") or ""),
            doc_number_prefix=str(letters.get("doc_number_prefix") or ""),
            doc_number_start=_whole_number(letters, "doc_number_start", 1),
            rectification_working_days=_whole_number(letters, "rectification_working_days", 10),
            reminder_working_days=_whole_number(letters, "reminder_working_days", 3),
            report_addressee=str(letters.get("report_addressee") or "局党组"),
        )


def _whole_number(section: dict[str, Any], key: str, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"配置 [letters] {key} 应为不小于 0 的整数，现为“{value}”。")
    return value


def _letterhead(
    settings: LetterSettings, kind: str, number: int, issue: date, period: Period, addressee: str
) -> dict[str, Any]:
    return {
        "bureau": settings.bureau,
        "bureau_mark": f"{settings.bureau}文件",
        "doc_number": f"{settings.doc_number_prefix}〔{issue.year}〕{number}号",
        "title": f"关于{period.name}预算绩效运行监控{_TITLE_TAIL[kind]}",
        "addressee": addressee,
        "period_name": period.name,
        "period_label": period.label,
        "issue_date": chinese_date(issue),
        "issue_date_iso": issue.isoformat(),
        "signatory": settings.signatory,
        "contact": settings.contact,
        "phone": settings.phone,
    }


_TITLE_TAIL = {
    "reminder": "报表催报的通知",
    "rectification": "问题整改的通知",
    "feedback": "结果的反馈意见",
    "report": "情况的报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}


def build_letters(kind: str, data: LetterData, config: Config, issue: date) -> list[Letter]:
    """The letters of one kind, one per recipient (one in all for the report)."""
    if kind not in LETTER_KINDS:
        raise UsageError(f"未知的函件种类“{kind}”：可选 {'、'.join(LETTER_KINDS)}")
    settings = LetterSettings.from_config(config)
    builder = {
        "reminder": _reminders,
        "rectification": _rectifications,
        "feedback": _feedbacks,
        "report": _report,
        "reevaluation": _reevaluations,
    }[kind]
    letters = builder(data, config, settings, issue)
    for offset, letter in enumerate(letters):
        letter.context.update(
            _letterhead(
                settings,
                kind,
                settings.doc_number_start + offset,
                issue,
                data.period,
                letter.context.pop("addressee"),
            )
        )
        if kind == "reevaluation":
            letter.context["title"] = f"{data.period.year}年度绩效再评价结果反馈告知书"
    return letters


def _deadline_fields(prefix: str, deadline: WorkingDayDeadline) -> dict[str, Any]:
    return {
        f"{prefix}": arabic_date(deadline.date),
        f"{prefix}_iso": deadline.date.isoformat(),
        f"{prefix}_working_days": deadline.working_days,
    }


def _reminders(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    deadline = add_working_days(issue, settings.reminder_working_days)
    letters = []
    for who in data.missing:
        due = config.due_date(data.period, who.kind)
        if who.kind == "unit":
            forms = [FORM_NAMES["project"]]
            projects = data.roster.projects_of(who.code) if data.roster and who.code else []
        else:
            forms = [FORM_NAMES["department"], FORM_NAMES["key_project"]]
            projects = data.roster.key_projects_of(who.code) if data.roster and who.code else []
        context = {
            "addressee": who.name,
            "recipient": who.name,
            "recipient_kind": KIND_NAMES[who.kind],
            "department": who.department,
            "forms": forms,
            "projects": [
                {"no": i, "name": p.name, "budget_total": money(p.budget_total), "fund_source": p.fund_source}
                for i, p in enumerate(projects, 1)
            ],
            "due_date": arabic_date(due),
            "overdue_days": max((issue - due).days, 0),
            "detail": who.detail,
            **_deadline_fields("deadline", deadline),
            "attachments": [f"{f}（空表）" for f in forms],
        }
        letters.append(
            Letter("reminder", who.name, f"催报通知-{who.name}", context, [n for n in [deadline.note] if n])
        )
    return letters


def _finding_rows(lines: list[FindingLine]) -> list[dict[str, Any]]:
    return [
        {
            "no": i,
            "file": f.file,
            "sheet": f.sheet,
            "cell": f.cell,
            "project": f.project or "—",
            "place": "，".join(x for x in (f.sheet if f.sheet != f.project else "", f.cell) if x)
            or "整个文件",
            "severity": "错误" if f.severity == "error" else "提示",
            "message": f.message,
            "suggestion": f.suggestion or ("请更正后重新报送。" if f.severity == "error" else "请核实。"),
        }
        for i, f in enumerate(lines, 1)
    ]


def _rectifications(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    deadline = add_working_days(issue, settings.rectification_working_days)
    letters = []
    for recipient, lines in sorted(data.findings.values(), key=lambda item: item[0].name):
        if not any(f.severity == "error" or f.suggestion for f in lines):
            continue
        files = sorted({f.file for f in lines if f.file})
        context = {
            "addressee": recipient.name,
            "recipient": recipient.name,
            "recipient_kind": KIND_NAMES.get(recipient.kind, "单位"),
            "findings": _finding_rows(lines),
            "error_count": sum(1 for f in lines if f.severity == "error"),
            "warning_count": sum(1 for f in lines if f.severity != "error"),
            "files": files,
            **_deadline_fields("deadline", deadline),
            "attachments": [f"{name}（批注版）" for name in files],
        }
        letters.append(
            Letter(
                "rectification",
                recipient.name,
                f"问题整改通知-{recipient.name}",
                context,
                [n for n in [deadline.note] if n],
            )
        )
    return letters


def warning_lines(data: LetterData, config: Config) -> list[WarningLine]:
    """预警清单: the roll-up's alerts, or else projects behind 序时进度 by more than the margin or with
    indicators at risk."""
    if data.warnings is not None:
        return data.warnings
    progress = time_progress(data.period.end)
    margin = Decimal(str(config.threshold("execution_lag_margin")))
    serious = Decimal(str(config.threshold("serious_lag_margin")))
    out = []
    for dep in data.departments:
        for p in dep.projects:
            execution = p.execution_rate
            lag = progress - execution if execution is not None else None
            reasons, handling = [], []
            if lag is not None and lag > margin:
                reasons.append(f"预算执行率 {percent(execution)}，落后序时进度 {lag:.2f} 个百分点")
                handling.append(HANDLING_SERIOUS if lag > serious else HANDLING_OBJECTIVE)
            if p.at_risk_indicators:
                reasons.append("完成目标可能性低：" + "、".join(x for x in p.at_risk_indicators if x))
                handling.append(HANDLING_AT_RISK)
            if reasons:
                out.append(
                    WarningLine(
                        dep.name,
                        p.unit,
                        p.name,
                        execution,
                        lag,
                        "；".join(reasons),
                        "；".join(dict.fromkeys(handling)),
                    )
                )
    return out


def _warning_rows(lines: list[WarningLine]) -> list[dict[str, Any]]:
    return [
        {
            "no": i,
            "department": w.department,
            "unit": w.unit,
            "project": w.project,
            "execution_rate": percent(w.execution_rate),
            "reason": w.reason,
            "handling": w.handling,
        }
        for i, w in enumerate(lines, 1)
    ]


def _department_numbers(dep: DepartmentLine) -> dict[str, Any]:
    return {
        "name": dep.name,
        "budget_total": money(dep.budget_total),
        "projects_budget": money(dep.projects_budget),
        "funds_received": money(dep.funds_received),
        "funds_spent": money(dep.funds_spent),
        "arrival_rate": percent(dep.arrival_rate),
        "execution_rate": percent(dep.execution_rate),
        "units_total": dep.units_total,
        "units_reported": dep.units_reported,
        "project_count": len(dep.projects),
        "errors": dep.errors,
        "warnings": dep.warnings,
    }


def _feedbacks(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    progress = time_progress(data.period.end)
    warnings = warning_lines(data, config)
    deadline = add_working_days(issue, settings.rectification_working_days)
    letters = []
    for dep in data.departments:
        mine = [w for w in warnings if w.department == dep.name]
        findings = [
            f
            for r, lines in data.findings.values()
            if (r.name if r.kind == "department" else r.department) == dep.name
            for f in lines
        ]
        numbers = _department_numbers(dep)
        behind = dep.execution_rate is not None and progress - dep.execution_rate > 0
        assessment = (
            f"截至{arabic_date(data.period.end)}，你部门{numbers['project_count']}个项目预算总额"
            f"{numbers['projects_budget']}万元，已到位资金{numbers['funds_received']}万元，"
            f"已支出资金{numbers['funds_spent']}万元，资金到位率{numbers['arrival_rate']}，"
            f"预算执行率{numbers['execution_rate']}（已支出资金/预算总额），序时进度{progress:.2f}%，"
            + ("执行进度落后于序时进度。" if behind else "执行进度与序时进度基本相符。")
        )
        context = {
            "addressee": dep.name,
            "recipient": dep.name,
            "department": numbers,
            "assessment": assessment,
            "time_progress": f"{progress:.2f}%",
            "projects": [
                {
                    "no": i,
                    "name": p.name,
                    "unit": p.unit,
                    "budget_total": money(p.budget_total),
                    "funds_spent": money(p.funds_spent),
                    "execution_rate": percent(p.execution_rate),
                }
                for i, p in enumerate(dep.projects, 1)
            ],
            "warnings": _warning_rows(mine),
            "findings": _finding_rows(findings),
            **_deadline_fields("deadline", deadline),
            "attachments": [],  # the tables are in the body
        }
        letters.append(
            Letter(
                "feedback",
                dep.name,
                f"绩效监控结果反馈-{dep.name}",
                context,
                [n for n in [deadline.note] if n],
            )
        )
    return letters


def _report(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    progress = time_progress(data.period.end)
    warnings = warning_lines(data, config)
    total = DepartmentLine(
        name="合计", budget_total=sum((d.budget_total or Decimal(0) for d in data.departments), Decimal(0))
    )
    for dep in data.departments:
        total.projects_budget += dep.projects_budget
        total.funds_received += dep.funds_received
        total.funds_spent += dep.funds_spent
        total.units_total += dep.units_total
        total.units_reported += dep.units_reported
        total.projects.extend(dep.projects)
        total.errors += dep.errors
        total.warnings += dep.warnings
    totals = _department_numbers(total)
    summary = (
        f"本次监控覆盖{len(data.departments)}个预算部门、{totals['units_total']}个预算责任单位，"
        f"已报送{totals['units_reported']}个，未报送{sum(1 for r in data.missing if r.kind == 'unit')}个；"
        f"汇总项目{totals['project_count']}个，预算总额{totals['projects_budget']}万元，"
        f"已支出{totals['funds_spent']}万元，预算执行率{totals['execution_rate']}（已支出资金/预算总额），"
        f"序时进度{progress:.2f}%。列入预警清单的项目{len(warnings)}个。"
    )
    context = {
        "addressee": settings.report_addressee,
        "summary": summary,
        "time_progress": f"{progress:.2f}%",
        "departments": [{"no": i, **_department_numbers(d)} for i, d in enumerate(data.departments, 1)],
        "totals": totals,
        "warnings": _warning_rows(warnings),
        "missing": [
            {"no": i, "name": r.name, "kind": KIND_NAMES[r.kind], "department": r.department or "—"}
            for i, r in enumerate(data.missing, 1)
        ],
        # the renderer turns this into a picture (InlineImage); here it is the data to draw
        "chart": {
            "labels": [d.name for d in data.departments],
            "execution": [float(d.execution_rate or 0) for d in data.departments],
            "arrival": [float(d.arrival_rate or 0) for d in data.departments],
            "time_progress": float(progress),
        },
        "attachments": [],  # the tables and the chart are in the body
    }
    return [Letter("report", settings.report_addressee, f"{data.period.name}预算绩效运行监控总报告", context)]


def _reevaluations(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    """Per department: the results given in a CSV, or (without one) a grade from the monitoring data.

    Without a CSV each department gets one line for the department as a whole: 良好 when its 预算执行率
    is within execution_lag_margin of 序时进度, 一般 within serious_lag_margin, 较差 beyond.
    """
    deadline = add_working_days(issue, settings.rectification_working_days)
    results = data.reevaluations or _derived_reevaluations(data, config)
    by_dep: dict[str, list[ReevaluationLine]] = defaultdict(list)
    for line in results:
        by_dep[line.department].append(line)
    letters = []
    for name, lines in by_dep.items():
        context = {
            "addressee": name,
            "recipient": name,
            "results": [
                {
                    "no": i,
                    "project": r.project,
                    "score": r.score or "—",
                    "grade": r.grade or "—",
                    "conclusion": r.conclusion,
                    "requirement": r.requirement or "—",
                }
                for i, r in enumerate(lines, 1)
            ],
            **_deadline_fields("deadline", deadline),
            "attachments": [],
        }
        letters.append(
            Letter(
                "reevaluation",
                name,
                f"绩效再评价结果反馈告知书-{name}",
                context,
                [n for n in [deadline.note] if n],
            )
        )
    return letters


def _derived_reevaluations(data: LetterData, config: Config) -> list[ReevaluationLine]:
    progress = time_progress(data.period.end)
    margin = Decimal(str(config.threshold("execution_lag_margin")))
    serious = Decimal(str(config.threshold("serious_lag_margin")))
    out = []
    for dep in data.departments:
        execution = dep.execution_rate
        if execution is None:
            continue
        lag = progress - execution
        grade = "良好" if lag <= margin else "一般" if lag <= serious else "较差"
        requirement = {
            "良好": "保持执行进度，做好年度目标完成工作。",
            "一般": HANDLING_OBJECTIVE,
            "较差": HANDLING_SERIOUS,
        }[grade]
        out.append(
            ReevaluationLine(
                dep.name,
                "部门整体",
                grade=grade,
                requirement=requirement,
                conclusion=f"预算执行率{percent(execution)}，序时进度{progress:.2f}%，"
                f"发现问题{dep.errors}个。",
            )
        )
    return out
