"""Rebuilds 衡山县商务和粮食局's 2020年度县级专项资金绩效目标自评表 (县级储备粮), shared as a .docx on taowenge.com
whose stored text is the document read out.

A county 专项资金 self-evaluation with no points at all: 全年预算数(A) / 全年执行数(B) / 执行率(B/A), "其中:中央、省、
市补助县级资金", an indicator table 一级 / 二级 / 三级 / 年度指标值 / 全年完成值 / 未完成原因和改进措施, and a page break
inside the 效益指标 rows, so that 绩效指标 and 效益指标 are two merged cells each (the Word table repeats them on the
second page).
The 三级 names are kept with the line breaks where the Word cell wrapped them (for the record of where the text
broke) and written without them: the wrap was the cell's width, not the clerk's typing.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "hunan_hengshan_zxzj_zpb_2020"
# (一级, 二级, [(三级, 年度指标值, 全年完成值, 未完成原因和改进措施)])
PAGE_1 = [
    (
        "产\n出\n指\n标",
        [
            (
                "数量\n指标",
                [
                    ("5000吨稻谷、500吨成\n品粮储备到位率", "100%", "100%", None),
                    ("库存数量真实率", "100%", "100%", None),
                ],
            ),
            (
                "质量\n指标",
                [
                    ("县级储备粮管理制\n度严格执行率", "100%", "100%", None),
                    ("储备粮管理专户管\n理率", "100%", "100%", None),
                    ("县级储备粮库存粮\n食明显变质比例", 0, 0, None),
                ],
            ),
            (
                "时效\n指标",
                [
                    ("县级储备粮贷款付\n息及时率", "100%", "100%", None),
                    ("县级储备粮应急保\n障率", "100%", "100%", None),
                ],
            ),
            (
                "成本\n指标",
                [
                    ("国家政策性粮收购\n价格执行率", "100%", "100%", None),
                    ("县级储备粮库存成\n本核算率", "100%", "100%", None),
                ],
            ),
        ],
    ),
    (
        "效益\n指标",
        [
            (
                "经济\n效益\n指标",
                [
                    ("利息费用保障率", "100%", "100%", None),
                    ("政策性挂账利息补\n贴保障率", "100%", "无", "没有轮换、动用库存"),
                ],
            ),
        ],
    ),
]
PAGE_2 = [
    (
        "效\n益\n指\n标",
        [
            (
                "生态\n效益\n指标",
                [
                    ("低温、低氧、低剂量\n科学保粮率", "100%", "100%", None),
                    ("食品安全指标达标\n率", "100%", "100%", None),
                ],
            ),
            ("可持\n续影\n响指标", [("粮食储备设备维\n护及安全性", "高", "高", None)]),
        ],
    ),
    (
        "满意\n度指\n标",
        [
            (
                "服务\n对象\n满意\n度指\n标",
                [
                    ("因粮食市场波动引\n起的粮食安全事件\n发生数", "0起", "0起", None),
                    ("市民满意度调查", "≥90%", "100%", None),
                ],
            ),
        ],
    ),
]


def lay_indicators(form: FormSheet, first_row: int, page: list) -> int:
    r = first_row
    for level1, families in page:
        top1 = r
        for level2, rows in families:
            top2 = r
            for name, target, actual, reason in rows:
                form.row(r, {"D": name.replace("\n", ""), "E": target, "F": actual, "G": reason})
                r += 1
            form.put(f"C{top2}", level2, to=f"C{r - 1}" if r - 1 > top2 else None)
        form.put(f"B{top1}", level1, to=f"B{r - 1}")
    return r


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {"A": 6, "B": 8, "C": 8, "D": 24, "E": 12, "F": 12, "G": 20})
    put = form.put
    put("A1", "2020年度县级专项资金绩效目标自评表", to="G1", bold=True, size=16, border=False)
    put("A2", "专项资金名称", to="B2")
    put("C2", "县级储备粮", to="D2")
    put("E2", "负责人及电话")
    put("F2", "旷建成、向建军", to="G2")
    put("A3", "县级主管部门", to="B3")
    put("C3", "衡山县商务和粮食局", to="D3")
    put("E3", "实施单位")
    put("F3", "粮食调控储备与产业发展股", to="G3")
    put("A4", "项目资金(万元)", to="A7")
    put("B4", None, to="C4")
    form.row(4, {"D": "全年预算数(A)", "E": "全年执行数(B)"})
    put("F4", "执行率(B/A)", to="G4")
    for r, label, budget, executed, rate in (
        (5, "年度资金总额", 194.9, 194.9, "100%"),
        (6, "其中:中央、省、市补助县级资金", 194.9, 194.9, "100%"),
        (7, "其他资金", None, None, None),
    ):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": budget, "E": executed})
        put(f"F{r}", rate, to=f"G{r}")
    put("A8", "年度\n总体\n目标", to="A9")
    put("B8", "年初设定目标", to="D8")
    put("E8", "全年实际完成情况", to="G8")
    put("B9", "保持和稳定地方粮食储备机制", to="D9")
    put("E9", "地方储备粮食规模达标", to="G9")
    form.row(
        10,
        {
            "B": "一级\n指标",
            "C": "二级\n指标",
            "D": "三级指标",
            "E": "年度指标\n值",
            "F": "全年\n完成值",
            "G": "未完成原因和\n改进措施",
        },
    )
    end_1 = lay_indicators(form, 11, PAGE_1)
    put("A10", "绩\n效\n指\n标", to=f"A{end_1 - 1}")
    end_2 = lay_indicators(form, end_1, PAGE_2)
    put(f"A{end_1}", "绩效\n指标", to=f"A{end_2 - 1}")
    put(f"A{end_2}", "说明")
    put(f"B{end_2}", "无", to=f"G{end_2}", align="left")
    put(
        f"A{end_2 + 1}",
        "注:1、其他资金包括和中央、省、市补助、地方财政资金共同投入到同一项目的自",
        to=f"G{end_2 + 1}",
        border=False,
        align="left",
    )
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
