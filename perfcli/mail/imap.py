"""Receiving straight from a mailbox over IMAP (TLS only): imaps://user@host[:port]/文件夹.

Messages are fetched with BODY.PEEK, so reading marks nothing; the mail's date is the server's INTERNALDATE
(when it arrived), not the sender's clock. Nothing is ever deleted or moved; only \\Seen is set, and only
when asked, after the message has been recorded."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from perfcli.errors import RunFailed, UsageError
from perfcli.mail.sources import IncomingMail, parse_message

SCHEME = "imaps://"
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


@dataclass(frozen=True)
class ImapSource:
    user: str
    host: str
    port: int
    folder: str

    @property
    def label(self) -> str:
        return f"{SCHEME}{self.user}@{self.host}:{self.port}/{self.folder}"


def is_imap(source: str) -> bool:
    return source.lower().startswith(SCHEME)


def parse_imap_url(text: str) -> ImapSource:
    """imaps://user@host[:port]/文件夹 (the folder defaults to INBOX; a user with @ may be written %40)."""
    if not is_imap(text):
        raise UsageError(f"邮箱地址应写成 imaps://用户名@服务器[:端口]/文件夹，现为“{text}”")
    parts = urlsplit(text)
    if not parts.hostname or not parts.username:
        raise UsageError(
            f"邮箱地址缺少用户名或服务器：{text}（应写成 imaps://jxk@xb.gov.cn@imap.xb.gov.cn/INBOX）"
        )
    try:
        port = parts.port or 993
    except ValueError as exc:
        raise UsageError(f"邮箱地址的端口无效：{text}") from exc
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapSource(unquote(parts.username), parts.hostname, port, folder)


def _internal_date(header: bytes) -> datetime | None:
    found = _INTERNALDATE.search(header)
    if found is None:
        return None
    try:
        return datetime.strptime(found[1].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def read_imap(
    source: ImapSource, password: str, *, since: date | None = None, mark_seen: bool = False
) -> Iterator[IncomingMail]:
    """Each message of the folder (since `since`), oldest first; with `mark_seen`, a message is flagged
    \\Seen once the caller has taken it (when the generator is resumed after it)."""
    from imap_tools import AND, MailBox, MailboxLoginError, MailMessageFlags

    try:
        mailbox = MailBox(source.host, source.port, ssl_context=ssl.create_default_context())
        mailbox.login(source.user, password, initial_folder=source.folder)
    except MailboxLoginError as exc:
        raise RunFailed(f"邮箱 {source.label} 拒绝登录：请检查用户名和密码") from exc
    except (OSError, ssl.SSLError) as exc:
        raise RunFailed(f"无法连接邮箱 {source.label}：{exc}") from exc
    try:
        criteria = AND(date_gte=since) if since is not None else "ALL"
        for uid in mailbox.uids(criteria):
            status, data = mailbox.client.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])")
            parts = [d for d in data if isinstance(d, tuple)]
            if status != "OK" or not parts:
                continue
            header, raw = parts[0]
            mail = parse_message(raw, f"{source.label}#{uid}")
            mail.date = _internal_date(header) or mail.date
            yield mail
            if mark_seen:
                mailbox.flag(uid, MailMessageFlags.SEEN, True)
    finally:
        mailbox.logout()
