"""Rebuilds 青神县发展和改革局's 部门预算项目支出绩效自评表 (2023年度), published as HTML text on www.scqs.gov.cn.

四川's 预算管理一体化 export (报表编号 510000_0013zp): 11 columns, a 预算执行情况(10分) block with 年初预算 /
调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 and fund rows 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金,
and an indicator table with 指标性质 / 指标值 / 度量单位 in their own columns. The unit left 完成值, 得分 and the
narratives as the template's guide text: the form is published half filled, exactly as below.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import MONEY_2, RATE_2, FormSheet

NAME = "sichuan_qingshen_zpb_2023"
NOTE_BUDGET = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {c: 12 for c in "ABCDEFGHIJK"})
    put = form.put
    put("A1", "报表编号:510000_0013zp", to="K1", border=False, align="right")
    put("A2", "部门预算项目支出绩效自评表(2023年度)", to="K2", bold=True, size=16, border=False)
    put("A3", "项目名称", to="B3")
    put("C3", "51000021R000000019951-工资性支出", to="K3", align="left")
    put("A4", "主管部门", to="B4")
    put("C4", "青神县发展和改革局本级", to="E4")
    put("F4", "实施单位 (盖章)", to="G4")
    put("H4", "青神县发展和改革局", to="K4")
    put("A5", "项目基本情况", to="A8")
    put("B5", "1.项目年度目标完成情况", to="C6")
    put("D5", "项目年度目标", to="G5")
    put("H5", "年度目标完成情况", to="K5")
    put(
        "D6",
        "严格执行相关政策,保障工资及时、足额发放或社保及时、足额缴纳,预算编制科学合理,减少结余资金。",
        to="G6",
        align="left",
    )
    put("H6", "对照年度目标,说明相关任务目标的完成情况(100字以内)", to="K6", align="left")
    put("B7", "2.项目实施内容及过程概述", to="C8")
    put("D7", None, to="K8")
    put("A9", "预算执行情况(10分)", to="A14")
    form.row(
        9,
        {
            "B": "年度预算数(万元)",
            "C": "年初预算",
            "D": "调整后预算数",
            "E": "预算执行数",
            "F": "预算执行率",
            "G": "权重",
            "H": "得分",
        },
    )
    put("I9", "原因", to="K9")
    funds = [
        ("总额", 238.93, 251.89, 251.89, 1.0, 10, None),
        ("其中:财政资金", 238.93, 251.89, 251.89, 1.0, "/", "/"),
        ("财政专户管理资金", 0, 0, 0, 0, "/", "/"),
        ("单位资金", 0, 0, 0, 0, "/", "/"),
        ("其他资金", None, None, None, None, "/", "/"),
    ]
    for offset, (label, start, adjusted, executed, rate, weight, score) in enumerate(funds):
        r = 10 + offset
        put(f"B{r}", label)
        put(f"C{r}", start, number_format=MONEY_2)
        put(f"D{r}", adjusted, number_format=MONEY_2)
        put(f"E{r}", executed, number_format=MONEY_2)
        put(f"F{r}", rate, number_format=RATE_2)
        put(f"G{r}", weight)
        put(f"H{r}", score)
    put("I10", NOTE_BUDGET, to="K14", align="left")
    put("A15", "绩效指标(90分)", to="A18")
    form.row(
        15,
        {
            "B": "一级指标",
            "C": "二级指标",
            "D": "三级指标",
            "E": "指标性质",
            "F": "指标值",
            "G": "度量单位",
            "H": "完成值",
            "I": "权重",
            "J": "得分",
            "K": "未完成原因分析",
        },
    )
    form.row(
        16,
        {
            "B": "产出指标",
            "C": "数量指标",
            "D": "发放(缴纳)覆盖率",
            "E": "=",
            "F": 100,
            "G": "%",
            "H": None,
            "I": 60,
            "J": None,
            "K": None,
        },
    )
    form.row(
        17,
        {
            "B": "效益指标",
            "C": "社会效益指标",
            "D": "足额保障率(参保率)",
            "E": "=",
            "F": 100,
            "G": "%",
            "H": None,
            "I": 30,
            "J": None,
            "K": None,
        },
    )
    put("B18", "合计", to="H18")
    form.row(18, {"I": 100, "J": None, "K": None})
    put("A19", "评价结论", to="B19")
    put(
        "C19",
        "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)",
        to="K19",
        align="left",
    )
    put("A20", "存在问题", to="B20")
    put("C20", "结合自评情况,分析存在的问题及原因。(200字以内)", to="K20", align="left")
    put("A21", "改进措施", to="B21")
    put(
        "C21",
        "针对项目自评中发现的问题,提出下一步改进完善的意见及有关政策性建议。(200字以内)",
        to="K21",
        align="left",
    )
    put("A22", "项目负责人:", to="E22", border=False, align="left")
    put("F22", "财务负责人:", to="K22", border=False, align="left")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
