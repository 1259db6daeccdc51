"""perfcli receive — take returns straight from mail (.eml / Outlook .msg folders, mbox files) into the
workspace's returns folder, one line per mail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt, OptionalPeriodOpt, RosterOpt

if TYPE_CHECKING:
    from perfcli.api.mail import ReceiveResult

app = typer.Typer()

SourcesArg = Annotated[
    list[Path],
    typer.Argument(
        help="邮件来源：存放 .eml 或 .msg 邮件文件的文件夹、单个邮件文件，或 .mbox 邮箱文件。",
        show_default=False,
    ),
]


@app.command("receive")
def receive_command(
    sources: SourcesArg,
    period: OptionalPeriodOpt = None,
    roster: RosterOpt = None,
    as_json: JsonOpt = False,
    mark_seen: Annotated[
        bool, typer.Option("--mark-seen", help="（IMAP 邮箱）收取后标为已读；邮件文件不受影响。")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """从邮件收取报送的监控表：把每封邮件所附的工作簿（含 .zip 压缩包内的）存入工作区回收文件夹的本期
    子文件夹，不覆盖已有文件；邮件的发信日期即报送日期，判断是否逾期时使用。

    内容相同（sha256 相同）的附件只保存一次，再次收到时标为“重复”，邮件照样记入台账。每封邮件一行：
    发件人、单位（按工作簿内的标识，否则按名册“邮箱”列或此前学到的发件地址）、每个附件的结果
    （已保存 / 重复 / 不是监控表 / 无法读取），没有附件的邮件标为“邮件未附文件”。须在工作区内运行。

    示例：
    perfcli receive 收件箱导出 --period 2026Q3 --roster 名册.xlsx
    perfcli receive 报送邮件.mbox --period 2026Q3 --json > 收件.json
    """
    from perfcli import api

    result = api.receive(sources, period=period, roster=roster, config=config)
    if as_json:
        print_json(result.to_json())
    else:
        render_received(result)
    if mark_seen:
        err.print("提示：--mark-seen 只对 IMAP 邮箱有效，邮件文件未作改动。", markup=False)


def render_received(result: ReceiveResult) -> None:
    for mail in result.mails:
        who = mail.unit_name or mail.unit or "未识别"
        head = f"发件人 {mail.sender or '（无）'}｜单位 {who}｜{mail.local_date or '日期不明'}"
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
