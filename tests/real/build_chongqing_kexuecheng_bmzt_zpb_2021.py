"""Rebuilds a 部门整体绩效自评表 (2021) of 西部(重庆)科学城's 融媒体中心, shared as "部门整体绩效自评表.docx" on
m.yzwku.com, whose stored text is the document's table read out with some characters lost.

重庆's department-level self-evaluation: 自评总分 in the header, a 部门预算执行情况 row ending in 执行率(%) /
执行率权重 / 执行率得分(分), three goal texts, and an indicator table 指标名称 / 计量单位 / 指标性质 / 年初指标值 /
调整指标值 / 全年完成值 / 得分系数(%) / 指标权重(分) / 指标得分(分) / 是否核心指标, with 指标性质 merged over runs of
rows. Cells the stored text garbled are left empty (see SOURCES.md); the text stops inside the last rows.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import RATE_0, FormSheet

NAME = "chongqing_kexuecheng_bmzt_zpb_2021"
GOAL_YEAR = (
    "通过整合各级各类媒体、户外广告载体、宣传宣讲活动等,为建设成渝地区双城经济圈和西部(重庆)重庆科学城营造良好氛围。"
    "保障融媒体中心正常人事基础/日常运转,有效承担西部(重庆)科学城新闻宣传管理,思想文化领域建设等工作。"
)
GOAL_DONE = (
    "中心2021年较好地完成了履职任务,有效开展了西部(重庆)科学城新闻宣传管理/思想文化领域建设等工作,"
    "为建设成渝地区双城经济圈和西部(重庆)重庆科学城营造了良好氛围。"
)
# (指标名称, 计量单位, 年初指标值, 调整指标值, 全年完成值, 得分系数, 指标权重, 指标得分, 是否核心指标)
QUANTITATIVE_1 = [
    ("财政供养人员控制率", "%", "100%", None, "92%", "100%", 2, 2, "否"),
    ("“三公”经费变动率", "%", None, None, None, "100%", 2, 2, "否"),
    ("基础信息完善", "%", "100%", None, "100%", "100%", 1, 1, "否"),
    ("预算完成率", "%", "70%", None, "76%", "100%", 2, 2, "是"),
    ("预算调整率", "%", "3%", None, 0, "100%", 2, 2, "否"),
    ("结转结余率", "%", "2%", None, 0, "100%", 2, 2, "是"),
    ("公用经费控制率", "%", "100%", None, "97%", "100%", 2, 2, "是"),
    ("“三公”经费控制率", "%", None, None, None, "100%", 2, 2, "否"),
    ("政府采购执行率", "%", "100%", None, "72.74%", "100%", 2, 2, "是"),
]
QUALITATIVE = [
    ("管理制度健全性", None, "高", None, "高", "100%", 3, 3, "否"),
    ("资金使用合规性", None, "好", None, "好", "100%", 5, 5, "否"),
    ("预决算信息公开性", None, "高", None, "高", "100%", 1, 1, "否"),
    ("资产管理安全", None, "好", None, "好", "100%", 2, 2, "否"),
]
QUANTITATIVE_2 = [
    ("固定资产利用率", "%", "90%", None, "100%", "100%", 2, 2, "否"),
    ("党性教育培训次数", "次", None, None, "12次", "100%", 5, 5, "是"),
    ("组织宣传活动次数", "次", None, None, "43次", "100%", 10, 10, "是"),
    ("制作宣传品数量", "份", None, None, "20份", "100%", 5, 5, "否"),
    ("播发稿件数量", "篇", "2200篇", None, "2859篇", "100%", 10, 10, "是"),
    ("业务保障能力提升", "%", "90%", None, "95%", "100%", 10, 10, "否"),
]


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1",
        {"A": 6, "B": 20, "C": 8, "D": 10, "E": 10, "F": 10, "G": 10, "H": 10, "I": 10, "J": 10, "K": 10},
    )
    put = form.put
    put("A1", "部门整体绩效自评表", to="K1", bold=True, size=16, border=False)
    put("A2", "主管部门", to="B2")
    put("C2", None, to="D2")
    put("E2", "财政处室", to="F2")
    put("G2", None, to="H2")
    put("I2", "自评总分(分)", to="J2")
    put("K2", 97.6)
    put("A3", "部门联系人", to="B3")
    put("C3", "曾雪莲", to="F3")
    put("G3", "联系电话", to="H3")
    put("I3", None, to="K3")
    put("A4", "部门预算执行情况(万元)", to="B5")
    put("C4", "年初预算数", to="D4")
    put("E4", "全年(调整)预算数", to="F4")
    form.row(4, {"G": "全年执行数", "H": "执行率(%)", "I": "执行率权重"})
    put("J4", "执行率得分(分)", to="K4")
    put("C5", None, to="D5")
    put("E5", None, to="F5")
    put("G5", None)
    put("H5", 0.76, number_format=RATE_0)
    put("I5", 10)
    put("J5", 7.6, to="K5")
    put("A6", "当年绩效目标", to="B7")
    put("C6", "年初绩效目标", to="E6")
    put("F6", "全年(调整)绩效目标", to="H6")
    put("I6", "全年目标实际完成情况", to="K6")
    put("C7", "无", to="E7")
    put("F7", GOAL_YEAR, to="H7", align="left")
    put("I7", GOAL_DONE, to="K7", align="left")
    form.row(
        8,
        {
            "B": "指标名称",
            "C": "计量单位",
            "D": "指标性质",
            "E": "年初指标值",
            "F": "调整指标值",
            "G": "全年完成值",
            "H": "得分系数(%)",
            "I": "指标权重(分)",
            "J": "指标得分(分)",
            "K": "是否核心指标",
        },
    )
    r = 9
    for kind, rows in (("定量指标", QUANTITATIVE_1), ("定性指标", QUALITATIVE), ("定量指标", QUANTITATIVE_2)):
        put(f"D{r}", kind, to=f"D{r + len(rows) - 1}")
        for name, unit, start, adjusted, done, factor, weight, score, core in rows:
            form.row(
                r,
                {
                    "B": name,
                    "C": unit,
                    "E": start,
                    "F": adjusted,
                    "G": done,
                    "H": factor,
                    "I": weight,
                    "J": score,
                    "K": core,
                },
            )
            r += 1
    put("A8", "绩效指标", to=f"A{r - 1}")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
