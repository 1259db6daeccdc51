"""The checks of the national 项目支出绩效目标执行监控表 (N0xx), declared as records like the V1xx rules.

From the form's own note (偏差原因可多选，完成目标可能性单选；选择“其他”或“有可能”“完全不可能”的须在备注中说明)
and the arithmetic of its 项目资金 grid; perfcli.findings.national applies them to any pack's form of this
shape (the labels come from the spec)."""

from __future__ import annotations

from perfcli.model.findings import Rule

LIKELIHOOD_NOT_TICKED = Rule(
    "N001",
    "error",
    "未勾选完成目标可能性",
    "每个指标行要在“完成目标可能性”的小栏中勾选一项（√）。",
    "{where}没有勾选完成目标可能性：请在 {options} 中勾选一项。",
)
LIKELIHOOD_TICKED_TWICE = Rule(
    "N002",
    "error",
    "完成目标可能性勾选了多项",
    "完成目标可能性只能单选；勾选两项以上时不替单位选择，记录中的可能性为空。",
    "{where}的完成目标可能性勾选了 {ticked}（{cells}）：只能勾选一项，请保留一项后重新报送。",
)
REASON_MISSING = Rule(
    "N003",
    "error",
    "未勾选偏差原因",
    "完成目标可能性不是“确定能”，或全年预计完成情况达不到年度指标值时，要在“偏差原因分析”中至少勾选一项。",
    "{where}{why}，但没有勾选偏差原因：请在 {options} 中勾选（可多选）。",
)
REMARK_MISSING = Rule(
    "N004",
    "error",
    "须在备注中说明",
    "勾选偏差原因“其他”或完成目标可能性“有可能”“完全不可能”的，须在备注中说明（监控表注）。",
    "{where}勾选了“{option}”，备注未填写：请在备注中说明具体情况。",
)
EXECUTED_OVER_BUDGET = Rule(
    "N005",
    "error",
    "执行数大于年初预算数",
    "项目资金各行的执行数不能超过年初预算数（表上有调整后预算数的，按调整后预算数）；预算已调整的，应先按程序办理调整。",
    "{row}的{executed_label} {executed} 万元大于{budget_label} {budget} 万元：请核对；如预算已调整，请先按程序办理预算调整。",
)
RATE_DISAGREES = Rule(
    "N006",
    "error",
    "执行率与执行数不符",
    "填写的执行率应等于执行数 ÷ 年初预算数（百分数），相差不超过 0.01 个百分点。",
    "{row}填写的{rate_label}为 {filled}%，而 {executed} ÷ {budget} = {computed}%：请改为 {computed}% 或核对两项金额。",
)
FORECAST_BELOW_EXECUTED = Rule(
    "N007",
    "error",
    "全年预计执行数小于执行数",
    "全年预计执行数不能少于已经执行的数额。",
    "{row}的全年预计执行数 {forecast} 万元少于{executed_label} {executed} 万元：请核对全年预计执行数。",
)
MONTH_MISMATCH = Rule(
    "N008",
    "error",
    "截至月份与期间不符",
    "表中“1-X月执行数”“1-X月执行情况”等栏的截至月份 X 必须是本次监控期间的截至月份（如 2026M7 为 1-7月）。",
    "{where} 的栏目写的是“1-{found}月”，本次监控期间 {wanted} 截至 {month} 月：请使用本期表格或改为“1-{month}月”。",
)
AMOUNT_NOT_NUMBER = Rule(
    "N009",
    "error",
    "执行率无法识别",
    "执行率应填写百分数，如 62.5%。",
    "{row}的{rate_label}填写为“{raw}”，无法识别为百分数：请填写如 62.5%。",
)
ROW_INCOMPLETE = Rule(
    "N010",
    "error",
    "指标行未填完",
    "表样写明每个指标行都要填的栏目（如湖北监控表的 指标值、半年度指标执行情况、完成目标可能性）不能为空。",
    "{where}的{labels}未填写：请填写后重新报送。",
)
CHOICE_NOT_ALLOWED = Rule(
    "N011",
    "error",
    "取值不在表注规定范围",
    "表注规定了取值的栏目（如湖北监控表的完成目标可能性：确定能、有可能、不可能）只能填写规定的取值。",
    "{where}的“{label}”填写为“{value}”：请填写 {allowed} 之一。",
)
EXPLANATION_MISSING = Rule(
    "N012",
    "error",
    "未说明原因或举措",
    "表注要求的说明（如完成目标可能性为“有可能”“不可能”时，湖北监控表的“偏差或不能完成目标原因分析”"
    "与“相关建议或举措”）不能为空。",
    "{rows}，“{what}”未填写：请按表注填写相关原因及拟采取的措施。",
)

NATIONAL_RULES = (
    LIKELIHOOD_NOT_TICKED,
    LIKELIHOOD_TICKED_TWICE,
    REASON_MISSING,
    REMARK_MISSING,
    EXECUTED_OVER_BUDGET,
    RATE_DISAGREES,
    FORECAST_BELOW_EXECUTED,
    MONTH_MISMATCH,
    AMOUNT_NOT_NUMBER,
    ROW_INCOMPLETE,
    CHOICE_NOT_ALLOWED,
    EXPLANATION_MISSING,
)
