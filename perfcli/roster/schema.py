"""The roster workbook's schema: its four sheets (部门, 单位, 项目, 绩效指标), their columns and instructions.

Data only: reading (perfcli.roster.read) and writing (perfcli.roster.write) both follow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from perfcli.model.config import Config

YES, NO = "是", "否"
KEY_FUNDING_HINT = (
    "重点项目须填写四类资金来源金额（中央、省级 / 市级 / 区级 / 其他，万元），没有该来源的资金请填 0"
)


@dataclass(frozen=True)
class RosterColumn:
    key: str
    header: str
    kind: str = "text"  # text | code | money | date | yesno | fund_source | level1 | emails | category
    required: bool = False
    width: float = 14
    may_be_absent: bool = False  # a column added later (for the national 监控表): older rosters lack it


@dataclass(frozen=True)
class RosterSheet:
    name: str
    instruction: str
    columns: tuple[RosterColumn, ...]

    @cached_property
    def _by_key(self) -> dict[str, RosterColumn]:
        return {c.key: c for c in self.columns}

    def column(self, key: str) -> RosterColumn:
        return self._by_key[key]


DEPARTMENTS = RosterSheet(
    "部门",
    "说明：每行一个预算部门；部门编码不得重复；金额单位为万元；邮箱可填多个，用分号隔开。第2行为表头，请从第3行起填写，勿改动表头。",
    (
        RosterColumn("code", "部门编码", "code", True, 12),
        RosterColumn("name", "部门名称", "text", True, 28),
        RosterColumn("budget_total", "本年度预算资金总额（万元）", "money", False, 24),
        RosterColumn("contact", "联系人", "text", False, 12),
        RosterColumn("phone", "联系电话", "code", False, 16),
        RosterColumn(
            "national_code", "主管部门代码", "code", False, 14, True
        ),  # 监控表 主管部门及代码（national 表样包）
        RosterColumn("emails", "邮箱", "emails", False, 30, True),
    ),
)
UNITS = RosterSheet(
    "单位",
    "说明：每行一个预算责任单位（含部门本级）；所属部门编码须在“部门”表中存在；邮箱可填多个，用分号隔开。第2行为表头，请从第3行起填写。",
    (
        RosterColumn("code", "单位编码", "code", True, 12),
        RosterColumn("name", "单位名称", "text", True, 30),
        RosterColumn("department_code", "所属部门编码", "code", True, 14),
        RosterColumn("contact", "联系人", "text", False, 12),
        RosterColumn("phone", "联系电话", "code", False, 16),
        RosterColumn("emails", "邮箱", "emails", False, 30, True),
    ),
)
PROJECTS = RosterSheet(
    "项目",
    "说明：每行一个项目，金额单位为万元；重点项目须填写四类资金来源金额，且合计等于预算总额；时间写成 2026-03-01。"
    "第2行为表头，请从第3行起填写。",
    (
        RosterColumn("code", "项目编码", "code", True, 16),
        RosterColumn("name", "项目名称", "text", True, 36),
        RosterColumn("unit_code", "单位编码", "code", True, 12),
        RosterColumn("budget_total", "预算总额（万元）", "money", True, 14),
        RosterColumn("fund_source", "资金来源", "fund_source", True, 10),
        RosterColumn("is_key", "是否重点项目（是/否）", "yesno", False, 16),
        RosterColumn("central_provincial", "中央、省级（万元）", "money", False, 12),
        RosterColumn("municipal", "市级（万元）", "money", False, 12),
        RosterColumn("district", "区级（万元）", "money", False, 12),
        RosterColumn("other", "其他（万元）", "money", False, 12),
        RosterColumn("planned_start", "计划开始时间", "date", False, 14),
        RosterColumn("planned_end", "计划结束时间", "date", False, 14),
        RosterColumn(
            "forecast", "全年预计执行数（万元）", "money", False, 16, True
        ),  # 监控表预填（national 表样包）
        # 第十五条 分类处置: which handling may be suggested (config [handling]); 一般项目 when empty
        RosterColumn("category", "项目类别", "category", False, 12, True),
    ),
)
INDICATORS = RosterSheet(
    "绩效指标",
    "说明：每行一个绩效指标；项目编码须在“项目”表中存在；一级指标填 产出、效果、过程 或 满意度；"
    "年度目标写成 12个、≥12个、≥95%、≤250万元 或文字（不要以“=”开头，Excel 会把它当作公式）。第2行为表头，请从第3行起填写。",
    (
        RosterColumn("project_code", "项目编码", "code", True, 16),
        RosterColumn("level1", "一级指标", "level1", True, 10),
        RosterColumn("level2", "二级指标", "text", True, 16),
        RosterColumn("level3", "三级指标", "text", True, 30),
        RosterColumn("target", "年度目标", "text", True, 24),
    ),
)
ROSTER_SHEETS: tuple[RosterSheet, ...] = (DEPARTMENTS, UNITS, PROJECTS, INDICATORS)


def level1_values(config: Config) -> tuple[str, ...]:
    """一级指标 a roster may name: those of the config's pack's forms (附表1: 产出、效果、过程、满意度), from
    their specs."""
    from perfcli.forms.registry import forms_of

    return tuple(dict.fromkeys(v for spec in forms_of(config).monitoring for v in spec.table.level1_values))
