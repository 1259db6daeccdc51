"""perfcli receive — take returns straight from mail (.eml / Outlook .msg folders, mbox files) into the
workspace's returns folder, one line per mail."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt, OptionalPeriodOpt, RosterOpt

if TYPE_CHECKING:
    from perfcli.api.mail import ReceiveResult

app = typer.Typer()

SourcesArg = Annotated[
    list[str],
    typer.Argument(
        help="邮件来源：存放 .eml 或 .msg 邮件文件的文件夹、单个邮件文件、.mbox 邮箱文件，"
        "或 IMAP 邮箱 imaps://用户名@服务器[:端口]/文件夹（只用 TLS）。",
        show_default=False,
        metavar="邮件来源",
    ),
]


@app.command("receive")
def receive_command(
    sources: SourcesArg,
    period: OptionalPeriodOpt = None,
    roster: RosterOpt = None,
    as_json: JsonOpt = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="（IMAP 邮箱）只收取这一天及以后到达的邮件，如 2026-10-01。", show_default=False
        ),
    ] = None,
    mark_seen: Annotated[
        bool, typer.Option("--mark-seen", help="（IMAP 邮箱）收取后标为已读；邮件不会被删除或移动。")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """从邮件收取报送的监控表：把每封邮件所附的工作簿（含 .zip 压缩包内的）存入工作区回收文件夹的本期
    子文件夹，不覆盖已有文件；邮件的发信日期即报送日期，判断是否逾期时使用。

    内容相同（sha256 相同）的附件只保存一次，再次收到时标为“重复”，邮件照样记入台账。每封邮件一行：
    发件人、单位（按工作簿内的标识，否则按名册“邮箱”列或此前学到的发件地址）、每个附件的结果
    （已保存 / 重复 / 不是监控表 / 无法读取），没有附件的邮件标为“邮件未附文件”。须在工作区内运行。

    IMAP 邮箱的密码取环境变量 PERFCLI_MAIL_PASSWORD，没有时询问；报送日期取服务器收到邮件的时间。

    示例：
    perfcli receive 收件箱导出 --period 2026Q3 --roster 名册.xlsx
    perfcli receive 报送邮件.mbox --period 2026Q3 --json > 收件.json
    perfcli receive imaps://jxk@imap.xb.gov.cn/INBOX --since 2026-10-01 --period 2026Q3
    """
    from perfcli import api
    from perfcli.api.mail import PASSWORD_VARIABLE, reads_a_mailbox
    from perfcli.errors import UsageError

    try:
        first_day = date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError(f"--since 的日期“{since}”无法识别，请写成 2026-10-01") from None
    password = None
    if reads_a_mailbox(sources) and PASSWORD_VARIABLE not in os.environ:
        password = typer.prompt("邮箱密码（不回显）", hide_input=True, err=True)
    result = api.receive(
        sources, period=period, roster=roster, config=config, since=first_day, mark_seen=mark_seen,
        password=password,
    )  # fmt: skip
    if as_json:
        print_json(result.to_json())
    else:
        render_received(result)


def render_received(result: ReceiveResult) -> None:
    for mail in result.mails:
        who = mail.unit_name or mail.unit or "未识别"
        head = f"发件人 {mail.sender or '（无）'}｜单位 {who}｜{mail.local_date or '日期不明'}"
        if mail.known:
            head += "｜此前已收取过这封邮件"
        if mail.problem:
            out.print(f"{head}｜邮件无法读取：{mail.problem}", markup=False, soft_wrap=True)
            continue
        if not mail.attachments:
            out.print(f"{head}｜邮件未附文件", markup=False, soft_wrap=True)
            continue
        parts = []
        for a in mail.attachments:
            text = f"{a.name} {a.status_text}"
            if a.status == "saved":
                text += f" → {Path(a.saved_as or '').name}"
            elif a.reason:
                text += f"（{a.reason}）"
            parts.append(text)
        out.print(f"{head}｜" + "；".join(parts), markup=False, soft_wrap=True)  # one line per mail
    saved, duplicate = result.count("saved"), result.count("duplicate")
    other = result.count("not_a_form") + result.count("unreadable")
    out.print(
        f"共 {len(result.mails)} 封邮件：保存 {saved} 个工作簿，重复 {duplicate} 个，未保存 {other} 个；"
        f"回收文件夹 {result.folder}",
        markup=False,
    )
