"""Rebuilds 中共宁德市委党史和地方志研究室's 部门整体支出绩效目标表 (2019年度), an .xls attachment
("部门整体支出绩效目标表(60.8).xls") shown as a table on the 宁德 方志 site.

A department-level target form (绩效目标, before the year): 年度预算安排 (资金总额 / 项目支出 / 基本支出), four
年度总体目标 lines, a 年度履职目标 table (部门职能 / 年度目标任务 / 支出项目名称 / 预算金额(万元)) and an indicator
table 一级 / 二级 / 三级 / 指标解释 / 目标值 whose 目标值 column mixes "100%", "≥60%" and a bare 1. The stored page
stops at the first 成本指标 row.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "fujian_ningde_bmzt_mbb_2019"
GOALS = [
    " 目标1:确保本室各人员工资及福利的发放;",
    " 目标2:对合作社区、退休人员及遗孀、困难群众进行一定程度的补助;",
    " 目标3:确保本室日常办公所需经费正常运行;",
    " 目标4:保障志鉴地情相关工作开展所需资金,确保完成2019年度任务。",
]
DUTIES = [
    (
        "组织、指导、编纂、督促和检查地方志、年鉴、地情工作",
        "保障志鉴地情相关工作开展所需资金,确保完成2019年度任务",
        "地情、市志编纂与年鉴出版经费",
        49.8,
    ),
    ("确保本室各人员工资及福利的发放", "按时发放2019年人员福利", "地情、市志编纂与年鉴出版经费", 11),
    ("确保日常工作正常运行", "按时发放2019年人员工资待遇", "基本支出", 171.41),
]
INDICATORS = [  # (二级, 三级, 指标解释, 目标值)
    ("数量指标", "志鉴地情相关工作开展所需资金的供应时效", "100%(历史标准)", "100%"),
    ("数量指标", "确保日常工作正常运行", "100%", "100%"),
    ("数量指标", "按年度发放绩效奖、文明奖、综治平安奖、应休未休补贴", "60%", "≥60%"),
    ("质量指标", "调研、督促、指导志、鉴、地情编纂的县(市、区)的覆盖率", "90%(计划标准)", 1),
    ("质量指标", "各类书籍审稿率", "100%(计划标准)", 1),
    ("时效指标", "项目完成时间", "2019年12月(计划标准)", "100%"),
    ("成本指标", "基本支出", None, None),
]


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {"A": 12, "B": 22, "C": 30, "D": 22, "E": 14})
    put = form.put
    put("A1", "部门整体支出绩效目标表", to="E1", bold=True, size=16, border=False)
    put("A2", "2019年度)", to="E2", border=False)
    put("A3", "部门(单位)名称")
    put("B3", "中共宁德市委党史和地方志研究室", to="C3")
    put("D3", "部门预算编码")
    put("E3", "901001033")
    put("A4", "年度\n预算\n安排\n(万元)", to="A6")
    for r, label, amount in ((4, "资金总额", 171.41), (5, "项目支出", 60.8), (6, "基本支出", 110.61)):
        put(f"B{r}", label)
        put(f"C{r}", amount, to=f"E{r}")
    put("A7", "年度\n总体\n目标", to="A10")
    for offset, goal in enumerate(GOALS):
        put(f"B{7 + offset}", goal, to=f"E{7 + offset}", align="left")
    put("A11", "年度\n履职\n目标", to="A14")
    form.row(11, {"B": "部门职能", "C": "年度目标任务", "D": "支出项目名称", "E": "预算金额(万元)"})
    for offset, (duty, task, item, amount) in enumerate(DUTIES):
        form.row(12 + offset, {"B": duty, "C": task, "D": item, "E": amount})
    put("A15", None, to="E15", border=False)
    form.row(16, {"A": "一级指标", "B": "二级指标", "C": "三级指标", "D": "指标解释", "E": "目标值"})
    first = 17
    put("A17", "产出指标", to=f"A{first + len(INDICATORS) - 1}")
    start = 0
    for i in range(1, len(INDICATORS) + 1):
        if i == len(INDICATORS) or INDICATORS[i][0] != INDICATORS[start][0]:
            top, bottom = first + start, first + i - 1
            put(f"B{top}", INDICATORS[start][0], to=f"B{bottom}" if bottom > top else None)
            start = i
    for offset, (_, name, meaning, target) in enumerate(INDICATORS):
        form.row(first + offset, {"C": name, "D": meaning, "E": target})
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
