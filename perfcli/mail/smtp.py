"""Sending over SMTP: one connection per batch, at most `rate` mails a minute, transient failures retried
(a dropped connection, a 4xx answer); a permanent refusal (5xx) fails that mail only."""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from perfcli.errors import RunFailed, UsageError

SECURITY = ("ssl", "starttls", "none")
RETRIES = 3
TIMEOUT_S = 60


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # ssl | starttls | none
    user: str
    password: str
    rate: float  # mails a minute (0: no limit)

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise UsageError(f"配置项 mail.security 应为 ssl、starttls 或 none，现为“{self.security}”")


class _Transient(Exception):
    pass


class Sender:
    """One SMTP connection, opened on first use and reopened after a transient failure."""

    def __init__(self, settings: SmtpSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings, self.sleep = settings, sleep
        self.client: smtplib.SMTP | None = None
        self.last_sent: float | None = None

    def __enter__(self) -> Sender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.client = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=TIMEOUT_S, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_S)
                if s.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
            if s.user:
                client.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise RunFailed(f"邮件服务器 {s.host} 拒绝登录（用户 {s.user}）：请检查用户名和密码") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise _Transient(f"无法连接邮件服务器 {s.host}:{s.port}：{exc}") from exc
        return client

    def pace(self) -> None:
        """At most `rate` mails a minute: wait until the next mail's turn comes (before it is written down
        as being sent, so a run killed while waiting leaves nothing in doubt)."""
        if self.settings.rate > 0 and self.last_sent is not None:
            wait = 60.0 / self.settings.rate - (time.monotonic() - self.last_sent)
            if wait > 0:
                self.sleep(wait)

    def send(self, message: EmailMessage, recipients: list[str]) -> str | None:
        """Send one message now (call `pace` first); None when the server took it, else why it failed."""
        reason = ""
        for attempt in range(RETRIES):
            try:
                if self.client is None:
                    self.client = self._connect()
                refused = self.client.send_message(message, to_addrs=recipients)
                self.last_sent = time.monotonic()
                if refused:
                    return "部分收件人被拒收：" + "、".join(refused)
                return None
            except smtplib.SMTPRecipientsRefused as exc:
                return "收件人被拒收：" + "、".join(exc.recipients)
            except smtplib.SMTPResponseException as exc:
                if 400 <= exc.smtp_code < 500:  # try again later, says the server
                    reason = f"{exc.smtp_code} {exc.smtp_error!r}"
                else:
                    said = exc.smtp_error
                    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
                    return f"服务器拒收（{exc.smtp_code}）：{text}"
            except (smtplib.SMTPServerDisconnected, _Transient, OSError) as exc:
                reason = str(exc)
            self.close()
            self.sleep(min(2**attempt, 30))
        return f"重试 {RETRIES} 次仍未发出：{reason}"
