"""The handling the regulations suggest for a deviation, worded once (常州新北 第十二条、第十五条).

Used by the form checks (V110–V112), the 预警清单 of the roll-ups, and the letters.
"""

from __future__ import annotations

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


def for_likelihood(value: str, worst: str | None) -> str:
    """An indicator rated at risk: objective handling, and the serious one when it is the worst value."""
    return OBJECTIVE + ("；偏离较大的，" + SERIOUS if value == worst else "")
