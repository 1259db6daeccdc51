"""The [targets] section of perfcli.toml: what the 绩效目标 review (perfcli.findings.targets) requires of a
申报表 and where its thresholds lie (黑龙江 规程 seed 004: 完整性、相关性、适当性、可行性)."""

from __future__ import annotations

from perfcli.model.config_types import NUMBER, TEXT_LIST, Key, Section

TARGETS = Section(
    "targets",
    (
        Key(
            "required_fields",
            TEXT_LIST,
            ["项目名称", "主管部门", "实施单位", "项目期", "年度资金总额", "年度目标"],
            above=(
                "必须填写的栏目（完整性）。可选：项目名称、主管部门、实施单位、项目属性、项目期、中期资金总额、",
                "中期资金财政拨款、中期资金其他资金、年度资金总额、年度资金财政拨款、年度资金其他资金、中长期目标、年度目标",
            ),
        ),
        Key(
            "required_families",
            TEXT_LIST,
            ["产出指标", "效益指标", "满意度指标"],
            above=(
                "每一半（中长期、年度）的绩效指标中至少各有一个的一级指标；年度指标总要审核，中长期指标表上有指标时才审核",
            ),
        ),
        Key(
            "required_output_kinds",
            TEXT_LIST,
            ["数量", "质量"],
            above=(
                "产出指标必须覆盖的二级指标：数量、质量，需要时加上 时效、成本（南通 产出：数量、质量、时效、成本）",
            ),
        ),
        Key(
            "satisfaction_floor",
            NUMBER,
            80,
            "满意度指标的指标值不得低于 N%（“≥75%”“75%”“75”都按 75% 比较）",
        ),
    ),
    above=(
        "绩效目标申报表的审核（perfcli validate 读到申报表时按这些规则审核，问题带“类别”：完整性、相关性、适当性、可行性；",
        "依据黑龙江某市《市本级预算绩效管理工作规程（试行）》一、绩效目标申报、审核和批复）。规则见 docs/rules.md 的 T 开头各条。",
    ),
)
