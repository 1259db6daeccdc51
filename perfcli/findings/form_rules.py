"""The checks of one form (V1xx), declared as records: code, severity, title, description, message.

From DESIGN §5 (常州新北 暂行办法 and its 附表, 巴中 事中绩效监控); perfcli.findings.checks applies them."""

from __future__ import annotations

from perfcli.model.findings import Rule

REQUIRED = Rule(
    "V101",
    "error",
    "必填项为空",
    "表样中标为必填的项目（如项目名称、已到位资金、已支出资金、项目实施情况）不能为空。",
    "“{label}”未填写：请填写后重新报送。",
)
MONEY_NEGATIVE = Rule(
    "V102",
    "error",
    "金额为负数",
    "金额（万元）不能小于 0。",
    "“{label}”为 {value} 万元，金额不能为负数：请核对后改正。",
)
SPENT_OVER_RECEIVED = Rule(
    "V103",
    "error",
    "已支出资金大于已到位资金",
    "已支出资金不能超过已到位资金（已支出 ≤ 已到位 ≤ 预算总额）。",
    "已支出资金 {spent} 万元大于已到位资金 {received} 万元：请核对两项金额，已支出不应超过已到位。",
)
RECEIVED_OVER_BUDGET = Rule(
    "V104",
    "error",
    "已到位资金大于预算总额",
    "已到位资金不能超过预算总额（已支出 ≤ 已到位 ≤ 预算总额）。",
    "已到位资金 {received} 万元大于预算总额 {budget} 万元：请核对；如预算已调整，请先按程序办理预算调整。",
)
FUNDING_SUM = Rule(
    "V105",
    "error",
    "资金来源合计不符",
    "附表3 项目总金额应等于中央省级、市级、区级、其他四项资金之和，预算数与执行数分别核对（精确到分）。",
    "{column}：项目总金额 {total} 万元，而四项资金来源合计 {parts} 万元（{detail}），相差 {diff} 万元：请核对后使两者一致。",
)
FUND_SOURCE_VOCAB = Rule(
    "V106",
    "error",
    "资金来源不在规定范围",
    "资金来源只能填写配置中规定的取值（常州新北：中央、省级、市级、区级、其他），多个来源用顿号分隔。",
    "资金来源“{value}”不在规定范围内：请填写 {allowed} 之一（多个来源用“、”分隔）。",
)
LIKELIHOOD_VOCAB = Rule(
    "V107",
    "error",
    "完成目标可能性不在规定范围",
    "完成目标可能性只能填写配置中规定的取值（常州新北：确定能、可能性大、可能性小、不可能）。",
    "{where}的完成目标可能性“{value}”不在规定范围内：请从 {allowed} 中选择。",
)
RATE_RANGE = Rule(
    "V108",
    "error",
    "比率超出 0–100%",
    "资金到位率、预算执行率、年度计划完成率等比率应在 0% 到 100% 之间（预算调整率可为负）。",
    "{where}为 {value}%，超出 0%–100% 的范围：请核对计算（{formula}）。",
)
RATE_NOT_NUMBER = Rule(
    "V109",
    "warning",
    "比率无法识别",
    "比率类指标的已完成情况应填写百分数（如 85% 或 85），否则无法核对和汇总。",
    "{where}填写为“{value}”，无法识别为百分数：请填写如 85% 的数值。",
)
AT_RISK_DEVIATION = Rule(
    "V110",
    "error",
    "未说明偏离原因",
    "有指标完成目标可能性为“可能性小”或“不可能”时，必须填写目标偏离情况及原因分析（常州新北 第十二条）。",
    "{where}的完成目标可能性为“{likelihood}”，但“{label}”为空：请说明偏离情况及原因。",
)
AT_RISK_PLAN = Rule(
    "V111",
    "error",
    "未填写改进计划",
    "有指标完成目标可能性为“可能性小”或“不可能”时，必须填写改进计划（常州新北 第十二条）。",
    "{where}的完成目标可能性为“{likelihood}”，但“{label}”为空：请填写拟采取的改进措施。",
)
EXECUTION_LAG = Rule(
    "V112",
    "warning",
    "执行进度滞后",
    "预算执行率（已支出资金 ÷ 预算总额）落后序时进度（期末已过天数 ÷ 全年天数）超过配置的百分点"
    "（thresholds.execution_lag_margin）；落后超过 serious_lag_margin 视为严重偏离（巴中 事中绩效监控；常州新北 第十五条）。",
    "执行进度滞后：预算执行率 {rate}%（{formula}）低于序时进度 {progress}%（截至 {end}），"
    "落后 {lag} 个百分点，超过允许的 {margin} 个百分点：请分析滞后原因，按处置意见办理。",
)
INDICATOR_ACTUAL = Rule(
    "V113",
    "error",
    "指标未填完成情况",
    "每个填有三级指标（或监控指标）的指标行都要填写已完成情况。",
    "{where}的“已完成情况”未填写：请填写截至期末的完成情况。",
)
INDICATOR_LIKELIHOOD = Rule(
    "V114",
    "error",
    "指标未填完成目标可能性",
    "每个填有三级指标（或监控指标）的指标行都要选择完成目标可能性。",
    "{where}的“完成目标可能性”未填写：请从 {allowed} 中选择。",
)
PERIOD_MISMATCH = Rule(
    "V115",
    "error",
    "监控期间不符",
    "表头的监控期间必须是本次要求报送的期间。",
    "表上填写的期间为 {found}，与本次报送期间 {wanted} 不符：请使用本期表格重新填报。",
)
PERIOD_MISSING = Rule(
    "V116",
    "warning",
    "未标明监控期间",
    "表头应写明监控期间，如（2026年度 三季度）。",
    "表上找不到监控期间（如“{example}”）：已按本次报送期间 {wanted} 处理，请补上表头期间。",
)
LATE = Rule(
    "V117",
    "warning",
    "逾期报送",
    "预算责任单位在期末后 10 日内、预算部门在期末后 20 日内报送（常州新北 第十二、十三条；以配置为准）。"
    "报送日期取工作簿内记录的保存时间，没有时取文件修改时间。",
    "逾期报送：{basis} {received} 晚于报送期限 {due}（{who}，期末 {end} 后 {days} 日内）。",
)
GROUP_EMPTY = Rule(
    "V118",
    "error",
    "未填写部门重点工作",
    "附表2 的“重点工作推进情况”至少要有一行本部门自己的重点工作：把“重点工作1”等占位行改为本部门的重点工作"
    "并填写完整；用不到的占位行可以原样保留或清空，不作检查。",
    "“{group}”下没有填写任何{what}：请把“{placeholder}”改为本部门的{what}，"
    "并填写年度目标、已完成情况和完成目标可能性。",
)
RATE_DISAGREES_WITH_AMOUNTS = Rule(
    "V119",
    "warning",
    "填报的执行率与金额不符",
    "指标表中填报的预算执行率应等于表头金额算出的执行率（如附表3 项目总金额的执行数 ÷ 预算数），"
    "相差超过所填执行率末位的半个单位（如 77.2% 允许 0.05，至少 0.01 个百分点）时两者都列出。",
    "{where}填写为 {filled}%，而 {formula} = {computed}%：请核对执行率或金额。",
)


FORM_RULES: tuple[Rule, ...] = (
    REQUIRED,
    MONEY_NEGATIVE,
    SPENT_OVER_RECEIVED,
    RECEIVED_OVER_BUDGET,
    FUNDING_SUM,
    FUND_SOURCE_VOCAB,
    LIKELIHOOD_VOCAB,
    RATE_RANGE,
    RATE_NOT_NUMBER,
    AT_RISK_DEVIATION,
    AT_RISK_PLAN,
    EXECUTION_LAG,
    INDICATOR_ACTUAL,
    INDICATOR_LIKELIHOOD,
    PERIOD_MISMATCH,
    PERIOD_MISSING,
    LATE,
    GROUP_EMPTY,
    RATE_DISAGREES_WITH_AMOUNTS,
)
