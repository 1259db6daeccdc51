"""Rebuilds 丽江市古城区自然资源局's 2020年度项目支出绩效自评表 for 2020年省级自然资源卫片执法补助经费, from a
reposted WeChat article whose stored copy is the form's table (in traditional characters, a conversion made by
the mirror; the form is written here in the simplified characters the original uses).

云南's layout of the national 自评表: a two-row indicator header with 绩效指标 over 一级 / 二级 / 三级 and 年度指标值
over 指标性质 / 指标值 / 度量单位, then 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施 spanning both rows; the
small-form equals sign "﹦" (U+FE66) as 指标性质; 分值 typed sometimes as 20, sometimes as 20.00. The stored text
stops before the 满意度 row's 得分.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import MONEY_2, RATE_0, FormSheet

NAME = "yunnan_lijiang_zpb_2020"
ROWS = [  # (row, 二级, 三级, 指标性质, 指标值, 度量单位, 实际完成值, 分值, 分值 format, 得分)
    (13, "数量指标", "卫片执法补助经费", "﹦", 72890, "元", 72890, 10, MONEY_2, 9),
    (14, "质量指标", "项目验收合格率", "﹦", 100, "%", 100, 20, None, 19),
    (15, "时效指标", "项目完成及时率", "﹦", 100, "%", 100, 20, MONEY_2, 19),
    (16, "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30, MONEY_2, 27),
    (17, "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10, MONEY_2, None),
]


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1", {"A": 10, "B": 14, "C": 22, "D": 8, "E": 10, "F": 8, "G": 12, "H": 8, "I": 8, "J": 16}
    )
    put = form.put
    put("A1", "2020年度项目支出绩效自评表", to="J1", bold=True, size=16, border=False)
    put("A2", "项目名称", to="B2")
    put("C2", "2020年省级自然资源卫片执法补助经费支出绩效自评表", to="J2")
    put("A3", "主管部门", to="B3")
    put("C3", "丽江市自然资源和规划局", to="E3")
    put("F3", "实施单位", to="G3")
    put("H3", "丽江市古城区自然资源局", to="J3")
    put("A4", "项目资金\n(万元)", to="A8")
    put("B4", None, to="C4")
    form.row(4, {"D": "年初预算数", "E": "全年预算数", "F": "全年执行数", "G": "分值", "H": "执行率"})
    put("I4", "得分", to="J4")
    put("B5", "年度资金总额", to="C5")
    for column in "DEF":
        put(f"{column}5", 7.29)
    put("G5", 10, number_format=MONEY_2)
    put("H5", 1.0, number_format=RATE_0)
    put("I5", 10, to="J5", number_format=MONEY_2)
    put("B6", "其中:当年财政拨款", to="C6")
    for column in "DEF":
        put(f"{column}6", 7.29)
    put("G6", None)
    put("H6", 1.0, number_format=RATE_0)
    put("I6", None, to="J6")
    for r, label in ((7, "上年结转资金"), (8, "其他资金")):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": None, "E": None, "F": None, "G": None, "H": None})
        put(f"I{r}", None, to=f"J{r}")
    put("A9", "年度\n总体\n目标", to="A10")
    put("B9", "预期目标", to="F9")
    put("G9", "实际完成情况", to="J9")
    put("B10", "自然资源卫片执法补助经费", to="F10")
    put("G10", "自然资源卫片执法补助经费", to="J10")
    put("A11", "绩效指标", to="C11")
    put("D11", "年度指标值", to="F11")
    put("G11", "实际完成值", to="G12")
    put("H11", "分值", to="H12")
    put("I11", "得分", to="I12")
    put("J11", "偏差原因分析及改进措施", to="J12")
    form.row(
        12,
        {
            "A": "一级\n指标",
            "B": "二级指标",
            "C": "三级指标",
            "D": "指标性质",
            "E": "指标值",
            "F": "度量单位",
        },
    )
    put("A13", "产出指标", to="A15")
    put("A16", "效益指标")
    put("A17", "满意度指标")
    for r, level2, name, sign, value, unit, actual, points, points_format, score in ROWS:
        form.row(r, {"B": level2, "C": name, "D": sign, "E": value, "F": unit, "G": actual})
        put(f"H{r}", points, number_format=points_format)
        put(f"I{r}", score, number_format=points_format)
        put(f"J{r}", None)
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
