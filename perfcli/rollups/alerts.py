"""预警清单: the projects behind 序时进度, with indicators unlikely to be met, or with a deviation left
unexplained — each with the handling the regulations suggest (perfcli.findings.handling)."""

from __future__ import annotations

from collections.abc import Callable

from perfcli.findings import handling
from perfcli.findings.execution import execution_lag
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import is_blank
from perfcli.rollups.model import Alert, ProjectLine

LAGGING, UNLIKELY, UNEXPLAINED = "执行进度滞后", "目标完成可能性低", "偏离未说明"


def alerts_of(
    lines: list[ProjectLine], records: dict[tuple[str, str], FormRecord], config: Config, period: Period
) -> list[Alert]:
    """Every alert of every project line, in line order."""
    at_risk = set(config.likelihood_at_risk)
    worst = config.likelihood[-1] if config.likelihood else None
    alerts: list[Alert] = []
    for line in lines:
        record = records[(line.file, line.sheet)]
        where = {
            "department": line.department,
            "unit": line.unit,
            "project": line.project,
            "file": line.file,
            "sheet": line.sheet,
        }
        lag = execution_lag(line.execution_rate, period, config)

        def handling_of(band: str, line: ProjectLine = line) -> str:
            return handling.suggest(config, band, line.category, line.deviation_analysis)

        lagging = lag is not None and lag.lagging
        if lag is not None and lagging:
            detail = (
                f"预算执行率 {line.execution_rate}%，序时进度 {lag.progress}%，落后 {lag.lag} 个百分点"
                f"（预警线 {lag.margin} 个百分点）"
            )
            alerts.append(
                Alert(
                    LAGGING,
                    lag.level or "",
                    detail=detail,
                    handling=handling.suggest(
                        config, lag.level or "一般", line.category, line.deviation_analysis
                    ),
                    cell=record.cells.get("funds_spent"),
                    **where,
                )
            )
        risky = [ind for ind in record.table if str(ind.get("likelihood") or "").strip() in at_risk]
        alerts += [_unlikely(ind, worst, where, handling_of) for ind in risky]
        if (risky or lagging) and (is_blank(line.deviation_analysis) or is_blank(line.improvement_plan)):
            alerts.append(_unexplained(line, record, lagging, where))
    return alerts


def _unlikely(
    ind: Indicator, worst: str | None, where: dict[str, str], handling_of: Callable[[str], str]
) -> Alert:
    value = str(ind.get("likelihood")).strip()
    name = "/".join(str(ind.get(k)) for k in ("level1", "level2", "level3") if not is_blank(ind.get(k)))
    return Alert(
        UNLIKELY,
        "严重" if value == worst else "一般",
        detail=f"指标“{name}”（年度目标 {ind.get('target') or '—'}）完成目标可能性：{value}",
        handling=handling_of("严重" if value == worst else "一般"),
        cell=ind.cells.get("likelihood"),
        **where,
    )


def _unexplained(line: ProjectLine, record: FormRecord, lagging: bool, where: dict[str, str]) -> Alert:
    empty = [
        label
        for label, value in (
            ("目标偏离情况及原因分析", line.deviation_analysis),
            ("改进计划", line.improvement_plan),
        )
        if is_blank(value)
    ]
    why = "执行进度滞后" if lagging else "存在完成可能性低的指标"
    return Alert(
        UNEXPLAINED,
        "一般",
        detail=f"{why}，但未填写{'、'.join(empty)}",
        handling=handling.EXPLAIN,
        cell=record.cells.get(
            "deviation_analysis" if is_blank(line.deviation_analysis) else "improvement_plan"
        ),
        **where,
    )
