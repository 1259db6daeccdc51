"""Rebuilds 池州市贵池区棠溪镇's 项目支出绩效自评表 (2022年度) for 委托业务项目, published as a WPS workbook on the
贵池 download page whose stored copy is the workbook's text, cell by cell.

The national 项目支出绩效自评表 layout (财预〔2020〕10号): 项目资金 block with 年初预算数 / 全年预算数 / 全年执行数 /
分值 / 执行率 / 得分, points in the 一级 labels ("产出指标(50分)"), codes in the unit names ("219001-…"), and a
年度资金总额 row of 0 / 0 / 0 above an 其中 row of 90 / 89.974 / 89.974. The stored text ends inside the
满意度 row; the rebuilt form ends there too.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "anhui_chizhou_guichi_zpb_2022"


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1", {"A": 8, "B": 12, "C": 12, "D": 24, "E": 14, "F": 14, "G": 8, "H": 8, "I": 12, "J": 12}
    )
    put = form.put
    put("A1", "附件:", border=False, align="left")
    put("A2", "项目支出绩效自评表", to="J2", bold=True, size=16, border=False)
    put("A3", "(2022年度)", to="J3", border=False)
    put("A4", "项目名称", to="B4")
    put("C4", "委托业务项目", to="J4")
    put("A5", "主管部门", to="B5")
    put("C5", "219-池州市贵池区棠溪镇人民政府", to="E5")
    put("F5", "实施单位", to="G5")
    put("H5", "219001-池州市贵池区棠溪镇人民政府", to="J5")
    put("A6", "项目资金\n(万元)", to="A10")
    put("B6", None, to="C6")
    form.row(6, {"D": "年初预算数", "E": "全年预算数", "F": "全年执行数", "G": "分值", "H": "执行率"})
    put("I6", "得分", to="J6")
    put("B7", "年度资金总额:", to="C7")
    form.row(7, {"D": 0, "E": 0, "F": 0, "G": 10, "H": 0})
    put("I7", 0, to="J7")
    put("B8", "其中:本年财政拨款", to="C8")
    form.row(8, {"D": 90, "E": 89.974, "F": 89.974, "G": None, "H": None})
    put("I8", None, to="J8")
    for r, label in ((9, "上年结转资金"), (10, "其他资金")):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": None, "E": None, "F": None, "G": None, "H": None})
        put(f"I{r}", None, to=f"J{r}")
    put("A11", "年度总体目标", to="A12")
    put("B11", "预期目标", to="F11")
    put("G11", "实际完成情况", to="J11")
    put(
        "B12",
        "本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
        "30万元用于基建工程项目设计、规划、测绘。",
        to="F12",
        align="left",
    )
    put(
        "G12",
        "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
        "29.99万元用于基建工程项目设计、规划、测绘。",
        to="J12",
        align="left",
    )
    put("A13", "绩效指标", to="A24")
    form.row(
        13,
        {
            "B": "一级指标",
            "C": "二级指标",
            "D": "三级指标",
            "E": "年度指标值",
            "F": "实际完成值",
            "G": "分值",
            "H": "得分",
        },
    )
    put("I13", "偏差原因分析及改进措施", to="J13")
    put("B14", "产出指标(50分)", to="B19")
    put("C14", "数量指标")
    put("C15", "质量指标", to="C16")
    put("C17", "时效指标")
    put("C18", "成本指标", to="C19")
    put("B20", "效益指标(30分)", to="B23")
    put("C20", "社会效益指标")
    put("C21", "生态效益指标")
    put("C22", "可持续影响指标")
    put("C23", "经济效益指标")
    rows = [
        ("基建工程委托业务项目数量", "≥50个", 50, 8, 8),
        ("委托业务报告合格率", "≥100百分比", 100, 8, 8),
        ("经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8),
        ("提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8),
        ("项目总成本", "≤90万元", 90, 8, 8),
        ("单项业务成本", "符合相关规定", "达成预期指标", 10, 10),
        ("对维护基建市场公平的影响程度", "效果明显", "达成预期指标", 10, 10),
        ("对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10),
        ("对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标", 10, 10),
        (None, None, None, None, None),
    ]
    for offset, (name, target, actual, points, score) in enumerate(rows):
        r = 14 + offset
        form.row(r, {"D": name, "E": target, "F": actual, "G": points, "H": score})
        put(f"I{r}", None, to=f"J{r}")
    # The stored text stops at "满意度指标(10分) 满意度指标 公众满…": the row is kept as far as it is readable.
    put("B24", "满意度指标(10分)")
    put("C24", "满意度指标")
    form.row(24, {"D": None, "E": None, "F": None, "G": None, "H": None})
    put("I24", None, to="J24")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
