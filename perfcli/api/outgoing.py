"""What `perfcli send` sends: for each kind, the recipients, their files from the ledger and the mail's
words (the workspace's template, else the shipped one). One record per kind (KINDS, PLANNERS)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.io.files.digest import sha256_or_none
from perfcli.ledger import mail as ledger_mail
from perfcli.ledger.mail import OutgoingKey
from perfcli.ledger.outputs import bundled_files
from perfcli.ledger.store import Ledger
from perfcli.letters.build import ALL_LETTER_KINDS
from perfcli.letters.dates import add_working_days
from perfcli.letters.letter import LetterSettings
from perfcli.mail.compose import DEFAULT_TEMPLATES, Draft, render_text
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.model.values import name_key

KINDS = {"forms": "监控表", "letters": "函件", "receipts": "回执"}
MAX_FINDINGS_LISTED = 30  # a receipt lists this many; the annotated copy has them all


@dataclass
class Outgoing:
    key: OutgoingKey
    recipient: str  # the name shown (unit, department, or the sender a receipt answers)
    addresses: list[str]
    draft: Draft
    files: list[Path] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    problem: str | None = None  # why it cannot go (a file gone or changed)


def plan(kind: str, ledger: Ledger, config: Config, period: Period, roster: Roster | None) -> list[Outgoing]:
    return PLANNERS[kind](ledger, config, period, roster)


def template_of(config: Config, kind: str) -> str:
    """The workspace's template ([templates] mail_<kind>), else the shipped one."""
    path = config.template_override(f"mail_{kind}")
    if path is None:
        return DEFAULT_TEMPLATES[kind]
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取邮件模板 {path}：{exc}") from exc


def _common(config: Config, period: Period) -> dict[str, Any]:
    settings = LetterSettings.from_config(config)
    return {
        "period_name": period.name,
        "period": period.code,
        "signatory": settings.signatory,
        "contact": settings.contact,
        "phone": settings.phone,
    }


def _files(paths: list[Path], recorded: list[str | None]) -> tuple[list[str], str | None]:
    """The files' sha256 now, and a problem when one is gone or no longer what the ledger recorded."""
    digests = []
    for path, sha in zip(paths, recorded, strict=True):
        found = sha256_or_none(path)
        if found is None:
            return [], f"文件已不存在：{path}"
        if sha is not None and found[0] != sha:
            return [], f"文件已改动（与台账记录不符）：{path}"
        digests.append(found[0])
    return digests, None


def _owner(roster: Roster | None, code: str = "", name: str = "") -> tuple[str, list[str]]:
    """(name, addresses) of a unit or department, by code or by name."""
    if roster is None:
        return name or code, []
    unit = roster.unit_or_none(code) if code else roster.unit_by_name.get(name_key(name))
    department = roster.department_or_none(code) if code else roster.department_by_name.get(name_key(name))
    found = unit or department
    return (found.name, list(found.emails)) if found else (name or code, [])


def _forms(ledger: Ledger, config: Config, period: Period, roster: Roster | None) -> list[Outgoing]:
    rows = ledger.db.execute(
        "SELECT workbook, unit, file, sha256 FROM forms_issued WHERE period = ? AND status = 'written'"
        " ORDER BY workbook DESC, unit, file",
        (period.code,),
    ).fetchall()
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row["workbook"], row["unit"])].append(row)
    out = []
    template = template_of(config, "forms")
    for (workbook, code), group in groups.items():
        name, addresses = _owner(roster, code=code)
        paths = [ledger.root.locate(r["file"]) for r in group]
        digests, problem = _files(paths, [r["sha256"] for r in group])
        context = {
            **_common(config, period),
            "recipient": name,
            "recipient_kind": "部门" if workbook == "department" else "单位",
            "files": [p.name for p in paths],
            "due_date": config.due_date(period, workbook if workbook == "department" else "unit").isoformat(),
        }
        subject, body = render_text(template, context)
        key = OutgoingKey("forms", period.code, code, ",".join(sorted(digests)))
        out.append(
            Outgoing(key, name, addresses, Draft(addresses, subject, body, paths), paths, digests, problem)
        )
    return out


def _letters(ledger: Ledger, config: Config, period: Period, roster: Roster | None) -> list[Outgoing]:
    rows = ledger.db.execute(
        "SELECT kind, recipient, doc_number, file, sha256 FROM letters WHERE period = ? AND status = 'issued'"
        " AND file IS NOT NULL ORDER BY kind, recipient",
        (period.code,),
    ).fetchall()
    out = []
    template = template_of(config, "letters")
    for row in rows:
        name, addresses = _owner(roster, name=row["recipient"])
        # the letter, then the 附件 it lists (render --bundle put them beside it)
        attached = bundled_files(ledger, row["sha256"]) if row["sha256"] else []
        paths = [ledger.root.locate(row["file"])] + [ledger.root.locate(file) for file, _ in attached]
        digests, problem = _files(paths, [row["sha256"]] + [sha for _, sha in attached])
        title = ALL_LETTER_KINDS.get(row["kind"], row["kind"])
        context = {
            **_common(config, period),
            "recipient": name,
            "subject_text": f"{title}（{row['doc_number']}）",
        }
        subject, body = render_text(template, context)
        key = OutgoingKey("letters", period.code, f"{row['kind']}:{name}", ",".join(digests))
        out.append(
            Outgoing(key, name, addresses, Draft(addresses, subject, body, paths), paths, digests, problem)
        )
    return out


def _receipts(ledger: Ledger, config: Config, period: Period, roster: Roster | None) -> list[Outgoing]:
    """A receipt for each return that came by mail: to the address it came from, in reply to that mail."""
    from perfcli.api.ledger import checked_returns
    from perfcli.findings.timeliness import is_late
    from perfcli.io.files.scratch import scratch_dir
    from perfcli.io.xlsx.write.annotate import annotate_results

    returns = [
        {**r, "saved_as": str(ledger.root.locate(r["saved_as"]))}
        for r in ledger_mail.returns_by_mail(ledger, period.code)
        if ledger.root.locate(r["saved_as"]).is_file()
    ]
    if not returns:
        return []
    report = checked_returns(
        sorted({Path(r["saved_as"]) for r in returns}), config, period=period, roster=roster
    )
    results = {str(Path(f.path)): f for f in report.files}
    settings = LetterSettings.from_config(config)
    fix_by = add_working_days(config.today(), settings.rectification_working_days).date.isoformat()
    template = template_of(config, "receipts")
    annotated = scratch_dir("receipts")
    out = []
    for row in returns:
        result = results.get(str(Path(row["saved_as"])))
        findings = list(result.findings) if result is not None else []
        workbook = (result.workbook_kind if result is not None else None) or "unit"
        due = config.due_date(period, "department" if workbook == "department" else "unit")
        files: list[Path] = []
        if findings and result is not None:
            files = annotate_results([result], annotated / row["sha256"][:16], force=True)
        name = (
            _owner(roster, code=row["unit"] or row["mail_unit"] or "")[0]
            if (row["unit"] or row["mail_unit"])
            else row["sender"]
        )
        context = {
            **_common(config, period),
            "recipient": name,
            "original_subject": row["subject"] or row["name"],
            "mail_date": row["local_date"] or "",
            "file_name": Path(row["name"]).name,
            "superseded": result is not None and result.status == "superseded",
            "passed": not findings,
            "has_errors": any(f.severity == "error" for f in findings),
            "late": is_late(row["local_date"], due),
            "due_date": due.isoformat(),
            "fix_by": fix_by,
            "findings": [_finding_line(f) for f in findings[:MAX_FINDINGS_LISTED]],
        }
        subject, body = render_text(template, context)
        key = OutgoingKey("receipts", period.code, row["sender"], row["sha256"])
        draft = Draft([row["sender"]], subject, body, files, in_reply_to=row["message_id"])
        digests = [sha for sha, _ in (sha256_or_none(p) or ("", 0) for p in files)]
        out.append(Outgoing(key, name, [row["sender"]], draft, files, digests))
    return out


def _finding_line(finding: Any) -> str:
    where = " ".join(x for x in (finding.sheet, finding.cell) if x)
    level = "错误" if finding.severity == "error" else "提示"
    return f"【{level}】{where + '：' if where else ''}{finding.message}"


PLANNERS: dict[str, Callable[[Ledger, Config, Period, Roster | None], list[Outgoing]]] = {
    "forms": _forms,
    "letters": _letters,
    "receipts": _receipts,
}
