"""Writing a mail: subject and body from a jinja2 template (the workspace's, else the one shipped here),
and the message itself with its attachments, built by Python's email package (RFC 2231 names, UTF-8)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError

SUBJECT_MARK = "主题："

# The templates shipped with perfcli. A workspace replaces one with [templates] mail_<kind> = "file.txt".
# The first line "主题：…" is the subject; everything after the blank line below it is the body.
DEFAULT_TEMPLATES: dict[str, str] = {
    "forms": """主题：{{ period_name }}预算绩效运行监控表（{{ recipient }}）

{{ recipient }}：

    现将{{ period_name }}预算绩效运行监控表发给你{{ recipient_kind }}，共 {{ files|length }} 个文件（见附件）：
{% for f in files %}    {{ loop.index }}. {{ f }}
{% endfor %}
    请在附件中填写后于 {{ due_date }} 前以邮件回复本邮箱，回复时请直接附上填好的工作簿，不要改动文件中的预填内容。

{{ signatory }}
{{ contact }} {{ phone }}
""",
    "letters": """主题：{{ subject_text }}（{{ recipient }}）

{{ recipient }}：

    现将{{ subject_text }}发给你单位（见附件），请按函件要求办理。

{{ signatory }}
{{ contact }} {{ phone }}
""",
    "receipts": """主题：回执：{{ original_subject }}

{{ recipient }}：

    你单位 {{ mail_date }} 报送的“{{ file_name }}”已收到。
{% if superseded %}    此文件已被你单位随后报送的较新版本取代，以较新版本为准（较新版本另有回执）。
{% elif passed %}    已收到，校验通过。报送截止日为 {{ due_date }}{% if late %}，本次报送已逾期{% endif %}。
{% else %}    校验发现以下问题（标注副本见附件，问题单元格已标出）：
{% for line in findings %}    {{ loop.index }}. {{ line }}
{% endfor %}
{% if has_errors %}    请于 {{ fix_by }} 前改正后重新报送（报送截止日为 {{ due_date }}）。
{% else %}    以上均为提示，请核实；如需更正，请于 {{ fix_by }} 前重新报送（报送截止日为 {{ due_date }}）。
{% endif %}{% endif %}
{{ signatory }}
{{ contact }} {{ phone }}
""",
}


@dataclass
class Draft:
    """One mail to send: to whom, what it says and what it carries."""

    to: list[str]
    subject: str
    body: str
    files: list[Path] = field(default_factory=list)
    in_reply_to: str | None = None


def render_text(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) from a template; sandboxed: a unit name holding {{ … }} is text, never code."""
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    try:
        text = env.from_string(template).render(**context)
    except TemplateError as exc:
        raise UsageError(f"邮件模板有误：{exc}") from exc
    first, _, rest = text.lstrip("\n").partition("\n")
    if not first.startswith(SUBJECT_MARK):
        raise UsageError(f"邮件模板的第一行应为“{SUBJECT_MARK}……”（邮件主题），现为“{first[:40]}”")
    return " ".join(first[len(SUBJECT_MARK) :].split()), rest.lstrip("\n")


def build_message(
    draft: Draft, sender: str, *, message_id: str | None = None, when: datetime | None = None
) -> EmailMessage:
    """The message as it goes out (or into an .eml draft): UTF-8 text, attachments named per RFC 2231."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = ", ".join(draft.to)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(when or datetime.now().astimezone())
    message["Message-ID"] = message_id or new_message_id(sender)
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
        message["References"] = draft.in_reply_to
    message.set_content(draft.body)
    for path in draft.files:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message


def new_message_id(sender: str) -> str:
    domain = sender.rsplit("@", 1)[-1].strip(">") if "@" in sender else "perfcli.invalid"
    return make_msgid(domain=domain)
