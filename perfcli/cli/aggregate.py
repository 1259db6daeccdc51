"""perfcli aggregate — units' 附表1 into each department's 附表2; every return into the city 汇总.xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from perfcli.cli.console import err, out, print_json, print_json_streamed, progress_bar
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    ForcePeriodOpt,
    JobsOpt,
    JsonOpt,
    NoCacheOpt,
    OptionalPeriodOpt,
    OutDirOpt,
    PathsArg,
    RosterOpt,
    roster_or_workspace,
)
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK, UsageError
from perfcli.model.values import money_text, percent_text

if TYPE_CHECKING:
    from perfcli.api import CityRollup

app = typer.Typer(
    name="aggregate",
    help="汇总：单位附表1 → 部门附表2（预填预算执行）；全部报表 → 全市（区）汇总表；自评表 → 自评结果汇总。\n\n"
    "示例：\nperfcli aggregate city 回收 --period 2026Q3 --out 汇总.xlsx",
    no_args_is_help=True,
)

CityOutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="汇总工作簿的文件名，如 汇总.xlsx。加 --json 时可省略（只把汇总结果写到标准输出）。",
        show_default=False,
    ),
]


@app.command("department")
def department_command(
    paths: PathsArg,
    out_dir: OutDirOpt,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    as_json: JsonOpt = False,
    jobs: JobsOpt = 1,
    config_path: ConfigOpt = None,
) -> None:
    """按部门汇总各单位附表1，生成预填的部门附表2工作簿。

    每个部门一个工作簿：附表2 的部门名称、本年度预算资金总额、资金到位率、预算执行率已按各单位数据预填
    （公式见批注和表下说明），其余内容留给部门填写；另附“项目明细”表（每个项目一行）。

    退出码：0 汇总完成；1 有文件被退回（未计入合计，见输出的文件清单）；2 用法错误；3 运行失败。

    示例：
    perfcli aggregate department 回收 --period 2026Q3 --roster 名册.xlsx --out 部门附表2
    """
    from perfcli import api

    with progress_bar(as_json, "读取工作簿") as advance:
        result = api.aggregate_department(
            paths,
            roster=roster_or_workspace(roster, config_path),
            period=period,
            config=config_path,
            jobs=jobs,
            out=out_dir,
            force=force,
            use_cache=not no_cache,
            force_period=force_period,
            progress=advance,
        )
    _say_rejected(result.city)
    if as_json:
        print_json(result.to_json())
    else:
        _summary_table(result.city, only_with_projects=True)
        out.print(f"已写出 {len(result.written)} 个部门工作簿到 {out_dir}")
    raise typer.Exit(_exit_code(result.city))


@app.command("city")
def city_command(
    paths: PathsArg,
    out_file: CityOutOpt = None,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    as_json: JsonOpt = False,
    jobs: JobsOpt = 1,
    config_path: ConfigOpt = None,
) -> None:
    """全市（区）汇总：生成汇总表、项目明细、预警清单、报送情况和执行进度图。

    汇总表含各部门金额、资金到位率、预算执行率、与序时进度差、完成目标可能性分布；预警清单附处置建议
    （常州新北 第十五条）；文件清单列出每个输入文件的处理结果。加 --roster 可列出未报送的单位和部门。

    退出码：0 汇总完成；1 有文件被退回（未计入合计，见“文件清单”）；2 用法错误；3 运行失败。

    示例：
    perfcli aggregate city 回收 --period 2026Q3 --roster 名册.xlsx --out 汇总.xlsx
    perfcli aggregate city 回收 --period 2026Q3 --json > 汇总.json
    """
    from perfcli import api

    if out_file is None and not as_json:
        raise UsageError(
            "请用 --out 指定汇总工作簿，如 --out 汇总.xlsx",
            details=["只要汇总结果（JSON，写到标准输出）时，可加 --json 而不写 --out。"],
        )
    target = None
    if out_file is not None:
        target = out_file if out_file.suffix.lower() == ".xlsx" else out_file.with_suffix(".xlsx")
    with progress_bar(as_json, "读取工作簿") as advance:
        city = api.aggregate_city(
            paths,
            roster=roster_or_workspace(roster, config_path),
            period=period,
            config=config_path,
            jobs=jobs,
            out=target,
            force=force,
            use_cache=not no_cache,
            force_period=force_period,
            progress=advance,
        )
    _say_rejected(city)
    if as_json:
        output = str(target) if target is not None else None
        print_json_streamed({**city.json_frame(), "output": output}, "projects", city.projects_json())
    else:
        _summary_table(city, only_with_projects=False)
        out.print(f"汇总表已写出：{target}")
    raise typer.Exit(_exit_code(city))


def _say_rejected(city: CityRollup) -> None:
    for note in city.notes:
        err.print(note, markup=False)
    for account in city.files:
        if account.status == "rejected":
            err.print(
                f"[yellow]未计入[/]：{escape(account.path)}：{escape(account.reason or '')}", highlight=False
            )


def _exit_code(city: CityRollup) -> int:
    """0 when every file was included or superseded; 1 when some file was rejected (the totals lack it)."""
    return EXIT_DATA_ERRORS if city.file_counts().get("rejected") else EXIT_OK


def _summary_table(city: CityRollup, *, only_with_projects: bool) -> None:
    from rich import box
    from rich.table import Table

    table = Table(
        title=f"{city.period.name} 预算绩效运行监控汇总（金额：万元；序时进度 {city.time_progress}%）",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("部门", overflow="fold", min_width=8)  # names wrap; numbers are never cut short
    for title in ("项目数", "预算总额", "已到位", "已支出", "到位率", "执行率", "进度差"):
        table.add_column(title, justify="right", no_wrap=True)

    def add(name: str, t: Any, style: str | None = None) -> None:
        gap = None if t.execution_rate is None else t.execution_rate - city.time_progress
        table.add_row(
            name,
            str(t.projects),
            money_text(t.budget_total),
            money_text(t.funds_received),
            money_text(t.funds_spent),
            percent_text(t.received_rate),
            percent_text(t.execution_rate),
            "—" if gap is None else f"{gap:+}",
            style=style,
        )

    for d in city.departments:
        if d.projects or not only_with_projects:
            add(d.name, d.totals)
    add("合计", city.totals, "bold")
    out.print(table)
    out.print(
        "到位率 = 已到位 ÷ 预算总额；执行率 = 已支出 ÷ 预算总额；进度差 = 执行率 − 序时进度（百分点）。"
    )
    out.print(city.coverage)
    counts = city.file_counts()
    out.print(
        f"文件：计入 {counts.get('included', 0)}，退回 {counts.get('rejected', 0)}，"
        f"被替代 {counts.get('superseded', 0)}；预警 {len(city.alerts)} 条。"
    )


SelfEvaluationOutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="汇总工作簿的文件名，如 自评结果汇总.xlsx。", show_default=False),
]


@app.command("self-evaluation")
def self_evaluation_command(
    paths: PathsArg,
    roster: RosterOpt = None,
    out_file: SelfEvaluationOutOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    config_path: ConfigOpt = None,
) -> None:
    """为回收的项目支出绩效自评表计分并汇总：各部门的项目数、平均分和各等级个数；每个项目的得分及与自评不符之处；
    （给出名册时）未报送自评表的项目。--out 写出 自评结果汇总.xlsx（部门汇总、项目得分、未报送项目三张表）。

    退出码：0 汇总完成；1 有文件无法计分；2 用法错误或输出已存在且未加 --force；3 运行失败。

    示例：
    perfcli aggregate self-evaluation 自评表回收 --roster 名册.xlsx --out 自评结果汇总.xlsx
    """
    from perfcli import api

    result = api.aggregate_self_evaluation(
        paths,
        roster=roster_or_workspace(roster, config_path),
        out=out_file,
        config=config_path,
        force=force,
    )
    if as_json:
        print_json(result.to_json())
    else:
        _self_evaluation_view(result)
    for path, why in result.scores.unread:
        err.print(f"✗ {path}：{why}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_DATA_ERRORS if result.scores.unread else EXIT_OK)


def _self_evaluation_view(result: Any) -> None:
    from rich.table import Table

    rollup = result.rollup
    table = Table(title="绩效自评结果（按部门）", title_justify="left")
    table.add_column("部门", overflow="fold")
    for name in ("应报", "已报", "平均分", *rollup.grades):
        table.add_column(name, justify="right")
    for d in rollup.departments:
        average = str(d.average) if d.average is not None else "—"
        table.add_row(
            escape(d.name),
            str(d.owed),
            str(len(d.scores)),
            average,
            *(str(d.count(g)) for g in rollup.grades),
        )
    out.print(table)
    if rollup.missing:
        out.print(f"未报送自评表的项目 {len(rollup.missing)} 个（见汇总表“未报送项目”）。", markup=False)
    for whole in rollup.department_forms:  # a 部门整体 form is the department's own score, not a project's
        total = str(whole.total) if whole.total is not None else "—"
        name = whole.department or whole.unit or whole.file
        out.print(f"部门整体绩效自评：{name} 计算总分 {total}（不计入项目平均分）", markup=False)
    if result.written:
        out.print(f"汇总表已写出：{result.written}", markup=False)
