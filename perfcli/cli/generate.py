"""perfcli generate — pre-filled monitoring workbooks from the roster, or an empty official form."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from perfcli.cli.console import err, out, print_json, progress_bar
from perfcli.cli.options import (
    ConfigOpt,
    ForceOpt,
    ForcePeriodOpt,
    JobsOpt,
    JsonOpt,
    OptionalPeriodOpt,
    OutDirOpt,
)
from perfcli.errors import UsageError

if TYPE_CHECKING:
    from perfcli.api import GenerateResult

app = typer.Typer()

RosterArg = Annotated[
    Path | None,
    typer.Argument(
        help="名册工作簿（perfcli init 生成的格式，含 部门、单位、项目、绩效指标 四张表）。",
        show_default=False,
        metavar="名册",
    ),
]
BlankOpt = Annotated[
    str | None,
    typer.Option(
        "--blank",
        "-b",
        help="只生成一张空白的官方表样：附表1、附表2、附表3、自评表、绩效目标申报表，或所选表样包的表（如 监控表）（不需要名册）。",
        show_default=False,
    ),
]
StageOpt = Annotated[
    str,
    typer.Option(
        "--stage",
        "-s",
        help="monitoring：季度监控表（默认）；self-evaluation：年度项目支出绩效自评表（--period 写年度，如 2026）；"
        "targets：预算年度的项目支出绩效目标申报表（--period 写预算年度，如 2027）。",
    ),
]
ReturnsOpt = Annotated[
    Path | None,
    typer.Option(
        "--returns",
        help="仅用于 self-evaluation：当年三季度回收的监控表所在文件夹；各项目的已支出资金作为“全年执行数”的提示。",
        show_default=False,
    ),
]
STAGES = ("monitoring", "self-evaluation", "targets")
_STAGE_FORMS = {"self-evaluation": "自评表", "targets": "绩效目标申报表"}  # a stage's blank form (--blank)


@app.command("generate")
def generate_command(
    out_dir: OutDirOpt,
    roster: RosterArg = None,
    period: OptionalPeriodOpt = None,
    force_period: ForcePeriodOpt = False,
    blank: BlankOpt = None,
    stage: StageOpt = "monitoring",
    returns: ReturnsOpt = None,
    force: ForceOpt = False,
    jobs: JobsOpt = 1,
    as_json: JsonOpt = False,
    config_path: ConfigOpt = None,
) -> None:
    """按名册生成各单位的附表1工作簿、各部门的附表2/附表3工作簿（已知信息预填并保护），或生成空白表样。

    每个单位一个工作簿（每个项目一张附表1），每个部门一个工作簿（附表2 + 每个重点项目一张附表3），
    按部门分文件夹存放。--stage self-evaluation --period 2026 生成年度项目支出绩效自评表（每个单位一个工作簿，
    每个项目一张，预填名称、全年预算数、指标及分值）；--blank 自评表 生成空白自评表。
    --stage targets --period 2027 生成预算年度的项目支出绩效目标申报表（每个单位一个工作簿，每个项目一张，
    预填项目名称、主管部门及代码、实施单位、年度资金总额，绩效指标由单位按产出、效益、满意度分类填写）。
    已存在的文件不会被覆盖，除非加 --force。

    示例：
    perfcli generate 名册.xlsx --period 2026Q3 --out 监控表
    perfcli generate 名册.xlsx --stage self-evaluation --period 2026 --out 自评表
    perfcli generate 名册.xlsx --stage targets --period 2027 --out 申报表
    perfcli generate --blank 附表1 --out 空白表样
    """
    from perfcli import api

    if stage not in STAGES:
        raise UsageError(f"未知的阶段“{stage}”：请写 {' 或 '.join(STAGES)}")
    if returns is not None and stage != "self-evaluation":
        raise UsageError("--returns 只用于 --stage self-evaluation（以三季度已支出资金提示全年执行数）")
    if stage == "self-evaluation" and blank is None:
        if roster is None or period is None:
            raise UsageError(
                "请指定名册和年度，例如：perfcli generate 名册.xlsx --stage self-evaluation --period 2026 --out 自评表"
            )
        result = api.generate_self_evaluation(
            roster, period, out_dir, returns=returns, config=config_path, force=force, jobs=jobs
        )
        if as_json:
            print_json(result.to_json())
        elif not _nothing_written(result):
            out.print(
                f"已生成 {result.period} 年度项目支出绩效自评表：单位工作簿 {result.units} 个，"
                f"工作表 {result.sheets} 张",
                markup=False,
            )
            out.print(f"输出目录：{result.out_dir}", markup=False)
        if not as_json:
            for warning in result.warnings:
                err.print(f"提示：{warning['message']}", markup=False, soft_wrap=True)
        return
    if stage == "targets" and blank is None:
        _targets(roster, period, out_dir, force, jobs, as_json, config_path)
        return
    if blank is not None and stage in _STAGE_FORMS:
        blank, period = _STAGE_FORMS[stage], None
    if blank is not None:
        if roster is not None:
            raise UsageError("--blank 生成空白表样，不需要名册；请去掉名册参数或去掉 --blank")
        result = api.generate_blank(
            blank, out_dir, period=period, config=config_path, force=force, force_period=force_period
        )
    else:
        if roster is None:
            raise UsageError(
                "请指定名册工作簿，例如：perfcli generate 名册.xlsx --period 2026Q3 --out 监控表"
            )
        with progress_bar(as_json, "生成监控表") as advance:
            result = api.generate(
                roster,
                period,
                out_dir,
                config=config_path,
                force=force,
                force_period=force_period,
                jobs=jobs,
                progress=advance,
            )
    if as_json:
        print_json(result.to_json())
    else:
        _summary(result)


def _targets(
    roster: Path | None,
    period: str | None,
    out_dir: Path,
    force: bool,
    jobs: int,
    as_json: bool,
    config_path: Path | None,
) -> None:
    from perfcli import api

    if roster is None or period is None:
        raise UsageError(
            "请指定名册和预算年度，例如：perfcli generate 名册.xlsx --stage targets --period 2027 --out 申报表"
        )
    result = api.generate_targets(roster, period, out_dir, config=config_path, force=force, jobs=jobs)
    if as_json:
        print_json(result.to_json())
        return
    out.print(
        f"已生成 {result.period} 年度项目支出绩效目标申报表：单位工作簿 {result.units} 个，工作表 {result.sheets} 张",
        markup=False,
    )
    out.print(f"输出目录：{result.out_dir}", markup=False)
    if result.skipped:
        names = "、".join(s["name"] for s in result.skipped)
        err.print(f"提示：以下单位在名册中没有项目，未生成申报表：{names}", markup=False)


def _nothing_written(result: GenerateResult) -> bool:
    """A rerun with every workbook already written and unchanged (the ledger says so): say that, not 已生成 0."""
    if result.files or not result.unchanged:
        return False
    out.print(f"已全部生成，无需重写（{result.unchanged} 个文件）", style="bold", markup=False)
    out.print(f"输出目录：{result.out_dir}", markup=False)
    return True


def _summary(result: GenerateResult) -> None:
    from rich.table import Table

    if any(f.kind == "blank" for f in result.files):
        for file in result.files:
            out.print(f"已生成空白表样：{file.path}", markup=False)
        return
    # the forms of the config's pack (附表1 … or 监控表), as api.generate issued them
    forms = result.forms
    assert forms is not None  # generate (not --blank) says which forms it issued
    unit_forms = "/".join(s.code for s in forms.owed("unit", True))
    if not _nothing_written(result):
        table = Table(show_header=True, header_style="bold")
        table.add_column("项目")
        table.add_column("数量", justify="right")
        department_forms = "/".join(s.code for s in forms.owed("department", True))
        if department_forms:
            table.add_row(f"部门工作簿（{department_forms}）", str(result.departments))
        table.add_row(f"单位工作簿（{unit_forms}）", str(result.units))
        table.add_row("工作表合计", str(result.sheets))
        if result.unchanged:
            table.add_row("上次已生成、无需重写", str(result.unchanged))
        if result.skipped:
            table.add_row("未生成（名册中无项目的单位）", str(len(result.skipped)))
        out.print(f"已生成 {result.period} 监控表", style="bold", markup=False)
        out.print(table)
        out.print(f"输出目录：{result.out_dir}", markup=False)
    for old, copy in result.backups.items():
        out.print(f"{old} 此前被改动过（或不是本工作区生成的），原文件已另存为 {copy}", markup=False)
    for line in result.roster_warnings:
        err.print(f"提示：名册{line}", markup=False)
    if result.skipped:
        names = "、".join(s["name"] for s in result.skipped)
        err.print(f"提示：以下单位在名册中没有项目，未生成{unit_forms}：{names}", markup=False)
