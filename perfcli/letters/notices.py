"""What the notices say: 催报通知 to whoever still owes a form, 问题整改通知 (纠偏意见) to whoever must
correct something."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from perfcli.forms.registry import forms_of
from perfcli.io.xlsx.write.annotate import annotated_stem
from perfcli.letters.data import KIND_NAMES, CarriedItem, FindingLine, LetterData, Recipient
from perfcli.letters.dates import add_working_days, arabic_date
from perfcli.letters.letter import Attachment, Letter, LetterSettings, deadline_fields
from perfcli.model.config import Config
from perfcli.model.values import money_text


def _owed(data: LetterData, who: Recipient, config: Config) -> tuple[list[str], list[Any]]:
    """The forms a recipient owes (full names) — as its 报送情况 row says, so a department without a key
    project is never asked for a 附表3, roster or not — and the roster projects they cover."""
    roster = data.roster
    if who.kind == "unit":
        projects = roster.projects_of(who.code) if roster and who.code else []
    else:
        projects = roster.key_projects_of(who.code) if roster and who.code else []
    forms = forms_of(config)
    if who.forms:
        return [forms.by_code(code).full_name for code in who.forms], projects
    return [s.full_name for s in forms.owed(who.kind, bool(projects))], projects


def reminders(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    deadline = add_working_days(issue, settings.reminder_working_days)
    letters = []
    for who in data.missing:
        due = config.due_date(data.period, who.kind)
        forms, projects = _owed(data, who, config)
        context = {
            "addressee": who.name,
            "recipient": who.name,
            "recipient_kind": KIND_NAMES[who.kind],
            "department": who.department,
            "forms": forms,
            "projects": [
                {
                    "no": i,
                    "name": p.name,
                    "budget_total": money_text(p.budget_total),
                    "fund_source": p.fund_source,
                }
                for i, p in enumerate(projects, 1)
            ],
            "due_date": arabic_date(due),
            "overdue_days": max((issue - due).days, 0),
            "detail": who.detail,
            **deadline_fields("deadline", deadline),
            "attachments": [],  # listed when delivered (render --bundle): see Letter.attachments
        }
        # the forms owed, pre-filled from the roster: only a roster says what they hold
        blank = (
            [Attachment(f"{who.name}_{'、'.join(who.forms or ['监控表'])}（空表）.xlsx", "blank_form",
                        recipient_code=who.code)]
            if data.roster is not None and who.code
            else []
        )  # fmt: skip
        letters.append(
            Letter(
                "reminder",
                who.name,
                f"催报通知-{who.name}",
                context,
                [n for n in [deadline.note] if n],
                blank,
            )
        )
    return letters


def finding_rows(lines: list[FindingLine]) -> list[dict[str, Any]]:
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


def carried_intro(reported: bool, who: str, period_name: str) -> str:
    """What the letter may say of the open items: checked against this period's return only if one came."""
    if reported:
        return f"此前通知整改的以下问题，经核对你{who}报送的{period_name}监控表，尚未整改："
    return f"此前通知整改的以下问题，你{who}尚未报送{period_name}监控表，整改情况无法核实，请一并整改并报送："


def carried_rows(
    items: list[CarriedItem], lines: list[FindingLine], reported: bool = True
) -> list[dict[str, Any]]:
    """整改 items raised before and still open: with their ID, the date first raised and, when the finding
    is still there, what it says now. Without a return this period nothing was checked: 待核实."""
    now = {line.key: line for line in lines}
    rows = []
    for i, item in enumerate(items, 1):
        line = now.get(item.key)
        raised = arabic_date(date.fromisoformat(item.raised))
        number = f"（{item.doc_number}）" if item.doc_number else ""
        rows.append(
            {
                "no": i,
                "id": item.id,
                "project": item.project or "—",
                "message": line.message if line else item.message,
                "raised": raised,
                "status": f"已于{raised}提出{number}，" + ("尚未整改" if reported else "整改情况待核实"),
            }
        )
    return rows


def _rectification_attachments(data: LetterData, who: Recipient, files: list[str]) -> list[Attachment]:
    """The annotated copy of each of the recipient's returns that is still at hand, and its 问题清单."""
    found = []
    for name in files:
        source = data.returns.get(name)
        if source is not None and source.status == "read" and Path(source.path).is_file():
            found.append(Attachment(f"{annotated_stem(Path(name))}.xlsx", "annotated", source=source.path))
    if files:
        found.append(Attachment(f"问题清单-{who.name}.xlsx", "findings", recipient_code=who.code))
    return found


def rectifications(data: LetterData, config: Config, settings: LetterSettings, issue: date) -> list[Letter]:
    """One 整改通知 per recipient with something to correct: this period's findings (errors, and warnings
    with a handling suggestion) and the 整改 items raised before and still open, listed apart with their
    IDs; a finding an open item already covers is listed only there."""
    deadline = add_working_days(issue, settings.rectification_working_days)
    recipients = {key: who for key, (who, _) in data.carried.items()}
    recipients.update({key: who for key, (who, _) in data.findings.items()})
    letters = []
    for key, recipient in sorted(recipients.items(), key=lambda item: item[1].name):
        lines = data.findings.get(key, (recipient, []))[1]
        carried = data.carried.get(key, (recipient, []))[1]
        covered = {item.key for item in carried}
        new = [f for f in lines if (f.severity == "error" or f.suggestion) and f.key not in covered]
        if not new and not carried:
            continue
        files = sorted({f.file for f in lines if f.file})
        reported = data.has_reported(recipient)
        who = "部门" if recipient.kind == "department" else "单位"
        context = {
            "addressee": recipient.name,
            "recipient": recipient.name,
            "recipient_kind": KIND_NAMES.get(recipient.kind, "单位"),
            "findings": finding_rows(new),
            "error_count": sum(1 for f in new if f.severity == "error"),
            "warning_count": sum(1 for f in new if f.severity != "error"),
            "carried": carried_rows(carried, lines, reported),
            "carried_intro": carried_intro(reported, who, data.period.name),
            "files": files,
            **deadline_fields("deadline", deadline),
            "attachments": [],  # listed when delivered (render --bundle): see Letter.attachments
        }
        stem = f"问题整改通知-{recipient.name}"
        letters.append(
            Letter(
                "rectification",
                recipient.name,
                stem,
                context,
                [n for n in [deadline.note] if n],
                _rectification_attachments(data, recipient, files),
            )
        )
    return letters
