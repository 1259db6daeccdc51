"""Rebuilds 中江县水利局's 绩效目标自评表 (2022年度) for a 衔接资金 project, published as text with a 中江县 notice
(reposted on chacewang.com).

The 衔接资金 variant of the national 自评表: no 年初预算数 (only 全年预算数(A) / 全年执行数(B) / 分值 / 执行率(B/A) /
得分), 分值 as the column *before* 年度指标值, actuals copied with their operators ("≥266米"), and 一级 points
that disagree with the template's own note: 产出指标(70分) and 效益指标(20分) against 50 and 30.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import RATE_2, FormSheet

NAME = "sichuan_zhongjiang_mbzpb_2022"
NOTE = (
    "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分,各部门根据各项"
    "指标重要程度确定三级指标的分值,得分最高不能超过该指标分值上限,分别按照该指标对应分值区间100-80%(含80%)、"
    "80-60%(含60%)、60-0%合理确定得分,"
)
ROWS = [  # (一级, 二级, 三级, 分值, 年度指标值, 全年实际值, 得分)
    ("产出指标(70分)", "数量指标", "安装坡面水标尺", 10, "≥266米", "≥266米", 10),
    ("产出指标(70分)", "数量指标", "水标尺宽度", 10, "≥50厘米", "≥50厘米", 10),
    ("产出指标(70分)", "质量指标", "项目(工程)验收合格率", 20, "100%", "100%", 20),
    ("产出指标(70分)", "时效指标", "及时(按期)开工率", 10, "≥90%", "≥90%", 10),
    ("产出指标(70分)", "时效指标", "及时(按期)完工率", 10, "≥90%", "≥90%", 10),
    ("产出指标(70分)", "成本指标", "项目计划总投资", 10, "20万元", "20万元", 10),
    ("效益指标(20分)", "经济效益指标", None, None, None, None, None),
    ("效益指标(20分)", "社会效益指标", "受益脱贫(含监测对象)户人口数", 10, "≥1000人", "≥1000人", 10),
    ("效益指标(20分)", "社会效益指标", "群众生产生活条件改善状况", 10, "显著提升", "显著提升", 10),
    ("满意度指标(10分)", "服务对象满意度指标", "受益脱贫(含监测对象)户满意度", 10, "≥95%", "≥95%", 10),
    ("满意度指标(10分)", "服务对象满意度指标", "……", None, None, None, None),
]


def merge_runs(form: FormSheet, column: str, first_row: int, labels: list[str]) -> None:
    """Merge each run of equal labels down the column, as the form's 一级 and 二级 cells are."""
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            top, bottom = first_row + start, first_row + i - 1
            form.put(f"{column}{top}", labels[start], to=f"{column}{bottom}" if bottom > top else None)
            start = i


def build(path: Path) -> None:
    form = FormSheet(
        "Sheet1", {"A": 8, "B": 12, "C": 14, "D": 26, "E": 8, "F": 12, "G": 12, "H": 8, "I": 12, "J": 12}
    )
    put = form.put
    put("A1", "绩效目标自评表", to="J1", bold=True, size=16, border=False)
    put("A2", "(2022年度)", to="J2", border=False)
    put("A3", "项目名称", to="B3")
    put("C3", "中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装", to="E3")
    put("F3", "项目负责人及电话", to="G3")
    put("H3", "谢凯13990260322(办公)", to="J3")
    put("A4", "主管部门", to="B4")
    put("C4", "中江县水利局", to="E4")
    put("F4", "实施单位", to="G4")
    put("H4", "中江县水利局", to="J4")
    put("A5", "资金情况\n(万元)", to="A8")
    put("B5", None, to="C5")
    form.row(5, {"D": "全年预算数(A)", "E": "全年执行数(B)", "F": "分值", "G": "执行率(B/A)"})
    put("H5", "得分", to="J5")
    put("B6", "年度资金总额:", to="C6")
    form.row(6, {"D": 20, "E": 20, "F": 10})
    put("G6", 1.0, number_format=RATE_2)
    put("H6", 10, to="J6")
    for r, label, budget, executed in ((7, "其中:本年财政拨款", 20, 20), (8, "其他资金", None, None)):
        put(f"B{r}", label, to=f"C{r}")
        form.row(r, {"D": budget, "E": executed, "F": None, "G": None})
        put(f"H{r}", None, to=f"J{r}")
    put("A9", "年度总体目标", to="A10")
    put("B9", "年初设定目标", to="F9")
    put("G9", "年度总体目标完成情况综述", to="J9")
    put(
        "B10",
        "对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础,",
        to="F10",
        align="left",
    )
    put("G10", "对项目区农业用水计量,为项目区农业生产夯实基础,", to="J10", align="left")
    first, last = 12, 12 + len(ROWS) - 1
    put("A11", "绩效指标", to=f"A{last}")
    form.row(
        11,
        {
            "B": "一级指标",
            "C": "二级指标",
            "D": "三级指标",
            "E": "分值",
            "F": "年度指标值",
            "G": "全年实际值",
            "H": "得分",
        },
    )
    put("I11", "未完成原因及拟采取的改进措施", to="J11")
    merge_runs(form, "B", first, [row[0] for row in ROWS])
    merge_runs(form, "C", first, [row[1] for row in ROWS])
    for offset, (_, _, name, points, target, actual, score) in enumerate(ROWS):
        r = first + offset
        form.row(r, {"D": name, "E": points, "F": target, "G": actual, "H": score})
        put(f"I{r}", None, to=f"J{r}")
    total = last + 1
    put(f"A{total}", "总分", to=f"D{total}")
    form.row(total, {"E": 100, "F": None, "G": None, "H": 100})
    put(f"I{total}", None, to=f"J{total}")
    put(f"A{total + 1}", NOTE, to=f"J{total + 1}", border=False, align="left")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
