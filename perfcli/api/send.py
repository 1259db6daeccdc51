"""`perfcli send forms|letters|receipts`: one mail per recipient with its files from the ledger — written
as .eml drafts (the default) or sent over SMTP — every mail recorded, a rerun sending only what was not
sent. What each kind sends and to whom is planned in api.outgoing."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, period_of, roster_of
from perfcli.api.ledger import workspace_ledger
from perfcli.api.mail import PASSWORD_VARIABLE
from perfcli.api.outgoing import KINDS, Outgoing, plan
from perfcli.errors import UsageError
from perfcli.io.files.outputs import safe_filename, write_atomic
from perfcli.ledger import mail as ledger_mail
from perfcli.ledger.store import Ledger
from perfcli.mail.compose import build_message, new_message_id
from perfcli.mail.smtp import Sender, SmtpSettings
from perfcli.model.config import Config

NOTHING_HINT = {
    "forms": "先在本工作区用 perfcli generate 生成本期监控表",
    "letters": "先在本工作区用 perfcli render 出具函件",
    "receipts": "先用 perfcli receive 从邮件收取报送的表",
}
STATUS_TEXT = {
    "sent": "已发送",
    "drafted": "已写成草稿",
    "already": "此前已发送，未重发",
    "uncertain": "上次运行中断，不能确定是否已发出，未重发（确认对方未收到后可加 --resend）",
    "no_address": "名册中没有邮箱，未发送",
    "missing": "文件缺失，未发送",
    "failed": "发送失败",
}


@dataclass
class SendItem:
    recipient: str
    addresses: list[str]
    files: list[str]
    status: str  # see STATUS_TEXT
    message_id: str | None = None
    detail: str | None = None
    draft: str | None = None

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "result": self.status_text}


@dataclass
class SendResult:
    kind: str
    period: str
    via: str  # draft | smtp
    items: list[SendItem] = field(default_factory=list)
    drafts: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "period": self.period,
            "via": self.via,
            "drafts": str(self.drafts) if self.drafts else None,
            "items": [i.to_json() for i in self.items],
            "warnings": self.warnings,
        }

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


def send(
    kind: str,
    *,
    period: PeriodArg,
    roster: RosterArg = None,
    config: ConfigArg = None,
    drafts: Path | str | None = None,
    smtp: bool = False,
    resend: bool = False,
    password: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SendResult:
    """Mail `kind` (forms, letters, receipts) of `period`: .eml drafts into `drafts` (default), or over
    SMTP with `smtp` ([mail] settings; the password from `password`, else PERFCLI_MAIL_PASSWORD). Mails
    recorded as sent before are not sent again unless `resend`; a recipient without an address is listed."""
    if kind not in KINDS:
        raise UsageError(f"未知的邮件种类“{kind}”：可选 {'、'.join(KINDS)}")
    if smtp and drafts is not None:
        raise UsageError("--drafts 与 --smtp 只能选一个：草稿写入文件夹，--smtp 直接发送")
    settings = config_of(config)
    chosen = period_of(period, settings)
    if chosen is None:
        raise UsageError("请用 --period 指定期间，如 2026Q3")
    known_roster = roster_of(roster, settings)
    smtp_settings = smtp_settings_of(settings, password) if smtp else None
    folder = (
        None if smtp else Path(drafts) if drafts is not None else _default_drafts(settings, kind, chosen.code)
    )
    result = SendResult(kind, chosen.code, "smtp" if smtp else "draft", drafts=folder)
    if smtp_settings is not None and smtp_settings.security == "none":
        result.warnings.append(
            f'[mail] security = "none"：与邮件服务器 {smtp_settings.host} 之间不加密，密码和邮件明文传输；'
            "只应用于本机或内网的中继服务器。"
        )
    with workspace_ledger(settings) as ledger:
        outgoing = plan(kind, ledger, settings, chosen, known_roster)
        if not outgoing:
            result.warnings.append(f"台账中没有{chosen.name}可发送的{KINDS[kind]}（{NOTHING_HINT[kind]}）。")
        sender = Sender(smtp_settings, sleep) if smtp_settings is not None else None
        try:
            for item in outgoing:
                held = _held(ledger, item, result.via, resend)
                result.items.append(held or _deliver(ledger, settings, item, sender, folder))
        finally:
            if sender is not None:
                sender.close()
    return result


def smtp_settings_of(config: Config, password: str | None) -> SmtpSettings:
    mail = config.section("mail")
    host = str(mail.get("smtp_host") or "")
    if not host or not mail.get("from_address"):
        raise UsageError(
            "用 --smtp 发送需要在 perfcli.toml 的 [mail] 中填写 smtp_host 和 from_address（见 README 的“邮件”一节）"
        )
    security = str(mail.get("security") or "ssl")
    default_port = {"ssl": 465, "starttls": 587}.get(security, 25)
    return SmtpSettings(
        host=host,
        port=int(mail.get("smtp_port") or default_port),
        security=security,
        user=str(mail.get("smtp_user") or ""),
        password=password if password is not None else os.environ.get(PASSWORD_VARIABLE, ""),
        rate=float(mail.get("rate", 30) or 0),
    )


def _default_drafts(config: Config, kind: str, period: str) -> Path:
    assert config.path is not None  # inside a workspace (workspace_ledger checks it)
    return config.path.parent / "邮件草稿" / f"{period}-{KINDS[kind]}"


def _held(ledger: Ledger, item: Outgoing, via: str, resend: bool) -> SendItem | None:
    """Why `item` is not to go now (listed with the reason), or None when it goes."""
    held = SendItem(item.recipient, item.addresses, [p.name for p in item.files], "")
    if item.problem is not None:
        held.status, held.detail = "missing", item.problem
    elif not item.addresses:
        held.status = "no_address"
    else:
        earlier = ledger_mail.sent_before(ledger, item.key, via)
        if earlier is None or resend:
            return None
        if earlier["status"] == "sending" and via == "draft":
            return None  # a draft half-written by a killed run: writing it again sends nothing
        held.status = "uncertain" if earlier["status"] == "sending" else "already"
        held.message_id, held.draft = earlier["message_id"], earlier["draft"]
    return held


def _deliver(
    ledger: Ledger, config: Config, item: Outgoing, sender: Sender | None, folder: Path | None
) -> SendItem:
    from_address = str(config.section("mail").get("from_address") or "")
    message_id = new_message_id(from_address)
    message = build_message(item.draft, from_address, message_id=message_id)
    files = [(p.name, sha) for p, sha in zip(item.files, item.digests, strict=True)]
    done = SendItem(item.recipient, item.addresses, [p.name for p in item.files], "", message_id)
    if sender is None:
        assert folder is not None
        target = _free(
            folder / f"{safe_filename(f'{item.recipient}-{item.draft.subject}', max_bytes=120)}.eml"
        )
        row = ledger_mail.begin_sending(
            ledger, item.key, via="draft", addresses=item.addresses, message_id=message_id, files=files,
            draft=ledger.root.store(target),
        )  # fmt: skip
        write_atomic(target, lambda tmp: tmp.write_bytes(message.as_bytes()))
        ledger_mail.finish_sending(ledger, row)
        done.status, done.draft = "drafted", str(target)
        return done
    sender.pace()
    row = ledger_mail.begin_sending(
        ledger, item.key, via="smtp", addresses=item.addresses, message_id=message_id, files=files
    )
    failure = sender.send(message, item.addresses)
    ledger_mail.finish_sending(ledger, row, error=failure)
    done.status, done.detail = ("failed", failure) if failure else ("sent", None)
    return done


def _free(target: Path) -> Path:
    candidate, n = target, 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}（{n}）{target.suffix}")
    return candidate
