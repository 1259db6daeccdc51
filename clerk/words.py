"""What a clerk types: narratives, 已完成情况 in the target's own terms, 完成目标可能性, amounts."""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfcli.model.period import Period

CENT = Decimal("0.01")
FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

IMPLEMENTATION = [
    "截至{end}，{name}各项工作按计划有序推进，已完成年度工作量的约{pct}%。资金已到位{received}万元，已支出{spent}万元。",
    "截至{end}，{name}已完成招标采购并组织实施，主体工作完成约{pct}%，资金按合同进度支付。",
    "{name}严格按照实施方案推进，截至{end}已完成约{pct}%，阶段性目标基本实现，正在开展中期检查。",
]
IMPLEMENTATION_AT_RISK = [
    "截至{end}，{name}完成约{pct}%，低于计划进度。资金已到位{received}万元，已支出{spent}万元。",
    "{name}前期手续办理耗时较长，截至{end}仅完成约{pct}%，部分合同款项尚未支付。",
]
DEVIATION_ON_TRACK = ["无明显偏离。", "项目执行情况与年度绩效目标基本一致，无明显偏离。", "无"]
DEVIATION_AT_RISK = [
    "受设计方案调整影响，招标采购较计划推迟约两个月，预算执行率低于序时进度，部分产出指标年底前完成存在困难。",
    "项目所涉场地协调尚未完成，施工进度滞后，部分资金暂未支付，预计年度产出目标难以全部实现。",
    "上级补助资金到位较晚，项目启动推迟，当前完成进度明显落后于计划。",
]
IMPROVEMENT_ON_TRACK = [
    "继续按计划推进，加快资金支付进度。",
    "加强过程管理，确保年底前完成各项绩效目标。",
    "无",
]
IMPROVEMENT_AT_RISK = [
    "倒排工期、挂图作战，加快施工进度，确保年底前完成主体工程并按合同支付款项；确实无法完成的按程序调减预算。",
    "加强与相关部门沟通协调，尽快完成场地移交；第四季度集中推进，必要时按程序调整绩效目标。",
]
QUALITATIVE_DONE = ["稳步推进", "初见成效", "按计划推进", "有所提升", "逐步完善"]
_TARGET = re.compile(r"^\s*([≥≤=＞＜><])\s*(\d[\d,]*(?:\.\d+)?)\s*(.*)$")


def cents(value: Decimal | float) -> Decimal:
    """An amount in 万元 rounded to two decimals, as the forms hold it."""
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def as_cell_number(value: Decimal) -> float:
    """An amount as a number typed into a cell."""
    return float(value)


def is_qualitative(target: str) -> bool:
    """A 指标值 without a comparison and a number ("稳步提升", not "≥1200人")."""
    return not _TARGET.match(target)


def actual_for(rng: random.Random, target: str, progress: float, at_risk: bool, spent: Decimal | None) -> str:
    """已完成情况 for an indicator, in the target's own terms ("≥1200人" -> "960人")."""
    target = (target or "").strip()
    if re.match(r"^[≤<]\s*\d{4}年", target):
        return "进度滞后，预计延期至次年一季度完成" if at_risk else "按计划推进，预计按期完成"
    m = _TARGET.match(target)
    if not m:
        return rng.choice(QUALITATIVE_DONE) if not at_risk else "推进较慢"
    op, number, unit = m[1], Decimal(m[2].replace(",", "")), m[3]
    if unit.startswith("万元") and spent is not None:
        return f"{spent}万元"
    if unit.startswith("%") or unit.startswith("％"):
        if op == "=":
            return f"{number.normalize():f}%"
        if op in "≤<＜":
            return f"{max(Decimal(0), number - rng.randint(1, 3)).normalize():f}%"
        lag = Decimal(rng.randint(5, 15)) if at_risk else Decimal(-rng.randint(0, 4))
        return f"{min(Decimal(100), number - lag).normalize():f}%"
    if op == "=":
        return f"{number.normalize():f}{unit}"
    if op in "≤<＜":
        return f"{(number * Decimal('0.9')).quantize(Decimal('0.1')).normalize():f}{unit}"
    done = number * Decimal(str(progress))
    done = done.quantize(Decimal(1)) if number >= 10 else done.quantize(Decimal("0.1"))
    return f"{done.normalize():f}{unit}"


def likelihood_for(rng: random.Random, at_risk: bool, qualitative: bool) -> str:
    """完成目标可能性 as a clerk picks it."""
    if at_risk:
        return rng.choice(["可能性小", "可能性小", "可能性大"]) if not qualitative else "可能性大"
    return rng.choice(["确定能", "确定能", "可能性大"])


def period_end_text(period: Period) -> str:
    return f"{period.end.month}月底"


def rate_text(part: Decimal, whole: Decimal) -> str:
    """A rate as typed into 已完成情况: "87.5%"."""
    if not whole:
        return "0%"
    return f"{(part * 100 / whole).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def typed_money(value: Decimal, style: str | None) -> Any:
    """An amount as a clerk types it: a number, or text in one of the sloppy styles."""
    if style == "thousands":
        return f"{value:,.2f}"
    if style == "wanyuan":
        return f"{value.normalize():f}万元"
    if style == "fullwidth":
        return f"{value:.2f}".translate(FULLWIDTH)
    return as_cell_number(value)
