"""perfcli validate — check returned workbooks against the rules (and the roster), report what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from perfcli.cli.console import err, out, print_json_streamed, progress_bar
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    ForcePeriodOpt,
    JobsOpt,
    JsonOpt,
    NoCacheOpt,
    OptionalPeriodOpt,
    PathsArg,
    RosterOpt,
    roster_or_workspace,
)
from perfcli.model.text import quoted

if TYPE_CHECKING:
    from perfcli.api import ValidationReport

app = typer.Typer()

ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="把问题清单写成 Excel（每条问题一行，可筛选），如 问题清单.xlsx。",
        show_default=False,
    ),
]
AnnotateOpt = Annotated[
    Path | None,
    typer.Option(
        "--annotate",
        help="为每个有问题的工作簿在此目录写一份标注副本（问题单元格标色加批注，首页为问题清单），可直接发回单位修改。",
        show_default=False,
    ),
]

SEVERITY = {"error": "[red]错误[/]", "warning": "[yellow]警告[/]"}
# how the summary line counts the forms read, by stage (ValidationReport.summary)
_FORM_KINDS = (
    ("monitoring_forms", "监控表"),
    ("self_evaluation_forms", "自评表"),
    ("target_forms", "绩效目标申报表"),
)
STATUS = {"read": "已读取", "rejected": "[red]无法读取[/]", "superseded": "[dim]已被新版本取代[/]"}


@app.command("validate")
def validate_command(
    paths: PathsArg,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    as_json: JsonOpt = False,
    report_path: ReportOpt = None,
    annotate_dir: AnnotateOpt = None,
    jobs: JobsOpt = 1,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    config_path: ConfigOpt = None,
) -> None:
    """校验回收的监控表工作簿（可给文件夹，递归查找 .xlsx/.xlsm/.xls/.ods）。

    逐条列出问题（级别、代码、工作表、单元格、说明和处理建议）；给出名册时还核对单位、项目、预填内容和应报表是否齐全。
    同一单位同一期间的多个版本以最新的为准。退出码：0 无错误（可有警告），1 有错误或有无法读取的文件，2 用法错误，3 运行失败。

    示例：
    perfcli validate 回收 --period 2026Q3 --roster 名册.xlsx --report 问题清单.xlsx
    perfcli validate 回收 --period 2026Q3 --annotate 标注副本
    """
    from perfcli import api

    with progress_bar(as_json, "读取工作簿") as advance:
        report = api.validate(
            paths,
            roster=roster_or_workspace(roster, config_path),
            period=period,
            config=config_path,
            jobs=jobs,
            report=report_path,
            annotate=annotate_dir,
            force=force,
            use_cache=not no_cache,
            force_period=force_period,
            progress=advance,
        )
    for note in report.notes:
        err.print(note, markup=False)
    if not report.files:
        err.print("注意：没有找到任何工作簿（.xlsx/.xlsm/.xls/.ods），请检查路径。", markup=False)
    for path in report.written.get("report", []):
        err.print(f"问题清单已写入：{path}", markup=False)
    if annotate_dir is not None:
        err.print(
            f"标注副本 {len(report.written.get('annotated', []))} 份已写入：{annotate_dir}", markup=False
        )
    if as_json:
        print_json_streamed(report.json_frame(), "files", report.files_json())
    else:
        render_report(report)
    raise typer.Exit(report.exit_code)


MAX_TERMINAL_FINDINGS = 300  # the rest are in --report / --json
TERMINAL_MESSAGE_MAX = (
    600  # characters of one finding on the terminal (a message quotes at most 200 of a cell)
)
MAX_LISTED_FILES = 50  # above this, clean files are only counted


FINDING_COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("工作表", {"overflow": "fold", "ratio": 1}),
    ("单元格", {"no_wrap": True}),
    ("级别", {"no_wrap": True}),
    ("代码", {"no_wrap": True}),
    ("问题", {"overflow": "fold", "ratio": 4}),
)


def render_report(report: ValidationReport) -> None:
    """The terminal summary: one line per file, then each file's findings, then the totals. A whole city
    (over MAX_LISTED_FILES files) lists only the files that must come back, and counts the warnings."""
    large = len(report.files) > MAX_LISTED_FILES
    base = _common_folder([r.path for r in report.files])
    _files_table(report, base, large)
    shown = _findings_tables(report, base, large)
    s = report.summary
    total = s["errors"] + s["warnings"]
    if large and s["warnings"]:
        out.print(
            f"警告 {s['warnings']} 条未逐条列出（{_warnings_by_code(report)}），请用 --report 或 --json 查看。",
            markup=False,
        )
        total = s["errors"]
    if total > shown:
        out.print(
            f"（另有 {total - shown} 条问题未在此列出，请用 --report 或 --json 查看全部。）", markup=False
        )
    period = f"{report.period.name}，" if report.period else ""
    kinds = [f"{name} {s[key]} 张" for key, name in _FORM_KINDS if s[key]]
    out.print(
        f"{period}共 {s['files']} 个文件：已读取 {s['read']}，无法读取 {s['rejected']}，被新版本取代 {s['superseded']}；"
        f"{'、'.join(kinds or ['表 0 张'])}；错误 {s['errors']} 条，警告 {s['warnings']} 条。",
        markup=False,
    )


def _files_table(report: ValidationReport, base: str, large: bool) -> None:
    from rich.table import Table

    files = Table(title=f"文件（位于 {_escape(base)}）" if base else "文件", title_justify="left")
    for name, kw in (
        ("文件", {"overflow": "fold", "ratio": 3}),
        ("单位", {"overflow": "fold", "ratio": 2}),
        ("状态", {}),
        ("错误", {"justify": "right"}),
        ("警告", {"justify": "right"}),
    ):
        files.add_column(name, **kw)
    listed = report.files
    if large:
        listed = [r for r in report.files if (r.errors and r.status == "read") or r.status == "rejected"]
    for result in listed:
        note = f"\n[dim]{_escape(result.reason)}[/]" if result.reason else ""
        files.add_row(
            _escape(_shown(result.path, base)),
            _escape(quoted(result.name or "")),
            STATUS[result.status] + note,
            _count(result.errors, "red"),
            _count(result.warnings, "yellow"),
        )
    out.print(files)
    if len(listed) < len(report.files):
        out.print(
            f"（另有 {len(report.files) - len(listed)} 个文件没有错误或已被新版本取代，未逐一列出。）",
            markup=False,
        )


def _findings_tables(report: ValidationReport, base: str, large: bool) -> int:
    """A table of findings per file (errors only for a city), at most MAX_TERMINAL_FINDINGS in all;
    returns how many were shown."""
    from rich.table import Table

    def chosen(findings: list) -> list:
        return [f for f in findings if f.severity == "error"] if large else findings

    groups = [
        (f"{_shown(r.path, base)}（{r.name}）" if r.name else _shown(r.path, base), chosen(r.findings))
        for r in report.files
        if chosen(r.findings) and not (large and r.status == "superseded")
    ]
    if chosen(report.findings):
        groups.append(("名册核对", chosen(report.findings)))
    shown = 0
    for title, findings in groups:
        if shown >= MAX_TERMINAL_FINDINGS:
            break
        table = Table(title=_escape(quoted(title)), title_justify="left", expand=True)
        for name, kw in FINDING_COLUMNS:
            table.add_column(name, **kw)
        for f in findings[: MAX_TERMINAL_FINDINGS - shown]:
            table.add_row(
                _escape(quoted(f.sheet or "", 40)),
                f.cell or "",
                SEVERITY[f.severity],
                f.code,
                _escape(quoted(f.message, TERMINAL_MESSAGE_MAX)),
            )
        shown += min(len(findings), MAX_TERMINAL_FINDINGS - shown)
        out.print(table)
    return shown


def _warnings_by_code(report: ValidationReport) -> str:
    """ "V112 执行进度滞后 1,234 条，V117 逾期报送 3 条" — how a city's warnings break down."""
    from collections import Counter

    from perfcli.api import all_rules

    titles = {rule.code: rule.title for rule in all_rules()}
    counts = Counter(f.code for r in report.files for f in r.findings if f.severity == "warning")
    counts.update(f.code for f in report.findings if f.severity == "warning")
    return "，".join(f"{code} {titles.get(code, '')} {n:,} 条" for code, n in counts.most_common())


def _common_folder(paths: list[str]) -> str:
    """The folder all files of the batch sit in (shown once, so each row names only the file)."""
    import os

    folders = [os.path.dirname(p) for p in paths]
    if not folders:
        return ""
    try:
        return os.path.commonpath(folders)
    except ValueError:  # mixed absolute and relative paths, or different drives
        return ""


def _shown(path: str, base: str) -> str:
    import os

    return os.path.relpath(path, base) if base else path


def _count(n: int, color: str) -> str:
    return f"[{color}]{n}[/]" if n else "0"


def _escape(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))
