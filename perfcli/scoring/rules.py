"""The checks of a 项目支出绩效自评表 (S0xx), declared as records like the other rules."""

from __future__ import annotations

from perfcli.model.findings import Rule

ACTUAL_NOT_NUMBER = Rule(
    "S001",
    "error",
    "定量指标实际完成值无数值",
    "年度指标值是定量的（如“≥5个”“100%”“≤250万元”），实际完成值必须写出数值，才能按公式计分。",
    "{where}的年度指标值为“{target}”，实际完成值“{actual}”中没有数值：请填写实际完成的数量（如“{example}”）。",
)
UNIT_MISMATCH = Rule(
    "S002",
    "warning",
    "计量单位不一致",
    "定量指标的实际完成值须写成与年度指标值同一计量单位的数量；不一致或无法比较时按定性指标处理，采用单位的自评得分。",
    "{where}的实际完成值“{actual}”无法按年度指标值“{target}”的计量单位比较，已按定性指标处理（采用自评得分）："
    "请写成如“{example}”。",
)
QUALITATIVE_SCORE = Rule(
    "S003",
    "error",
    "定性指标自评得分缺失或超出分值",
    "定性指标（如“2026年12月前”“建立”）由单位自评打分，得分须在 0 到该指标分值之间；否则按 0 分计。",
    "定性指标请填写自评得分（0–{weight}）：{where}的得分为“{score}”，已按 0 分计。",
)
WEIGHT_TOTAL = Rule(
    "S004",
    "error",
    "指标分值合计不符",
    "各绩效指标的分值之和应为 90（一级指标 产出 50、效益 30、满意度 10；预算执行率另计 10）。名册中没有某类一级指标的"
    "项目，90 分按配置 missing_group_split 分给其余各类（如没有效益指标：产出 75、满意度 15）；perfcli 生成的表"
    "按生成时预填的分值核对；表上印有预算执行率权重的（部门整体绩效自评表的执行率权重），指标权重之和为 100 减去该权重。",
    "各指标分值合计为 {total}，应为 {expected}：{how}。",
)
ACTUAL_MISSING = Rule(
    "S005",
    "error",
    "实际完成值未填写",
    "每个填有三级指标的指标行都要填写实际完成值；未填写的指标按 0 分计。",
    "{where}的实际完成值未填写：请填写全年实际完成情况，该指标暂按 0 分计。",
)
DEVIATION_MISSING = Rule(
    "S006",
    "error",
    "未分析偏差原因",
    "指标得分低于其分值的 80%（self_evaluation.deviation_below）时，须填写偏差原因分析及改进措施。",
    "{where}得分 {score}，低于分值 {weight} 的 {below}%，但“偏差原因分析及改进措施”为空：请分析原因并提出改进措施。",
)
SELF_SCORE_DIFFERS = Rule(
    "S007",
    "warning",
    "自评得分与计算得分不符",
    "定量指标按公式计分；单位自评得分与计算得分相差超过 0.5 分（self_evaluation.self_score_tolerance）"
    "时提示核对，以计算得分为准。",
    "{where}自评得分 {self_score}，按公式计算为 {score}（{formula}），相差 {diff} 分：以计算得分为准，请核对。",
)
OVERSPENT = Rule(
    "S008",
    "error",
    "全年执行数大于全年预算数",
    "年度资金总额的全年执行数不应超过全年预算数；确有超出的，须在“超支说明”一栏说明原因。",
    "全年执行数 {executed} 万元大于全年预算数 {budget} 万元，且未说明原因：请核对，或在“超支说明”栏说明。",
)
BUDGET_MISSING = Rule(
    "S009",
    "error",
    "预算执行率无法计分",
    "预算执行率得分 = 10 × min(全年执行数 ÷ 全年预算数, 1)，年度资金总额的全年预算数（大于 0）和全年执行数都须填写"
    "（部门整体绩效自评表：执行率权重 × min(执行率, 1)，金额未填时用所填的执行率）。",
    "{row}的{missing}：预算执行率无法计分，暂按 0 分计，请补填。",
)
NOT_IN_GROUP = Rule(
    "S010",
    "warning",
    "一级指标不在计分口径内",
    "一级指标应为产出指标、效益指标、满意度指标（名称按配置 group_aliases 归并）；其他名称的指标照常计分，但无法核对一级指标分值。",
    "{where}的一级指标“{level1}”不是 {groups} 之一：请使用下发表格中的一级指标。",
)

NO_INDICATORS = Rule(
    "S011",
    "error",
    "未读到绩效指标，不计分",
    "自评表的总分由预算执行率和各绩效指标得分构成；一个指标也没有读到（如找不到指标表的表头）时不计算总分、"
    "不评等级，以免把仅有的预算执行率得分当作总分。",
    "未读到任何绩效指标：本表不计算总分、不评等级。请使用下发的自评表填报指标，不要改动指标表的表头。",
)

PARTS_DISAGREE = Rule(
    "S012",
    "warning",
    "总额与其中各项不符",
    "资金总额一行应等于其下“其中”各行之和（相差不超过 0.01 万元）；其中各行只填了一部分时，已填各行之和也不能超过总额。"
    "自评表的年度资金总额（本年财政拨款、上年结转、其他资金）和监控表的项目资金（财政拨款、其他资金）都按此核对。",
    "{total_label}（{column}）为 {total} 万元，而其中各行{which}合计 {parts} 万元（{items}）：请核对总额和其中各行。",
)
RATE_DIFFERS = Rule(
    "S013",
    "warning",
    "执行率与金额不符",
    "表中填写的执行率应等于全年执行数 ÷ 全年预算数（百分数）；相差超过所填执行率末位的半个单位（如 77.2% 允许 0.05，至少 0.01 个百分点）时提示。",
    "{row}填写的执行率为 {filled}%，而 {executed} ÷ {budget} = {computed}%：请核对执行率或两项金额。",
)
BUDGET_SCORE_DIFFERS = Rule(
    "S014",
    "warning",
    "预算执行率得分与计算不符",
    "年度资金总额一行的得分是预算执行率得分（分值 × min(全年执行数 ÷ 全年预算数, 1)）；填写的得分与计算不符"
    "（相差超过 self_evaluation.self_score_tolerance）时两者都列出，以计算得分为准。",
    "预算执行率得分填写为 {filled}，按公式计算为 {computed}（{executed} ÷ {budget} × {weight}）：以计算得分为准，请核对。",
)
TOTAL_DIFFERS = Rule(
    "S015",
    "warning",
    "自评总分与计算总分不符",
    "总分一行填写的得分（单位自评总分）与按公式计算的总分相差超过 self_evaluation.self_score_tolerance 时提示，"
    "两者都列出，以计算总分为准。",
    "总分填写为 {filled}，按公式计算为 {computed}，相差 {diff} 分：以计算总分为准，请核对各项得分。",
)

NO_ACTUALS = Rule(
    "S016",
    "error",
    "实际完成值均未填写，不计分",
    "读到的绩效指标一个也没有填写实际完成值（表格只填了一半）时，各指标照常提示 S005，但本表不计算总分、不评等级，"
    "以免把仅有的预算执行率得分当作总分。",
    "{count} 个绩效指标都没有填写实际完成值：本表不计算总分、不评等级，请填写后重新报送。",
)
NO_WEIGHTS = Rule(
    "S017",
    "error",
    "指标表没有分值栏，不计分",
    "按公式计分需要每个指标的分值（权重）；指标表没有分值栏（如县级专项资金绩效目标自评表）时只读取指标、"
    "核对预算执行率，不计算总分、不评等级。",
    "指标表没有“分值”栏：无法按公式计分，本表不计算总分、不评等级。请使用含分值、得分栏的自评表。",
)
DIRECTION_UNKNOWN = Rule(
    "S018",
    "warning",
    "指标方向未注明，采用自评得分",
    "部门整体绩效自评表的定量指标，年度指标值没有写明方向（≥、≤、=）、表上也没有指标方向栏时，无法判断越大越好"
    "还是越小越好（如结转结余率），按单位填写的指标得分计入，并列出这些指标。",
    "{count} 个定量指标没有注明方向（≥、≤、=），已按单位填写的得分计入：{names}。请在年度指标值前写明方向。",
)
FACTOR_DIFFERS = Rule(
    "S019",
    "warning",
    "指标得分与得分系数不符",
    "部门整体绩效自评表的指标得分应为得分系数 × 指标权重；相差超过 self_evaluation.self_score_tolerance 时提示。",
    "{where}的指标得分为 {score}，而得分系数 {factor}% × 指标权重 {weight} = {computed}：请核对。",
)

POINTS_DIFFER = Rule(
    "S020",
    "warning",
    "一级指标标明的分值与计分口径不符",
    "一级指标名称后括号里写明的分值（如“产出指标(70分)”）应与计分口径的一级指标分值（self_evaluation.group_weights："
    "产出 50、效益 30、满意度 10）一致；不一致时提示，计分仍按各指标的分值。",
    "一级指标“{level1}”标明 {points} 分，计分口径为 {expected} 分：请核对一级指标及其下各指标的分值。",
)

SCORING_RULES: tuple[Rule, ...] = (
    ACTUAL_NOT_NUMBER,
    UNIT_MISMATCH,
    QUALITATIVE_SCORE,
    WEIGHT_TOTAL,
    ACTUAL_MISSING,
    DEVIATION_MISSING,
    SELF_SCORE_DIFFERS,
    OVERSPENT,
    BUDGET_MISSING,
    NOT_IN_GROUP,
    NO_INDICATORS,
    PARTS_DISAGREE,
    RATE_DIFFERS,
    BUDGET_SCORE_DIFFERS,
    TOTAL_DIFFERS,
    NO_ACTUALS,
    NO_WEIGHTS,
    DIRECTION_UNKNOWN,
    FACTOR_DIFFERS,
    POINTS_DIFFER,
)
