"""执行进度滞后, decided once: 预算执行率 behind 序时进度 by more than the configured margin.

The rule comes from 巴中 事中绩效监控 ("双监控": execution against time); the margins are config
([thresholds] execution_lag_margin, serious_lag_margin); the handling (常州新北 第十五条) is perfcli.findings.handling's, by 偏离程度 (level). The form check
V112, the 预警清单 and the letters all ask this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from perfcli.model.config import Config
from perfcli.model.period import Period, time_progress

EXECUTION_RATE_FORMULA = "预算执行率 = 已支出资金 ÷ 预算总额 × 100%"


@dataclass(frozen=True)
class ExecutionLag:
    """How far 预算执行率 is behind 序时进度 at the end of a period (percentage points)."""

    rate: Decimal  # 预算执行率, percent
    progress: Decimal  # 序时进度, percent
    margin: Decimal  # 预警线
    serious_margin: Decimal  # 严重偏离线

    @property
    def lag(self) -> Decimal:
        """Points behind 序时进度 (negative: ahead of it)."""
        return self.progress - self.rate

    @property
    def lagging(self) -> bool:
        return self.lag > self.margin

    @property
    def serious(self) -> bool:
        return self.lag > self.serious_margin

    @property
    def level(self) -> str | None:
        """预警程度: 严重 / 一般, or None when not lagging."""
        if not self.lagging:
            return None
        return "严重" if self.serious else "一般"


def execution_lag(rate: Decimal | None, period: Period, config: Config) -> ExecutionLag | None:
    """The lag of a 预算执行率 at the end of `period`; None when there is no rate to judge."""
    if rate is None:
        return None
    return ExecutionLag(
        rate=rate,
        progress=time_progress(period.end),
        margin=config.threshold("execution_lag_margin"),
        serious_margin=config.threshold("serious_lag_margin"),
    )
