"""perfcli render: 催报通知、问题整改通知、绩效监控结果反馈、监控总报告、再评价结果反馈告知书, one file per recipient."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from perfcli.cli.console import err, out, print_json
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    ForcePeriodOpt,
    JobsOpt,
    JsonOpt,
    NoCacheOpt,
    OptionalPeriodOpt,
    RosterOpt,
    roster_or_workspace,
)
from perfcli.errors import EXIT_DATA_ERRORS, UsageError

if TYPE_CHECKING:
    from perfcli.api import RenderResult, TemplateCheck

app = typer.Typer()


def _kind_help() -> str:
    from perfcli.api import LETTER_KIND_RECORDS as KINDS

    return "函件种类：" + "；".join(kind.help for kind in KINDS.values()) + "。"


KIND_HELP = _kind_help()


@app.command("render")
def render(
    kind: Annotated[str | None, typer.Argument(help=KIND_HELP, show_default=False, metavar="种类")] = None,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="数据来源：回收的工作簿或文件夹（会先校验、汇总）、validate --json 的校验报告、aggregate city --json 的"
            "汇总结果，再评价结果 CSV（部门,项目,得分,等级,评价结论,整改要求）。",
            show_default=False,
            metavar="路径",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出目录（每个收文单位一个 .docx）。")
    ] = None,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    issue_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="成文日期，如 2026-10-20；缺省为今天。函件只计该日及以前收到的报表、该日仍未整改的问题。",
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF。")] = False,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help="检查模板：列出所用变量、数据不提供的变量、被 Word 拆开的标签。",
            show_default=False,
        ),
    ] = None,
    reissue: Annotated[
        bool,
        typer.Option("--reissue", help="重新发文：取新的文号，原文号的函件在台账中标为已作废。"),
    ] = False,
    backdate: Annotated[
        bool,
        typer.Option(
            "--backdate",
            help="允许倒签：成文日期早于本年度已编号的函件时照常发文，并在输出中注明（缺省拒绝）。",
        ),
    ] = False,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="按收文单位打包：每个收文单位一个文件夹，内含函件及其所列附件（问题标注副本、问题清单、催报的空表）。",
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="先出草稿供审阅：写出函件草稿（不取文号）和 审阅清单.xlsx（每份函件、每处数字、状态和处置意见一行，可在“采用/修改为”列改写）。",
        ),
    ] = False,
    from_review: Annotated[
        Path | None,
        typer.Option(
            "--from-review", help="按审阅清单.xlsx 中“采用/修改为”列的修改正式出具函件。", show_default=False
        ),
    ] = None,
    rate: Annotated[str, typer.Option("--rate", help="仅 spot-check-notice：随机抽取比例，如 10%。")] = "10%",
    seed: Annotated[
        int, typer.Option("--seed", help="仅 spot-check-notice：随机种子（与 spot-check 相同）。")
    ] = 0,
    jobs: JobsOpt = 1,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """按模板批量出具函件：每个收文单位一份 Word 文档（可加 --pdf），并列出汇总表。

    示例：
    perfcli render rectification 回收 --period 2026Q3 --roster 名册.xlsx --out 整改通知
    perfcli render reevaluation 再评价结果.csv --period 2026Q3 --out 告知书 --pdf
    perfcli render --check 我的模板.docx rectification
    """
    from perfcli import api

    if kind is not None and kind not in api.ALL_LETTER_KINDS:
        raise UsageError(f"未知的函件种类“{kind}”", details=[KIND_HELP])
    if check is not None:
        checked, checked_kind = api.check_template(check, kind, config=config)
        _print_check(checked, checked_kind, as_json)
        raise typer.Exit(0 if checked.ok else EXIT_DATA_ERRORS)
    if kind is None or out_dir is None:
        raise UsageError(
            "用法：perfcli render 种类 路径... --out 目录（或 perfcli render --check 模板.docx）",
            details=[KIND_HELP],
        )
    result = api.render(
        kind,
        list(paths or []),
        out=out_dir,
        roster=roster_or_workspace(roster, config),
        period=period,
        config=config,
        issue_date=_parse_date(issue_date),
        pdf=pdf,
        jobs=jobs,
        force=force,
        reissue=reissue,
        backdate=backdate,
        bundle=bundle,
        draft=draft,
        from_review=from_review,
        use_cache=not no_cache,
        rate=rate,
        seed=seed,
        force_period=force_period,
    )
    if result.draft and not draft:
        err.print(
            "注意：不在工作区内（当前目录及上级目录中没有 perfcli.toml），函件为草稿，文号留空。"
            "正式发文请在 perfcli init 建立的工作区内运行。",
            markup=False,
        )
    for warning in result.warnings:  # once for the run, also with --json (stderr)
        err.print(f"[yellow]注意：[/]{escape(warning)}", highlight=False)
    if as_json:
        print_json(result.to_json())
        return
    _print_summary(result)


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None  # today in the bureau's zone (Config.today)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"无法识别的日期“{text}”：请写成 2026-10-20") from None


def _print_summary(result: RenderResult) -> None:
    from rich.table import Table

    from perfcli.api import ALL_LETTER_KINDS

    name = ALL_LETTER_KINDS[result.kind]
    if not result.letters:
        out.print(f"没有需要出具的{name}（{result.period_name}）。")
        return
    table = Table(
        title=f"{name}（{result.period_name}，成文日期 {result.issue_date.isoformat()}）",
        title_justify="left",
    )
    table.add_column("文号", overflow="fold")
    table.add_column("收文单位", overflow="fold")
    table.add_column("要点")
    table.add_column("文件", overflow="fold")
    for item in result.letters:
        files = item.docx.name + (f"\n{item.pdf.name}" if item.pdf else "")
        files += "\n（已出具，未改动）" if item.unchanged else ""
        table.add_row("（草稿）" if result.draft else item.doc_number, item.recipient, item.summary, files)
    out.print(table)
    written = [x for x in result.letters if not x.unchanged]
    pdfs = sum(1 for x in result.letters if x.pdf)  # also those made for letters written before
    out.print(
        f"共 {len(written)} 份 Word 文档"
        + (f"、{pdfs} 份 PDF" if pdfs else "")
        + f"，已写入 {result.out_dir}"
        + (
            f"；{len(result.letters) - len(written)} 份此前已出具且未改动，未重写"
            if len(written) < len(result.letters)
            else ""
        )
    )
    for item in result.letters:
        if item.backup is not None:
            out.print(
                f"{item.docx} 此前被改动过（或不是本工作区出具的），原文件已另存为 {item.backup}",
                markup=False,
            )
    if result.bundle is not None:
        out.print(
            f"已按收文单位打包到 {result.bundle}（每个收文单位一个文件夹，含函件及其所列附件）", markup=False
        )
    for note in sorted({n for x in result.letters for n in x.notes}):
        err.print(f"[yellow]注意：[/]{escape(note)}")


def _print_check(result: TemplateCheck, kind: str | None, as_json: bool) -> None:
    if as_json:
        print_json({**result.to_json(), "kind": kind})
        return
    out.print(
        f"模板：{result.path}"
        + (f"（按 {kind} 函件的数据检查）" if kind else "（未指定函件种类，不检查变量来源）")
    )
    out.print("所用变量：" + ("、".join(result.variables) or "（无）"))
    if result.syntax_error:
        out.print(f"[red]标签写法有误：[/]{escape(result.syntax_error)}")
    if kind:
        out.print(
            "数据不提供的变量："
            + ("[red]" + escape("、".join(result.missing)) + "[/]" if result.missing else "无")
        )
    if result.split_tags:
        out.print(
            f"[red]被 Word 拆成多段的标签 {len(result.split_tags)} 处[/]（请在 Word 中删除后一次性重新输入整个标签）："
        )
        for tag in result.split_tags:
            state = "无法渲染" if tag.broken else "可渲染，但格式可能错乱"
            out.print(
                f"  {tag.part}：{tag.text!r} 分在 {len(tag.runs)} 段：{' | '.join(tag.runs)}（{state}）",
                markup=False,
            )
    else:
        out.print("未发现被拆开的标签。")
    out.print("检查通过。" if result.ok else "[red]检查未通过。[/]")
