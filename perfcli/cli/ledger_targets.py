"""perfcli ledger targets — every project's 绩效目标 versions, the review steps taken, and what each 调整 or
re-submission changed (registered on the ledger group by perfcli.cli.ledger)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from perfcli.cli.console import out, print_json
from perfcli.cli.options import ConfigOpt, JsonOpt
from perfcli.cli.review import YearOpt

CHANGE_NAMES = {"added": "新增", "removed": "删除", "changed": "修改"}


def targets_command(period: YearOpt = None, as_json: JsonOpt = False, config: ConfigOpt = None) -> None:
    """列出绩效目标的各个版本：每个项目的每次申报（第 1 版、第 2 版等）及其状态（待审、退回、初审通过、复审通过、
    已批复）、审核记录（初审、复审、批复的结论、意见、时间）；第 2 版起列出与上一版相比的变化——逐个指标
    （中长期/年度、三级指标：新增、删除、指标值修改前后）和资金。批复后再次申报的是调整（须有调整说明）。

    示例：
    perfcli ledger targets --period 2027
    perfcli ledger targets --period 2027 --json
    """
    from perfcli import api

    history = api.target_history(period, config=config)
    if as_json:
        print_json(history.to_json())
        return
    if not history.projects:
        out.print("台账中没有绩效目标申报表。")
        return
    for project in history.projects:
        _show_project(project)


def _show_project(project: Any) -> None:
    latest = project.versions[-1]
    out.print(
        f"[bold]{escape(project.project_key)} {escape(project.project_name)}[/]（{project.year} 年度，"
        f"{len(project.versions)} 版，现状态：{escape(latest.status)}）"
    )
    for version in project.versions:
        kind = "调整" if version.adjustment else "申报"
        out.print(
            f"  第 {version.version} 版 {kind} {version.status}（收到 {version.received or '-'}）",
            markup=False,
        )
        out.print(f"    文件：{version.file}", markup=False)
        if version.declaration.adjustment_note:
            out.print(f"    调整说明：{version.declaration.adjustment_note}", markup=False)
        for decision in version.decisions:
            comment = f"：{decision.comment}" if decision.comment else ""
            taken = decision.step if decision.decision == decision.step else decision.step + decision.decision
            out.print(f"    {taken}（{decision.at[:10]}）{comment}", markup=False)  # 初审退回, 批复
        changes = project.changes.get(version.version)
        if changes is None:
            continue
        if not changes.indicators and not changes.funds:
            out.print(f"    与第 {changes.against} 版相比：指标和资金无变化", markup=False)
        for change in changes.indicators:
            values = {
                "added": change.after,
                "removed": change.before,
                "changed": f"{change.before} → {change.after}",
            }[change.change]
            out.print(
                f"    {CHANGE_NAMES[change.change]} {change.half} {change.name}：{values}", markup=False
            )
        for fund in changes.funds:
            out.print(
                f"    资金 {fund.half} {fund.part}：{fund.before if fund.before is not None else '-'} → "
                f"{fund.after if fund.after is not None else '-'} 万元",
                markup=False,
            )
