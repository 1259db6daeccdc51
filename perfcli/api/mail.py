"""`perfcli receive`: take returns straight from mail — save every workbook attachment into the workspace's
returns folder for its period, record the mail (its Date is the return's 报送日期) and say what became of
each attachment. `perfcli send` is in api.send."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, paths_of, period_of, roster_of
from perfcli.api.ledger import workspace_ledger
from perfcli.findings.matching import owner_name
from perfcli.forms.registry import forms_of
from perfcli.io.files.outputs import safe_filename, write_atomic
from perfcli.io.files.scratch import scratch_dir
from perfcli.io.xlsx.read.limits import Rejected, limits_from_settings
from perfcli.ledger import mail as ledger_mail
from perfcli.ledger.store import Ledger
from perfcli.mail.archives import zip_entries
from perfcli.mail.imap import is_imap, parse_imap_url, read_imap
from perfcli.mail.sources import IncomingMail, read_sources
from perfcli.model.addresses import address_key
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.model.values import name_key
from perfcli.returns.discover import WORKBOOK_SUFFIXES
from perfcli.returns.read import read_workbook

PASSWORD_VARIABLE = "PERFCLI_MAIL_PASSWORD"  # also read by api.send
RETURNS_FOLDER = "回收"
UNDATED_FOLDER = "未定期间"
# the yearly forms, which carry a year and no period, go to 回收/2027年度绩效目标申报表 or 回收/2026年度自评表
YEARLY_FOLDERS = {"target": "绩效目标申报表", "self_evaluation": "自评表"}


def _yearly_folder(records: list[Any], config: Config) -> str:
    stages = forms_of(config).stages
    for record in records:
        year, name = record.fields.get("year"), YEARLY_FOLDERS.get(stages.get(record.form, ""))
        if isinstance(year, int) and name:
            return f"{year}年度{name}"
    return UNDATED_FOLDER


STATUS_TEXT = {"saved": "已保存", "duplicate": "重复", "not_a_form": "不是监控表", "unreadable": "无法读取"}
Progress = Callable[[int, int, str], None]


@dataclass
class AttachmentResult:
    name: str
    status: str  # saved | duplicate | not_a_form | unreadable (STATUS_TEXT says it in Chinese)
    sha256: str | None = None
    saved_as: str | None = None
    reason: str | None = None
    unit: str | None = None  # the unit or department code the workbook names (its identity, else by name)
    unit_name: str | None = None
    period: str | None = None

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "saved_as": self.saved_as,
            "sha256": self.sha256,
            "status": self.status,
            "result": self.status_text,
            "reason": self.reason,
        }


@dataclass
class ReceivedMail:
    message_id: str
    sender: str
    subject: str
    date: str | None  # ISO 8601 as the Date header says
    local_date: str | None  # the 报送日期: the Date in the bureau's time zone
    source: str
    unit: str | None = None
    unit_name: str | None = None
    attachments: list[AttachmentResult] = field(default_factory=list)
    problem: str | None = None
    known: bool = False  # the same Message-ID was received before

    def to_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "sender": self.sender,
            "subject": self.subject,
            "date": self.date,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "attachments": [a.to_json() for a in self.attachments],
        }


@dataclass
class ReceiveResult:
    mails: list[ReceivedMail]
    folder: Path

    def to_json(self) -> list[dict[str, Any]]:
        return [m.to_json() for m in self.mails]

    def count(self, status: str) -> int:
        return sum(1 for m in self.mails for a in m.attachments if a.status == status)


def receive(
    sources: Iterable[Path | str] | Path | str,
    *,
    period: PeriodArg = None,
    roster: RosterArg = None,
    config: ConfigArg = None,
    since: date | None = None,
    mark_seen: bool = False,
    password: str | None = None,
    progress: Progress | None = None,
) -> ReceiveResult:
    """Receive every message of `sources` (folders of .eml/.msg, .eml, .msg or mbox files, or
    imaps://user@host[:port]/folder) into the workspace: workbook attachments (also inside .zip) saved
    under the returns folder, each message and attachment recorded in the ledger, in one transaction per
    message. IMAP: messages since `since`; the password from `password`, else PERFCLI_MAIL_PASSWORD;
    `mark_seen` flags each message \\Seen once recorded (nothing else on the server ever changes)."""
    settings = config_of(config)
    chosen = period_of(period, settings)
    known_roster = roster_of(roster, settings)
    listed = [sources] if isinstance(sources, (str, Path)) else list(sources)
    mailboxes = [parse_imap_url(str(s)) for s in listed if isinstance(s, str) and is_imap(s)]
    paths = paths_of([s for s in listed if not (isinstance(s, str) and is_imap(s))])
    secret = password if password is not None else os.environ.get(PASSWORD_VARIABLE, "")
    messages = chain(
        read_sources(paths) if paths else iter(()),
        *(read_imap(m, secret, since=since, mark_seen=mark_seen) for m in mailboxes),
    )
    with workspace_ledger(settings) as ledger:
        receiver = _Receiver(ledger, settings, chosen, known_roster)
        mails = []
        try:
            for n, incoming in enumerate(messages, 1):
                if progress is not None:
                    progress(n, 0, incoming.source)
                mails.append(receiver.take(incoming))
        finally:
            shutil.rmtree(receiver.scratch, ignore_errors=True)
        return ReceiveResult(mails, receiver.base)


def reads_a_mailbox(sources: Iterable[Path | str]) -> bool:
    """Whether some source is an IMAP mailbox (imaps://…), which needs a password."""
    return any(isinstance(s, str) and is_imap(s) for s in sources)


def returns_folder(config: Config) -> Path:
    """The workspace's returns folder ([mail] returns_folder, relative to perfcli.toml): one subfolder
    per period."""
    assert config.path is not None  # receive runs inside a workspace (workspace_ledger checked it)
    value = Path(str(config.section("mail").get("returns_folder") or RETURNS_FOLDER))
    return value if value.is_absolute() else config.path.parent / value


class _Receiver:
    def __init__(self, ledger: Ledger, config: Config, period: Period | None, roster: Roster | None) -> None:
        self.ledger, self.config, self.period, self.roster = ledger, config, period, roster
        self.base = returns_folder(config)
        self.limits = limits_from_settings(config.section("reading"))
        self.scratch = scratch_dir("receive")
        self.seen: dict[str, str] = {}  # sha256 -> saved path, this run
        self.by_address = {address_key(a): u.code for u in (roster.units if roster else []) for a in u.emails}
        self.by_address.update(
            {address_key(a): d.code for d in (roster.departments if roster else []) for a in d.emails}
        )
        self.learned = ledger_mail.learned_contacts(ledger)

    def take(self, incoming: IncomingMail) -> ReceivedMail:
        zone = self.config.zone
        mail = ReceivedMail(
            incoming.message_id,
            incoming.sender,
            incoming.subject,
            incoming.date.isoformat() if incoming.date else None,
            incoming.date.astimezone(zone).date().isoformat() if incoming.date else None,
            incoming.source,
            problem=incoming.problem,
            known=ledger_mail.mail_known(self.ledger, incoming.message_id),
        )
        for attachment in incoming.attachments:
            mail.attachments += self._attachment(attachment.name, attachment.data)
        self._settle_unit(mail)
        with self.ledger.transaction() as db:
            ledger_mail.record_mail(
                db,
                message_id=mail.message_id,
                sender=mail.sender,
                subject=mail.subject,
                date=mail.date,
                local_date=mail.local_date,
                period=self._mail_period(mail),
                unit=mail.unit,
                source=mail.source,
                files=[
                    ledger_mail.ReceivedFile(
                        a.name,
                        a.sha256,
                        self.ledger.root.store(a.saved_as) if a.saved_as else None,
                        a.status,
                        a.reason,
                        a.unit,
                    )
                    for a in mail.attachments
                ],
            )
            identified = next((a.unit for a in mail.attachments if a.unit), None)
            if identified and mail.sender and address_key(mail.sender) not in self.by_address:
                ledger_mail.learn_contact(db, mail.sender, identified)
                self.learned[address_key(mail.sender)] = identified
        return mail

    def _mail_period(self, mail: ReceivedMail) -> str | None:
        if self.period is not None:
            return self.period.code
        return next((a.period for a in mail.attachments if a.period), None)

    def _settle_unit(self, mail: ReceivedMail) -> None:
        """The mail's unit: the one its workbooks name, else the one its sender's address belongs to."""
        found = next((a for a in mail.attachments if a.unit or a.unit_name), None)
        if found is not None:
            mail.unit, mail.unit_name = found.unit, found.unit_name
            return
        key = address_key(mail.sender) if mail.sender else ""
        code = self.by_address.get(key) or self.learned.get(key)
        if code:
            mail.unit, mail.unit_name = code, self._name_of(code)

    def _name_of(self, code: str) -> str | None:
        if self.roster is None:
            return None
        unit = self.roster.unit_or_none(code)
        department = self.roster.department_or_none(code)
        return unit.name if unit else department.name if department else None

    def _attachment(self, name: str, data: bytes) -> list[AttachmentResult]:
        shown = _base_name(name) or "未命名附件"
        if shown.lower().endswith(".zip"):
            try:
                entries = zip_entries(data, self.limits, WORKBOOK_SUFFIXES)
            except Rejected as exc:
                return [AttachmentResult(shown, "unreadable", _sha(data), reason=exc.reason)]
            if not entries:
                return [AttachmentResult(shown, "not_a_form", _sha(data), reason="压缩包内没有工作簿")]
            out = []
            for entry in entries:
                label = f"{shown}/{_base_name(entry.name) or '未命名'}"
                if entry.data is None:
                    out.append(AttachmentResult(label, "unreadable", reason=entry.problem))
                else:
                    out.append(self._workbook(label, _base_name(entry.name), entry.data))
            return out
        if not shown.lower().endswith(WORKBOOK_SUFFIXES):
            return [AttachmentResult(shown, "not_a_form", _sha(data), reason="不是工作簿")]
        return [self._workbook(shown, shown, data)]

    def _workbook(self, label: str, file_name: str, data: bytes) -> AttachmentResult:
        sha = _sha(data)
        earlier = self.seen.get(sha) or ledger_mail.file_received(self.ledger, sha)
        if earlier:
            return AttachmentResult(label, "duplicate", sha, earlier, reason="与此前收到的文件内容相同")
        suffix = Path(file_name).suffix.lower()
        probe = self.scratch / f"{sha[:16]}{suffix}"
        probe.write_bytes(data)
        try:
            content = read_workbook(probe, self.config)
        finally:
            probe.unlink(missing_ok=True)
        if content.rejected:
            return AttachmentResult(label, "unreadable", sha, reason=content.rejected)
        if not content.records:
            return AttachmentResult(label, "not_a_form", sha, reason="工作簿中没有找到监控表")
        result = AttachmentResult(label, "saved", sha)
        identity = content.identity
        if identity is not None and identity.code:
            result.unit, result.unit_name = identity.code, identity.name
        else:
            result.unit_name = owner_name(content.records, forms_of(self.config))
            result.unit = self._code_by_name(result.unit_name)
        if self.roster is not None and result.unit:
            result.unit_name = self._name_of(result.unit) or result.unit_name
        periods = [r.period for r in content.records if r.period is not None]
        chosen = self.period or (periods[0] if periods else None)
        result.period = chosen.code if chosen else None
        folder = self.base / (chosen.code if chosen else _yearly_folder(content.records, self.config))
        target = _free_name(folder, safe_filename(file_name, fallback="附件") or "附件", suffix)
        write_atomic(target, lambda tmp: tmp.write_bytes(data))
        result.saved_as = str(target)
        self.seen[sha] = str(target)
        return result

    def _code_by_name(self, name: str | None) -> str | None:
        if self.roster is None or not name:
            return None
        key = name_key(name)
        unit = self.roster.unit_by_name.get(key)
        department = self.roster.department_by_name.get(key)
        return unit.code if unit else department.code if department else None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _base_name(name: str) -> str:
    """The last part of a name that may carry a path (either separator): nothing of it leaves the folder."""
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()


def _free_name(folder: Path, name: str, suffix: str) -> Path:
    """`name` in `folder`, or name（2）, name（3）… when taken (a file received earlier is never overwritten)."""
    if suffix and not name.lower().endswith(suffix):
        name += suffix
    stem, ext = (name[: -len(suffix)], suffix) if suffix else (name, "")
    candidate, n = folder / name, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}（{n}）{ext}"
    return candidate
