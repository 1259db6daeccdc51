"""The checks of a batch (V2xx), declared as records: a file against the roster and the other files.

perfcli.findings.batch and perfcli.findings.reporting apply them."""

from __future__ import annotations

from perfcli.model.findings import Rule

UNREADABLE = Rule(
    "V201",
    "error",
    "文件无法读取",
    "文件不是可识别的工作簿，或已损坏、加密、超出安全限制。",
    "无法读取该文件：{reason}。请另存为 .xlsx 后重新报送。",
)
NO_FORM = Rule(
    "V202",
    "error",
    "未找到监控表",
    "工作簿中找不到附表1、附表2 或附表3（按表中的标签识别，与文件名无关）。",
    "工作簿中没有找到任何监控表（附表1/2/3）：请使用下发的表格填报。",
)
UNKNOWN_UNIT = Rule(
    "V203",
    "error",
    "名册中无此单位",
    "工作簿的单位（或部门）须与名册一致：先按表格身份信息中的编码，否则按编报单位、部门名称、项目名称匹配。",
    "名册中找不到{what}“{name}”：请核对单位名称，或使用下发给本单位的表格。",
)
UNKNOWN_PROJECT = Rule(
    "V204",
    "error",
    "名册中无此项目",
    "附表1 的项目须是该单位在名册中的项目；附表3 的项目须是该部门在名册中的重点项目。",
    "名册中{owner}没有项目“{name}”：请核对项目名称是否与预算批复一致。",
)
PREFILLED_CHANGED = Rule(
    "V205",
    "error",
    "预填内容被修改",
    "下发表格中预填的内容（项目名称、预算总额、资金来源、绩效目标等）不得修改；依据表格内隐藏的身份信息核对。",
    "预填内容被修改：{label}原为“{old}”，现为“{new}”：请恢复原值；如确需调整，请按程序申请。",
)
MISSING_FORM = Rule(
    "V206",
    "error",
    "缺少应报的表",
    "单位须为名册中的每个项目报送附表1；部门须报送附表2 并为每个重点项目报送附表3。",
    "{owner}缺少{form}“{name}”：请补充填报。",
)
NOT_REPORTED = Rule(
    "V207",
    "warning",
    "未报送",
    "名册中的单位或部门在本批文件中没有有效报送。",
    "{what}“{name}”（{code}）尚未报送{forms}。",
)
OVER_ROSTER_BUDGET = Rule(
    "V208",
    "error",
    "资金超过名册预算",
    "单位改动了预填的预算总额时（见 V205），已到位资金、已支出资金仍按名册（预算批复）中的预算总额核对，"
    "不得超过（已支出 ≤ 已到位 ≤ 预算总额）。",
    "{label} {amount} 万元大于名册中该项目的预算总额 {budget} 万元（表上的预算总额已改为 {form_budget} 万元，"
    "不作为依据）：请核对金额；如预算已调整，请先按程序办理预算调整并以批复为准。",
)


BATCH_RULES: tuple[Rule, ...] = (
    UNREADABLE,
    NO_FORM,
    UNKNOWN_UNIT,
    UNKNOWN_PROJECT,
    PREFILLED_CHANGED,
    MISSING_FORM,
    NOT_REPORTED,
    OVER_ROSTER_BUDGET,
)
