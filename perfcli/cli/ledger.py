"""perfcli ledger — what the workspace issued and received (函件及文号、回收的表、问题), and a check that the
files recorded are still there as they were written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from perfcli.cli.console import out, print_json
from perfcli.cli.ledger_targets import targets_command
from perfcli.cli.options import ConfigOpt, JsonOpt, OptionalPeriodOpt
from perfcli.errors import EXIT_DATA_ERRORS

app = typer.Typer(
    name="ledger",
    help="工作区台账：已出具的函件（文号）、回收的表、发现的问题、整改事项；核对文件是否完好。\n\n"
    "示例：\nperfcli ledger letters --period 2026Q3",
    no_args_is_help=True,
)

# what each listing shows: (column title, row key)
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "letters": [
        ("文号", "doc_number"),
        ("种类", "kind"),
        ("收文单位", "recipient"),
        ("期间", "period"),
        ("成文日期", "issue_date"),
        ("状态", "status"),
    ],
    "returns": [
        ("期间", "period"),
        ("单位代码", "unit"),
        ("状态", "status"),
        ("报送日期", "received"),
        ("方式", "received_via"),
        ("文件", "path"),
    ],
    "findings": [
        ("编号", "id"),
        ("期间", "period"),
        ("表", "form_identity"),
        ("代码", "code"),
        ("位置", "cell"),
        ("说明", "message"),
    ],
    "rectifications": [  # the message, the date judged and the evidence file are in --json
        ("编号", "id"),
        ("单位", "unit"),
        ("项目", "project"),
        ("提出", "raised"),
        ("状态", "status"),
    ],
}
app.command("targets")(targets_command)
NO_WRAP = {"doc_number", "period", "issue_date", "received", "id", "code", "status", "raised", "resolved"}
STATUS_NAMES = {
    "reserved": "已编号未写出",
    "issued": "已出具",
    "superseded": "已作废（重新发文）",
    "read": "已读取",
    "rejected": "无法读取",
    "open": "未整改",
    "resolved": "已整改",
    "unverifiable": "无法核实",
}


def _kind_names() -> dict[str, str]:
    from perfcli.api import LETTER_KIND_RECORDS as KINDS

    return {key: kind.short for key, kind in KINDS.items()}


def _show(what: str, rows: list[dict[str, Any]], title: str) -> None:
    from rich.table import Table

    if not rows:
        out.print(f"台账中没有{title}。")
        return
    table = Table(title=f"{title}（{len(rows)} 条）", title_justify="left")
    for header, key in COLUMNS[what]:
        table.add_column(header, overflow="fold", no_wrap=key in NO_WRAP)
    for row in rows:
        cells = []
        for _, key in COLUMNS[what]:
            value = row.get(key)
            if key == "status":
                value = STATUS_NAMES.get(str(value), value)
                if row.get("edited_at"):
                    value = f"{value}（已人工修改）"
                if row.get("intact") is False:
                    value = f"{value}（记录已被改动，视为不存在）"
            if key == "received_via":
                value = {"mail": "邮件", "folder": "文件夹"}.get(str(value), value)
            if key == "kind":
                value = _kind_names().get(str(value), value)
            if key == "path":
                value = Path(str(value)).name
            cells.append(escape(str(value)) if value not in (None, "") else "")
        table.add_row(*cells)
    out.print(table)


def _listing(what: str, title: str, period: str | None, as_json: bool, config: Any) -> None:
    from perfcli import api

    rows = api.ledger_list(what, period=period, config=config)
    if as_json:
        print_json(rows)
    else:
        _show(what, rows, title)


@app.command("letters")
def letters_command(
    period: OptionalPeriodOpt = None, as_json: JsonOpt = False, config: ConfigOpt = None
) -> None:
    """列出已出具的函件：文号、种类、收文单位、期间、成文日期、状态。

    示例：
    perfcli ledger letters --period 2026Q3
    """
    _listing("letters", "函件", period, as_json, config)


@app.command("returns")
def returns_command(
    period: OptionalPeriodOpt = None, as_json: JsonOpt = False, config: ConfigOpt = None
) -> None:
    """列出回收的工作簿：期间、单位、状态、报送日期、文件（按内容 sha256 记录，改过的副本另记一条）。

    示例：
    perfcli ledger returns --period 2026Q3 --json
    """
    _listing("returns", "回收的工作簿", period, as_json, config)


@app.command("findings")
def findings_command(
    period: OptionalPeriodOpt = None, as_json: JsonOpt = False, config: ConfigOpt = None
) -> None:
    """列出校验发现的问题，每条有稳定的编号（同一张表同一问题在重新校验后编号不变）。

    示例：
    perfcli ledger findings --period 2026Q3
    """
    _listing("findings", "问题", period, as_json, config)


@app.command("rectifications")
def rectifications_command(
    open_only: Annotated[bool, typer.Option("--open", help="只列出尚未整改的（未整改、无法核实）。")] = False,
    unit: Annotated[str | None, typer.Option("--unit", help="只列出这个单位（名称或代码）或部门的。")] = None,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """列出整改事项：问题整改通知出具时登记（如 整改-2026Q2-0007），此后每次校验按新报送的表核实——
    问题不再出现为已整改，仍然存在为未整改，新报送的表中已没有该项目为无法核实（说明原因）。函件本身不会关闭整改事项。

    示例：
    perfcli ledger rectifications --open --unit 区博物馆
    """
    from perfcli import api

    rows = api.rectification_list(open_only=open_only, unit=unit, config=config)
    if as_json:
        print_json(rows)
    else:
        _show("rectifications", rows, "尚未整改的整改事项" if open_only else "整改事项")
        for row in rows:
            if row["reason"]:
                out.print(f"{row['id']}：{row['reason']}", markup=False)


@app.command("verify")
def verify_command(
    deep: Annotated[
        bool,
        typer.Option("--deep", help="另把每条读取缓存与重新读取其文件（不用缓存）的结果逐一比对（较慢）。"),
    ] = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """核对台账本身是否完好（SQLite 完整性检查；函件、回收表和读取缓存的每条记录是否与其校验和相符，即未在
    perfcli 之外被改动），台账记录的函件和监控表是否仍在、内容是否未被改动（sha256），并列出没有台账记录的函件文件。

    校验和不含密钥：能发现手工或脚本对台账的改动，不能防止有意伪造；--deep 重新读取每个缓存过的回收表，
    与缓存逐一比对，能发现连校验和一起伪造的缓存。

    台账按相对工作区的路径记录文件：工作区整体移动、改名、复制后，核对的是工作区现在所在位置的文件；
    记录在工作区之外的文件另行列出（不影响退出码）。

    退出码：0 全部完好，1 有文件缺失、被改动或无记录，或台账记录被改动、损坏（--deep：缓存与文件不符）。

    示例：
    perfcli ledger verify
    perfcli ledger verify --deep
    """
    from perfcli import api
    from perfcli.api.verify import OUTSIDE_NOTE

    result = api.verify(deep=deep, config=config)
    if as_json:
        print_json(result.to_json())
    else:
        out.print(f"台账：{result.ledger}；核对文件 {result.checked} 个。", markup=False)
        for problem in result.problems:
            number = f"{problem.doc_number} " if problem.doc_number else ""
            shown = result.shown(problem.file)
            out.print(
                f"  [red]{escape(problem.problem)}[/]：{escape(problem.kind)} {escape(number)}{escape(shown)}"
            )
        for file in result.outside:
            out.print(f"  {OUTSIDE_NOTE}：{file}", markup=False)
        for line in result.edited:
            out.print(f"  已人工修改（经 ledger accept 认可）：{line}", markup=False)
        for line in result.unwritten:
            out.print(f"  已编号但未写出（上次运行中断；重新运行同一命令即可补齐）：{line}", markup=False)
        if result.deep is not None:
            counts = result.deep
            out.print(
                f"  读取缓存：重新读取比对 {counts['compared']} 条；其他版本或设置的 {counts['other']} 条、"
                f"文件已不在工作区的 {counts['gone']} 条未比对。",
                markup=False,
            )
        out.print("全部完好。" if not result.problems else f"[red]发现 {len(result.problems)} 个问题。[/]")
    if result.problems:
        raise typer.Exit(EXIT_DATA_ERRORS)


@app.command("recover")
def recover_command(
    backup: Annotated[
        str | None,
        typer.Argument(
            help="与 --from-backup 同用：要恢复的备份文件名；缺省为最新的备份。",
            show_default=False,
            metavar="备份",
        ),
    ] = None,
    from_backup: Annotated[
        bool,
        typer.Option(
            "--from-backup",
            help="从 .perfcli/backups 中的自动备份恢复（每次写入台账后自动备份，保留最近 20 份）。",
        ),
    ] = False,
    returns: Annotated[
        list[Path] | None,
        typer.Option(
            "--returns", help="回收的表所在的文件夹（可多次给出）；缺省为工作区中以“回收”开头的文件夹。"
        ),
    ] = None,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """重建丢失、清空或损坏的台账：原文件改名保留，由备份或空台账代替，再从工作区中的文件补录——函件的文号（记在
    Word 文档属性中）、生成的监控表（表内标识）、回收文件夹中的表；每个文号序列从见过的最大编号之后继续，不会重复使用。

    示例：
    perfcli ledger recover
    perfcli ledger recover --from-backup perfcli-20261020-093000-1a2b3c4d.db
    """
    from perfcli.api.recover import recover

    result = recover(
        from_backup=from_backup or backup is not None, backup=backup, returns=returns, config=config
    )
    if as_json:
        print_json(result.to_json())
        return
    if result.damaged:
        out.print(f"原台账已改名保留：{result.damaged}", markup=False)
    if result.backup:
        out.print(f"已从备份恢复：{result.backup.name}", markup=False)
    out.print(
        f"台账：{result.ledger}；补录函件 {result.letters} 份、监控表 {result.forms} 个，重新读取回收的表 {result.returns} 个。",
        markup=False,
    )
    for sequence, last in result.sequences.items():
        prefix, year = sequence.rsplit(" ", 1)
        out.print(f"文号 {prefix}〔{year}〕：已用到 {last} 号，下一个为 {last + 1} 号。", markup=False)


@app.command("accept")
def accept_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="在 Word 中修改过的函件（.docx/.pdf，render 写出的原路径）。", metavar="函件"),
    ],
    by: Annotated[
        str | None, typer.Option("--by", help="修改人（缺省为当前登录用户名）。", show_default=False)
    ] = None,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """认可人工修改：把签发前在 Word 中改过的函件记为正式出具的版本（文号不变，记下新的 sha256、修改人和时间），
    此后 ledger verify 不再报“文件已改动”，并列为“已人工修改”。

    示例：
    perfcli ledger accept 函件/问题整改通知-区博物馆.docx --by 张明
    """
    from perfcli import api

    accepted = api.accept(list(files), by=by, config=config)
    if as_json:
        print_json([a.to_json() for a in accepted])
        return
    for item in accepted:
        out.print(
            f"已认可：{item.doc_number} {item.file}（{item.edited_by}，{item.edited_at[:19]}）", markup=False
        )


@app.command("migrate")
def migrate_command(
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="服务器台账的地址，如 postgresql://jxk@192.168.1.10/perfcli（须为空数据库；密码可写在地址中，"
            "或放在环境变量 PGPASSWORD 中）。",
            show_default=False,
        ),
    ],
    check: Annotated[
        bool, typer.Option("--check", help="只核对：比较已迁入的服务器台账与台账文件，什么也不写。")
    ] = False,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """把工作区的台账文件（SQLite）迁入 PostgreSQL 服务器台账：逐表复制，核对行数和每张表按主键顺序的校验和，
    全部一致才提交，并把 perfcli.toml 的 [ledger] url 改为该地址；不一致则全部撤销，目标数据库仍为空。
    两台及以上电脑写同一工作区时使用。原台账文件保留不动。

    退出码：0 迁入（或核对）一致，1 --check 核对不一致，2 地址不对或目标数据库不是空的，3 无法连接服务器或复制后
    核对不一致（已全部撤销）。

    示例：
    perfcli ledger migrate --to postgresql://jxk@192.168.1.10/perfcli
    """
    from perfcli.api.migrate import migrate_ledger

    result = migrate_ledger(to, check=check, config=config)
    if as_json:
        print_json(result.to_json())
    else:
        for table in result.tables:
            mark = "一致" if table.same else f"[red]不一致（服务器 {table.server_rows} 行）[/]"
            out.print(f"  {escape(table.name)}：{table.rows} 行，校验和 {table.digest[:12]}… {mark}")
        rows = sum(t.rows for t in result.tables)
        if result.checked_only:
            verdict = "全部一致。" if result.same else "[red]服务器台账与台账文件不一致。[/]"
            out.print(f"核对 {escape(result.target)}：{len(result.tables)} 张表 {rows} 行，{verdict}")
        else:
            out.print(
                f"已迁入 {result.target}：{len(result.tables)} 张表 {rows} 行，行数与校验和全部一致。"
                f"perfcli.toml 的 [ledger] url 已改为该地址；原台账文件 {result.source.name} 保留，不再使用。",
                markup=False,
            )
    if not result.same:
        raise typer.Exit(EXIT_DATA_ERRORS)
