"""perfcli send — mail each recipient its forms, letters or receipts: .eml drafts by default, or SMTP."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt, OptionalPeriodOpt, RosterOpt

if TYPE_CHECKING:
    from perfcli.api.send import SendResult

app = typer.Typer()

KindArg = Annotated[
    str,
    typer.Argument(
        help="发送什么：forms（生成的监控表）、letters（出具的函件）、receipts（收到报送的回执）。",
        show_default=False,
        metavar="种类",
    ),
]


@app.command("send")
def send_command(
    kind: KindArg,
    period: OptionalPeriodOpt = None,
    roster: RosterOpt = None,
    drafts: Annotated[
        Path | None,
        typer.Option(
            "--drafts", help="把邮件写成 .eml 草稿放进这个文件夹（默认：工作区的“邮件草稿”文件夹）。"
        ),
    ] = None,
    smtp: Annotated[
        bool, typer.Option("--smtp", help="经 SMTP 直接发送（按配置文件 [mail] 的设置；密码见说明）。")
    ] = False,
    resend: Annotated[bool, typer.Option("--resend", help="已发送过的也再发送一次。")] = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """给每个收件人发一封邮件，附上台账记录的文件：forms 为本期生成的监控表，letters 为已出具的函件，
    receipts 为每份经邮件报送的表的回执（“已收到，校验通过”，或问题清单并附标注副本，写明期限）。

    默认写成 .eml 草稿，可在 Outlook、Foxmail 或网页邮箱中打开后发送；加 --smtp 则按 [mail] 设置直接发送，
    密码取环境变量 PERFCLI_MAIL_PASSWORD，没有时询问。每封邮件记入台账，重跑只发送尚未发送的；
    名册中没有邮箱的收件人逐个列出。收件人邮箱取自名册“单位”“部门”表的“邮箱”列。

    示例：
    perfcli send forms --period 2026Q3 --roster 名册.xlsx
    perfcli send receipts --period 2026Q3 --roster 名册.xlsx --smtp
    """
    from perfcli import api
    from perfcli.api.common import config_of
    from perfcli.api.send import PASSWORD_VARIABLE, smtp_settings_of

    password = None  # asked for only when the server wants a login and the environment has none
    if smtp and PASSWORD_VARIABLE not in os.environ and smtp_settings_of(config_of(config), "").user:
        password = typer.prompt("邮箱密码（不回显）", hide_input=True, err=True)
    result = api.send(
        kind,
        period=period,
        roster=roster,
        config=config,
        drafts=drafts,
        smtp=smtp,
        resend=resend,
        password=password,
    )
    for warning in result.warnings:
        err.print(f"警告：{warning}", markup=False)
    if as_json:
        print_json(result.to_json())
    else:
        render_sent(result)
    if result.count("failed"):
        raise typer.Exit(3)


def render_sent(result: SendResult) -> None:
    for item in result.items:
        to = "、".join(item.addresses) or "（无邮箱）"
        files = "、".join(item.files)
        detail = f"：{item.detail}" if item.detail else ""
        out.print(
            f"{item.recipient}｜{to}｜{files}｜{item.status_text}{detail}", markup=False, soft_wrap=True
        )
    done = result.count("sent") + result.count("drafted")
    verb = "发送" if result.via == "smtp" else "写成草稿"
    out.print(
        f"共 {len(result.items)} 个收件人：{verb} {done} 封，此前已发送 {result.count('already')} 封，"
        f"没有邮箱 {result.count('no_address')} 个，失败 {result.count('failed')} 封。",
        markup=False,
    )
    if result.drafts is not None and done:
        err.print(f"草稿已写入：{result.drafts}", markup=False)
    if result.count("uncertain"):
        err.print(
            "有邮件在上次运行中断时正在发送，不能确定是否已发出，未重发；请核实后用 --resend 补发。",
            markup=False,
        )
