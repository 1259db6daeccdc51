"""The handling the regulations suggest for a deviation, worded once (常州新北 第十二条、第十五条).

Which handling a project may be suggested is data: config [handling] maps each 项目类别 (the roster's
optional column; 一般项目 when not given) and 偏离程度 (一般 / 严重) to a list of measures. By default
民生保障 and 刚性支出 are never suggested 暂停 or 停止拨付 (people depend on them): they are urged to speed up
and asked for the reasons. A unit that has filled in its reasons (not boilerplate) moves a 第二项 suggestion
to 第一项 and is not asked for them again.

Used by the form checks (V110–V112), the 预警清单 of the roll-ups, and the letters.
"""

from __future__ import annotations

import re
from typing import Any

from perfcli.errors import UsageError

# 第十五条第一项: objective causes (policy change, emergencies) behind slow execution or a missed target.
OBJECTIVE = (
    "分析进度缓慢、目标偏离的原因；属政策变化、突发事件等客观因素的，按程序调减预算并同步调整绩效目标，"
    "调整申请随三季度监控信息报财政部门审定（第十五条第一项）"
)
# 第十五条第二项: serious deviation.
SERIOUS = (
    "预算执行与绩效目标偏离较大：暂停项目实施，按程序调减预算并停止拨付资金，及时纠偏止损；"
    "已开始执行的政府采购项目按相关程序办理（第十五条第二项）"
)
# 第十二条: the unit must explain a deviation and say how it will be corrected.
EXPLAIN = (
    "补充填写目标偏离情况及原因分析和改进计划，说明预计年底不能完成目标的原因及拟采取的改进措施（第十二条）"
)
# 第十六条: the bureau urges the department to improve (for spending people depend on: never a stop).
URGE = "督促加快预算执行和项目实施进度，确保资金按时足额拨付、保障对象待遇不受影响（第十六条）"

# the measures config [handling] may name, in the order a handling text states them
MEASURES: dict[str, str] = {
    "督促加快执行": URGE,
    "说明原因": EXPLAIN,
    "调减预算": OBJECTIVE,
    "暂停拨付": SERIOUS,
}
BANDS = ("一般", "严重")
# without a rule for the category (config [handling.categories]), the 第十五条 reading for 一般项目
FALLBACK = {"一般": ["调减预算"], "严重": ["暂停拨付"]}
# what a clerk types when there is nothing to say: it is not a reason
BOILERPLATE = {
    "无",
    "暂无",
    "没有",
    "正常",
    "进度正常",
    "无偏离",
    "未偏离",
    "按计划实施",
    "按计划推进",
    "正常推进",
    "正在实施",
}
MIN_REASON_CHARS = 6


def has_reason(text: Any) -> bool:
    """The unit said why: something beyond blank, dashes and boilerplate (无, 正常, 按计划实施…)."""
    plain = re.sub(r"[\s\u3000。，,.;；:：、/—\-－_()（）]", "", str(text or ""))
    return bool(plain) and plain not in BOILERPLATE and len(plain) >= MIN_REASON_CHARS


def _rules(config: Any) -> dict[str, dict[str, list[str]]]:
    rules = dict(config.section("handling").get("categories") or {})
    for category, bands in rules.items():
        for band, named in dict(bands).items():
            unknown = [m for m in named if m not in MEASURES]
            if band not in BANDS or unknown:
                raise UsageError(
                    f"配置 [handling.categories] {category}.{band} 有误：偏离程度应为 {'、'.join(BANDS)}，"
                    f"处置应为 {'、'.join(MEASURES)} 之一。"
                )
    return rules


def measures(config: Any, band: str, category: str | None, reason: Any) -> list[str]:
    """The measures one project may be suggested: its category's for the band (config [handling]
    default_category when it has none); with a reason given, 暂停拨付 becomes 调减预算 and 说明原因 goes."""
    rules = _rules(config)
    default = str(config.section("handling").get("default_category") or "")
    chosen = rules.get(category or "") or rules.get(default) or FALLBACK
    found = list(chosen.get(band) or FALLBACK[band])
    if has_reason(reason):
        found = ["调减预算" if m == "暂停拨付" else m for m in found if m != "说明原因"]
    return list(dict.fromkeys(found)) or ["说明原因"]


def suggest(config: Any, band: str, category: str | None = None, reason: Any = None) -> str:
    """The handling text for a deviation of `band` (一般 / 严重) of a project of `category`."""
    return "；".join(MEASURES[m] for m in measures(config, band, category, reason))
