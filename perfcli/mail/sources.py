"""Where received mail comes from: a folder of .eml / Outlook .msg files, or an mbox file; each message
becomes an IncomingMail with its sender, subject, Date and attachments (zips left whole: see archives)."""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.mail.decode import attachment_name, header_text

MAIL_SUFFIXES = (".eml", ".msg")
MBOX_SUFFIXES = (".mbox", ".mbx", ".mbs")


@dataclass
class Attachment:
    name: str  # as the sender named it, decoded; may hold a path or be empty
    data: bytes


@dataclass
class IncomingMail:
    """One received message, as much as receiving needs of it."""

    source: str  # the file (or mbox file and index) it was read from
    message_id: str
    sender: str  # the From address
    sender_name: str
    subject: str
    date: datetime | None  # the Date header (aware), None when absent or unreadable
    attachments: list[Attachment] = field(default_factory=list)
    problem: str | None = None  # why the message itself could not be read


def read_sources(sources: list[Path]) -> Iterator[IncomingMail]:
    """Every message of `sources` in order: folders (their .eml/.msg files, recursively), .eml, .msg and
    mbox files. A source that does not exist is a usage error; a message that cannot be parsed comes back
    with its `problem`."""
    for source in sources:
        if not source.exists():
            raise UsageError(f"找不到邮件文件或文件夹：{source}")
    for source in sources:
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.suffix.lower() in MAIL_SUFFIXES):
                if not path.name.startswith((".", "~$")):
                    yield read_file(path)
        elif source.suffix.lower() in MBOX_SUFFIXES or _looks_like_mbox(source):
            yield from read_mbox(source)
        else:
            yield read_file(source)


def _looks_like_mbox(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(5) == b"From "


def read_file(path: Path) -> IncomingMail:
    if path.suffix.lower() == ".msg":
        return read_msg(path)
    return parse_message(path.read_bytes(), str(path))


def read_mbox(path: Path) -> Iterator[IncomingMail]:
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for index, key in enumerate(box.keys()):
            yield parse_message(box.get_bytes(key), f"{path}#{index + 1}")
    finally:
        box.close()


def parse_message(raw: bytes, source: str) -> IncomingMail:
    """An RFC 5322 message (an .eml file, an mbox entry, an IMAP fetch) as an IncomingMail."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    sender_name, sender = _sender(message)
    mail = IncomingMail(
        source=source,
        message_id=_message_id(message, raw),
        sender=sender,
        sender_name=sender_name,
        subject=header_text(_raw(message, "subject")),
        date=_date(_raw(message, "date")),
    )
    for part in message.walk():
        if part.is_multipart():
            continue
        name = attachment_name(part)
        disposition = (part.get_content_disposition() or "").lower()
        if name is None and disposition != "attachment":
            continue  # the body, or an inline picture without a name
        if disposition == "inline" and part.get_content_maintype() == "image":
            continue  # a signature logo, not a return
        payload = part.get_payload(decode=True)
        mail.attachments.append(Attachment(name or "", payload if isinstance(payload, bytes) else b""))
    return mail


def _raw(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def _sender(message: Message) -> tuple[str, str]:
    raw = header_text(_raw(message, "from"))
    found = getaddresses([raw])
    name, address = found[0] if found else ("", "")
    return name.strip(), address.strip()


def _message_id(message: Message, raw: bytes) -> str:
    """The Message-ID; a message without one is known by its content, so receiving it twice is seen."""
    value = (_raw(message, "message-id") or "").strip()
    if value:
        return " ".join(value.split())
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@perfcli.invalid>"


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(" ".join(value.split()))
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else None  # "-0000" (zone unknown) is not a date to judge lateness by


def read_msg(path: Path) -> IncomingMail:
    """An Outlook .msg (the compound file Outlook saves a mail as), by extract-msg."""
    import extract_msg
    from extract_msg.exceptions import ExMsgBaseException

    try:
        msg: Any = extract_msg.openMsg(str(path), strict=False)
    except (ExMsgBaseException, OSError, ValueError, KeyError) as exc:  # a damaged or foreign file
        return IncomingMail(
            str(path),
            f"<{path.name}@perfcli.invalid>",
            "",
            "",
            "",
            None,
            [],
            f"不是可读取的 Outlook 邮件（{exc}）",
        )
    try:
        sender_name, sender = (getaddresses([msg.sender or ""]) or [("", "")])[0]
        date = msg.date if isinstance(msg.date, datetime) and msg.date.tzinfo else None
        mail = IncomingMail(
            source=str(path),
            message_id=(
                msg.messageId or f"<{hashlib.sha256(path.read_bytes()).hexdigest()[:32]}@perfcli.invalid>"
            ).strip(),
            sender=sender,
            sender_name=sender_name,
            subject=msg.subject or "",
            date=date,
        )
        for item in msg.attachments:
            data = getattr(item, "data", None)
            if isinstance(data, bytes):
                name = item.getFilename() if hasattr(item, "getFilename") else (item.longFilename or "")
                mail.attachments.append(Attachment(str(name or ""), data))
        return mail
    finally:
        msg.close()
