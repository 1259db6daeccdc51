"""The review rules of a 项目支出绩效目标申报表 (T0xx), declared as records like the V1xx rules, each with the
category of 初审 it belongs to (黑龙江 规程 seed 004, 一、绩效目标申报、审核和批复: 完整性、相关性、适当性、可行性).
perfcli.findings.targets applies them; the words they go by are data (perfcli/forms/target_review.yaml) and
their thresholds config ([targets])."""

from __future__ import annotations

from perfcli.model.findings import Rule

COMPLETENESS, RELEVANCE, APPROPRIATENESS, FEASIBILITY = "完整性", "相关性", "适当性", "可行性"

FIELD_MISSING = Rule(
    "T001",
    "error",
    "申报表必填项未填写",
    "配置 [targets] required_fields 列出的栏目（默认：项目名称、主管部门、实施单位、项目期、年度资金总额、年度目标）"
    "不能为空（黑龙江 规程 完整性：申报内容完整、目标明确）。",
    "“{label}”未填写：请填写后重新报送。",
    COMPLETENESS,
)
FAMILY_MISSING = Rule(
    "T002",
    "error",
    "缺少一级指标",
    "年度绩效指标（表上有中长期指标的，中长期指标也是）中，配置 [targets] required_families 列出的一级指标"
    "（默认产出、效益、满意度，南通 实施办法）每类至少要有一个指标。",
    "{half}绩效指标中没有{family}：请至少设置一个{family}（写明三级指标和指标值）。",
    COMPLETENESS,
)
OUTPUT_KIND_MISSING = Rule(
    "T003",
    "error",
    "产出指标未覆盖规定的二级指标",
    "产出指标要覆盖配置 [targets] required_output_kinds 列出的二级指标（默认数量、质量；需要时加时效、成本）。",
    "{half}产出指标中没有{kinds}指标：请补充相应的二级指标及三级指标、指标值。",
    COMPLETENESS,
)
TARGET_MISSING = Rule(
    "T004",
    "error",
    "指标值未填写",
    "每个绩效指标都要有指标值（黑龙江 规程 完整性：指标有内容、有指标值）。",
    "{where}的指标值未填写：请填写可衡量的指标值（如 ≥500人次、100%）。",
    COMPLETENESS,
)
NAME_MISSING = Rule(
    "T005",
    "error",
    "三级指标未填写",
    "填了指标值的行要写明三级指标（指标名称）。",
    "{half}绩效指标第 {row} 行填了指标值“{target}”，但没有三级指标：请写明指标名称。",
    COMPLETENESS,
)
NAME_IS_NUMBER = Rule(
    "T006",
    "error",
    "三级指标不是指标名称",
    "三级指标要写指标的名称（如“培训人次”“验收合格率”），只填一个数字看不出考核什么。",
    "{half}绩效指标第 {row} 行（{level2}）的三级指标只填了数字“{name}”：请写明指标名称，数值填在指标值栏。",
    COMPLETENESS,
)
NOT_QUANTIFIED = Rule(
    "T011",
    "error",
    "指标值未量化",
    "数量、质量、时效、成本指标的指标值要有数字（黑龙江 规程 相关性：细化、量化），如“≥500人次”“合格率100%”"
    "“2027年12月前”；“明显提高”“按时完成”之类不能衡量。",
    "{where}的指标值“{target}”未量化：{kind}指标请填写可衡量的数值（如 ≥500人次、100%、2027年12月前）。",
    RELEVANCE,
)
NAME_REPEATED = Rule(
    "T012",
    "error",
    "指标名称重复",
    "同一半（中长期或年度）的绩效指标中，三级指标名称不能重复。",
    "{where}与 {first} 的指标重名：请合并，或改为能区分的名称。",
    RELEVANCE,
)
NAME_REPEATS_KIND = Rule(
    "T013",
    "warning",
    "三级指标只重复二级指标",
    "三级指标要写具体考核什么；只重复二级指标（如二级“数量指标”、三级“数量”）等于没有细化。",
    "{where}只重复了二级指标“{level2}”：请写明具体考核的内容（如“培训人次”“参训学员满意度”）。",
    RELEVANCE,
)
PARTS_OVER_TOTAL = Rule(
    "T021",
    "error",
    "资金构成超过资金总额",
    "项目资金的“其中”部分（财政拨款 + 其他资金）不能超过同一栏的资金总额，中期、年度各自核对。",
    "{half}资金的财政拨款 {fiscal} 万元 + 其他资金 {other} 万元 = {parts} 万元，超过{half}资金总额 {total} 万元："
    "请核对各项金额。",
    APPROPRIATENESS,
)
COST_OVER_FUNDS = Rule(
    "T022",
    "error",
    "成本指标超过年度资金总额",
    "以万元、元计的成本指标，不能超过年度资金总额（中长期指标：中期资金总额；黑龙江 规程 适当性：绩效目标与资金量"
    "匹配）。",
    "{where}的指标值“{target}”{converted}超过{half}资金总额 {total} 万元：请核对成本指标或项目资金。",
    APPROPRIATENESS,
)
SATISFACTION_LOW = Rule(
    "T023",
    "error",
    "满意度目标偏低",
    "满意度指标的指标值不得低于配置 [targets] satisfaction_floor（默认 80%）。",
    "{where}的指标值“{target}”低于 {floor}%：满意度目标请设为不低于 {floor}%。",
    APPROPRIATENESS,
)
BELOW_LAST_YEAR = Rule(
    "T024",
    "warning",
    "年度目标低于上年实际完成值",
    "同一指标（名称相同、方向相同）的年度指标值不应比上年实际完成值更低（反向指标：更高），上年实际取台账中"
    "上年度的绩效自评表（全年实际完成值），没有时取上年最后一期监控表的已完成情况（黑龙江 规程 适当性：目标不过低）。",
    "{where}的年度指标值“{target}”{easier}上年实际完成值“{actual}”：请说明理由，或按上年实际调整目标。",
    APPROPRIATENESS,
)
BEYOND_MID_TERM = Rule(
    "T031",
    "warning",
    "年度指标值超出中长期指标值",
    "同一指标（名称、单位、方向相同）的年度指标值不应比中长期指标值要求更高（正向指标：更大；反向指标：更小）。",
    "{where}的年度指标值“{annual}”超出中长期指标值“{mid}”（{mid_cell}）：请核对两处指标值是否一致、可行。",
    FEASIBILITY,
)
PERIOD_NOT_COVERING = Rule(
    "T032",
    "error",
    "项目期未覆盖预算年度",
    "项目期（项目起止时间）应包含申报的预算年度；只写年数（如“3年”）等看不出起止的，不作判断。",
    "项目期“{period}”不包含预算年度 {year} 年：请核对项目期或申报年度。",
    FEASIBILITY,
)

TARGET_RULES = (
    FIELD_MISSING,
    FAMILY_MISSING,
    OUTPUT_KIND_MISSING,
    TARGET_MISSING,
    NAME_MISSING,
    NAME_IS_NUMBER,
    NOT_QUANTIFIED,
    NAME_REPEATED,
    NAME_REPEATS_KIND,
    PARTS_OVER_TOTAL,
    COST_OVER_FUNDS,
    SATISFACTION_LOW,
    BELOW_LAST_YEAR,
    BEYOND_MID_TERM,
    PERIOD_NOT_COVERING,
)
