"""Rebuilds 上海市普陀区体育事业管理中心's 财政项目支出绩效自评表 (2022年度), first form of the PDF
"上海市普陀区体育事业管理中心2022年度项目自评价.pdf" whose text is stored on pdf.chddh.cn.

The national layout with money in 元, not 万元 ("项目资金 (元)", 250000.00), a thousands separator in one amount
and not in the same amount one row below ("215,457.6" / 215457.6), "其中:当年财政拨款", "—" for not applicable,
ASCII operators ("=100%", ">=90%") and a printed 执行率 86.19% that is 0.01 off the amounts (86.18%).
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import MONEY_2, RATE_2, FormSheet

NAME = "shanghai_putuo_zpb_2022"


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1", {"A": 6, "B": 10, "C": 12, "D": 24, "E": 12, "F": 12, "G": 8, "H": 10, "I": 10, "J": 10}
    )
    put = form.put
    put("A1", "财政项目支出绩效自评表", to="J1", bold=True, size=16, border=False)
    put("A2", "(2022 年度)", to="J2", border=False)
    put("A3", "项目名称", to="B3")
    put("C3", "普陀体育中心与委托运营方结算费用", to="J3")
    put("A4", "主管部门", to="B4")
    put("C4", "上海市普陀区体育局", to="E4")
    put("F4", "实施单位", to="G4")
    put("H4", "上海市普陀区体育事业管理中心", to="J4")
    put("A5", "项目资金\n(元)", to="A9")
    put("B5", None, to="C5")
    form.row(5, {"D": "年初预算数", "E": "全年预算数", "F": "全年执行数", "G": "分值", "H": "执行率"})
    put("I5", "得分", to="J5")
    put("B6", "年度资金总额", to="C6")
    put("D6", 250000, number_format=MONEY_2)
    put("E6", 250000, number_format=MONEY_2)
    put("F6", "215,457.6")  # typed as text, with the separator, in the total row only
    put("G6", 10)
    put("H6", 0.8619, number_format=RATE_2)
    put("I6", 8.62, to="J6")
    put("B7", "其中:当年财政拨款", to="C7")
    put("D7", 250000, number_format=MONEY_2)
    put("E7", 250000, number_format=MONEY_2)
    form.row(7, {"F": 215457.6, "G": "—", "H": None})
    put("I7", None, to="J7")
    for r, label in ((8, "上年结转资金"), (9, "其他资金")):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": 0, "E": 0, "F": None, "G": "—", "H": None})
        put(f"I{r}", None, to=f"J{r}")
    put("A10", "年度\n总体\n目标", to="A11")
    put("B10", "预期目标", to="F10")
    put("G10", "实际完成情况", to="J10")
    put("B11", None, to="F11")
    put("G11", "已完成普陀体育中心与委托运营方费用结算。", to="J11", align="left")
    put("A12", "绩\n效\n指\n标", to="A17")
    form.row(
        12,
        {
            "B": "一级指标",
            "C": "二级指标",
            "D": "三级指标",
            "E": "年度\n指标值",
            "F": "实际\n完成值",
            "G": "分值",
            "H": "得分",
        },
    )
    put("I12", "偏差原因分析及\n改进措施", to="J12")
    put("B13", "产出指标", to="B15")
    rows = [
        (13, "数量指标", "与委托运营方结算完成\n率", "=100%", "100%", 10, 10),
        (14, "质量指标", "合同结算条款完成率", "=100%", "100%", 20, 20),
        (15, "时效指标", "费用结算及时性", "及时", "及时", 20, 20),
        (16, "社会效益指标", "与委托运营方合同完成\n率", "=100%", "100%", 30, 30),
        (17, "服务对象满意度指标", "场馆开放满意度", ">=90%", "100%", 10, 10),
    ]
    put("B16", "效益指标")
    put("B17", "满意度指标")
    for r, level2, name, target, actual, points, score in rows:
        form.row(r, {"C": level2, "D": name, "E": target, "F": actual, "G": points, "H": score})
        put(f"I{r}", None, to=f"J{r}")
    put("A18", "总分", to="F18")
    form.row(18, {"G": 100, "H": 98.62})
    put("I18", None, to="J18")
    put("A19", "-1-", to="J19", border=False)
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
