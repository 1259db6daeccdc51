"""perfcli aggregate — units' 附表1 into each department's 附表2; every return into the city 汇总.xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from perfcli.cli.console import err, out, print_json, print_json_streamed
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    JobsOpt,
    JsonOpt,
    OptionalPeriodOpt,
    OutDirOpt,
    PathsArg,
    RosterOpt,
)
from perfcli.errors import EXIT_DATA_ERRORS, EXIT_OK, UsageError

app = typer.Typer(
    name="aggregate",
    help="汇总：单位附表1 → 部门附表2（预填预算执行）；全部报表 → 全市（区）汇总表。",
    no_args_is_help=True,
)

CityOutOpt = Annotated[Path, typer.Option("--out", "-o", help="汇总工作簿的文件名，如 汇总.xlsx。")]


@app.command("department")
def department_command(
    paths: PathsArg,
    out_dir: OutDirOpt,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    jobs: JobsOpt = 1,
    config_path: ConfigOpt = None,
) -> None:
    """按部门汇总各单位附表1，生成预填的部门附表2工作簿。

    每个部门一个工作簿：附表2 的部门名称、本年度预算资金总额、资金到位率、预算执行率已按各单位数据预填
    （公式见批注和表下说明），其余内容留给部门填写；另附“项目明细”表（每个项目一行）。

    退出码：0 汇总完成；1 有文件被退回（未计入合计，见输出的文件清单）；2 用法错误；3 运行失败。
    """
    from perfcli.rollups.workbooks import write_department_workbooks

    city, config = _aggregate(paths, roster, period, jobs, config_path, quiet=as_json)
    rollups = [d for d in city.departments if d.projects]
    if not rollups:
        raise UsageError("没有可汇总的单位附表1：请检查输入的文件夹（被退回的文件见上方说明）")
    written = write_department_workbooks(rollups, out_dir, config, force=force)
    if as_json:
        print_json(
            {
                "period": city.period.code,
                "time_progress": float(city.time_progress),
                "departments": [
                    {**d.to_json(), "output": str(p)} for d, p in zip(rollups, written, strict=True)
                ],
                "files": [f.to_json() for f in city.files],
                "file_counts": city.file_counts(),
            }
        )
    else:
        _summary_table(city, only_with_projects=True)
        out.print(f"已写出 {len(written)} 个部门工作簿到 {out_dir}")
    raise typer.Exit(_exit_code(city))


@app.command("city")
def city_command(
    paths: PathsArg,
    out_file: CityOutOpt,
    roster: RosterOpt = None,
    period: OptionalPeriodOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
    jobs: JobsOpt = 1,
    config_path: ConfigOpt = None,
) -> None:
    """全市（区）汇总：生成汇总表、项目明细、预警清单、报送情况和执行进度图。

    汇总表含各部门金额、资金到位率、预算执行率、与序时进度差、完成目标可能性分布；预警清单附处置建议
    （常州新北 第十五条）；文件清单列出每个输入文件的处理结果。加 --roster 可列出未报送的单位和部门。

    退出码：0 汇总完成；1 有文件被退回（未计入合计，见“文件清单”）；2 用法错误；3 运行失败。
    """
    from perfcli.io.files import check_writable
    from perfcli.rollups.workbooks import write_city_workbook

    target = out_file if out_file.suffix.lower() == ".xlsx" else out_file.with_suffix(".xlsx")
    check_writable(target, force)  # before reading a whole city's returns, not after
    city, config = _aggregate(paths, roster, period, jobs, config_path, quiet=as_json)
    write_city_workbook(city, target, config, force=force)
    if as_json:
        print_json_streamed({**city.json_frame(), "output": str(target)}, "projects", city.projects_json())
    else:
        _summary_table(city, only_with_projects=False)
        out.print(f"汇总表已写出：{target}")
    raise typer.Exit(_exit_code(city))


def _aggregate(
    paths: list[Path],
    roster_path: Path | None,
    period_text: str | None,
    jobs: int,
    config_path: Path | None,
    *,
    quiet: bool,
) -> tuple[Any, Any]:
    from perfcli.cli.validate import progress_bar
    from perfcli.model.config import load_config
    from perfcli.model.period import Period
    from perfcli.rollups.city import aggregate_paths

    config = load_config(config_path)
    period = Period.parse(period_text) if period_text else None
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError("找不到输入：" + "、".join(missing))
    roster = None
    if roster_path is not None:
        if not roster_path.is_file():
            raise UsageError(f"找不到名册文件：{roster_path}")
        from perfcli.roster.workbook import read_roster

        roster = read_roster(roster_path, config)
    with progress_bar(quiet) as advance:
        city = aggregate_paths(paths, config, period=period, roster=roster, jobs=jobs, progress=advance)
    for account in city.files:
        if account.status == "rejected":
            err.print(f"[yellow]未计入[/]：{account.path}：{account.reason}", markup=True, highlight=False)
    return city, config


def _exit_code(city: Any) -> int:
    """0 when every file was included or superseded; 1 when some file was rejected (the totals lack it)."""
    return EXIT_DATA_ERRORS if city.file_counts().get("rejected") else EXIT_OK


def _fmt(value: Any, suffix: str = "") -> str:
    """Money with thousands separators and 2 decimals (half-up), rates as 12.34%."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return "—"
    shown = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{shown:,}" if suffix == "" else f"{shown}{suffix}"


def _summary_table(city: Any, *, only_with_projects: bool) -> None:
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
            _fmt(t.budget_total),
            _fmt(t.funds_received),
            _fmt(t.funds_spent),
            _fmt(t.received_rate, "%"),
            _fmt(t.execution_rate, "%"),
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
    counts = city.file_counts()
    out.print(
        f"文件：计入 {counts.get('included', 0)}，退回 {counts.get('rejected', 0)}，"
        f"被替代 {counts.get('superseded', 0)}；预警 {len(city.alerts)} 条。"
    )
