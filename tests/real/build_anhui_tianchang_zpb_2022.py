"""Rebuilds 天长市水利局's 项目支出绩效自评表 (2022年度) for 水旱灾害防御经费, published as text on a 天长市 page
("天长市水利局水旱灾害防御股项目支出绩效自评", 2023-12-05).

The national layout again, filled differently: (A)/(B) in the money headers, "-" for not applicable in the
其中 rows, the 一级 cells showing only their points ("(50分)", "(30分)"), three rows per 二级 with "指标1:",
"指标2:" and "……" left from the template, most targets blank, and a 总分 row.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "anhui_tianchang_zpb_2022"

OUTPUT = [  # 二级, [(三级, 年度指标值, 实际完成值, 分值, 得分), ...]
    (
        "数量指标",
        [
            ("指标1:完成中型灌区节水改造项目数量", 1, 1, 10, 10),
            ("指标2:完成农业综合水价改革项目", 1, 1, 10, 10),
        ],
    ),
    ("质量指标", [("指标1:工程质量合格", None, None, 10, 10), ("指标2:", None, None, None, None)]),
    ("时效指标", [("指标1:年度资金支付完成率100%", None, None, 10, 10), ("指标2:", None, None, None, None)]),
    ("成本指标", [("指标1:资金执行在预算范围内", None, None, 10, 10), ("指标2:", None, None, None, None)]),
]
BENEFIT = [
    ("经济效益\n指标", [("指标1:全市安全度汛", None, None, 10, 10), ("指标2:", None, None, None, None)]),
    (
        "社会效益\n指标",
        [("指标1:保护全市人口财产不受损失", None, None, 10, 10), ("指标2:", None, None, None, None)],
    ),
    ("生态效益\n指标", [("指标1:/", None, None, "/", "/"), ("指标2:", None, None, None, None)]),
    (
        "可持续影\n响指标",
        [("指标1:已建工程良性运行", None, None, 10, 10), ("指标2:", None, None, None, None)],
    ),
]
SATISFACTION = [
    (
        "服务对象\n满意度指标",
        [("指标1:服务对象满意度", "90%", "100%", 10, 10), ("指标2:", None, None, None, None)],
    ),
]


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1", {"A": 8, "B": 10, "C": 12, "D": 30, "E": 12, "F": 12, "G": 8, "H": 8, "I": 12, "J": 12}
    )
    put = form.put
    put("A1", "项目支出绩效自评表", to="J1", bold=True, size=16, border=False)
    put("A2", "(2022年度)", to="J2", border=False)
    put("A3", "项目名称", to="B3")
    put("C3", "水旱灾害防御经费", to="J3")
    put("A4", "主管部门", to="B4")
    put("C4", None, to="E4")
    put("F4", "实施单位", to="G4")
    put("H4", "天长市水利局", to="J4")
    put("A5", "项目资金\n(万元)", to="A9")
    put("B5", None, to="C5")
    form.row(
        5, {"D": "年初预算数", "E": "全年预算数(A)", "F": "全年执行数(B)", "G": "分值", "H": "执行率(B/A)"}
    )
    put("I5", "得分", to="J5")
    put("B6", "年度资金总额:", to="C6")
    form.row(6, {"D": 880, "E": 880, "F": 880, "G": 10, "H": None})
    put("I6", 10, to="J6")
    put("B7", " 其中:本年财政拨款", to="C7")
    form.row(7, {"D": 880, "E": 880, "F": 880, "G": "-", "H": None})
    put("I7", "-", to="J7")
    for r, label in ((8, "上年结转资金"), (9, "其他资金")):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": None, "E": None, "F": None, "G": "-", "H": None})
        put(f"I{r}", "-", to=f"J{r}")
    put("A10", "年度总体目标完成情况", to="A11")
    put("B10", "预期目标", to="F10")
    put("G10", "实际完成情况", to="J10")
    put("B11", " 完成年度防汛工作,完成中型灌区节水改造项目和农业综合水价改革项目。", to="F11", align="left")
    put("G11", " 完成年度目标。", to="J11", align="left")
    form.row(
        12,
        {
            "B": "一级\n指标",
            "C": "二级指标",
            "D": "三级指标",
            "E": "年度指标值",
            "F": "实际完成值",
            "G": "分值",
            "H": "得分",
        },
    )
    put("I12", "偏差原因分析及改进措施", to="J12")
    r = 13
    for level1, families in (("(50分)", OUTPUT), ("(30分)", BENEFIT), ("满意度指标\n(10分)", SATISFACTION)):
        first = r
        for level2, rows in families:
            put(f"C{r}", level2, to=f"C{r + len(rows)}")
            for name, target, actual, points, score in [*rows, ("……", None, None, None, None)]:
                form.row(r, {"D": name, "E": target, "F": actual, "G": points, "H": score})
                put(f"I{r}", None, to=f"J{r}")
                r += 1
        put(f"B{first}", level1, to=f"B{r - 1}")
    put("A12", "年度绩效指标完成情况", to=f"A{r - 1}")
    put(f"A{r}", "总分", to=f"F{r}")
    form.row(r, {"G": 100, "H": 100})
    put(f"I{r}", None, to=f"J{r}")
    r += 1
    put(
        f"A{r}",
        "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。",
        to=f"J{r}",
        border=False,
        align="left",
    )
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
