"""Rebuilds 宁乡市坝塘镇人民政府's 项目绩效目标表 (2021年度) for 镇域内基础设施建设, shared as a document on
renrendoc.com whose stored text is the form read out.

A filled target declaration of the national 2015 申报表 family: the money as one free-text cell ("总额10606.7522万元
财政拨款:…二、自有资金:…三、其他:…"), 进度 rows with years, and two indicator tables (长期绩效指标, 年度绩效指标)
whose 指标内容 and 指标值 hold bare numbers (88, 68, 20 and 100) instead of indicators: a real form a clerk filled
with the wrong things. The stored text stops inside the annual table's last row; the rebuilt form stops before it.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "hunan_ningxiang_mbb_2021"
FUNDS = (
    "总额10606.7522万元\n财政拨款:6923.3552万元(其中:上级财政资金:6923.3552万元;本级财政:0万元)\n"
    "二、自有资金:0万元\n三、其他:3683.3970万元"
)
LONG_TERM = [  # (一级, 二级, 指标内容, 指标值)
    ("产出指标", "数量指标", 88, 100),
    ("产出指标", "质量指标", 88, 100),
    ("产出指标", "时效指标", 88, 100),
    ("产出指标", "成本指标", 88, 100),
    ("产出指标", "…", None, None),
    ("效益指标", "经济效益指标", 88, 100),
    ("效益指标", "社会效益指标", 68, 100),
    ("效益指标", "生态效益指标", 20, 100),
    ("效益指标", "可持续影响指标", 20, 100),
    ("效益指标", "社会公众或服务对象满意度指标", 88, 100),
]
ANNUAL = LONG_TERM[:-1]  # the stored text ends inside the annual table's 满意度 row


def indicator_table(form: FormSheet, first_row: int, title: str, rows: list) -> int:
    form.put(f"A{first_row}", title, to=f"A{first_row + len(rows)}")
    form.row(first_row, {"B": "一级指标", "C": "二级指标", "D": "指标内容", "E": "指标值", "F": "备注"})
    r = first_row + 1
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i][0] != rows[start][0]:
            form.put(f"B{r + start}", rows[start][0], to=f"B{r + i - 1}" if i - 1 > start else None)
            start = i
    for offset, (_, level2, content, value) in enumerate(rows):
        form.row(r + offset, {"C": level2, "D": content, "E": value, "F": None})
    return r + len(rows)


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {"A": 14, "B": 16, "C": 26, "D": 20, "E": 12, "F": 12})
    put = form.put
    put("A1", "项目绩效目标表", to="F1", bold=True, size=16, border=False)
    put("A2", "(2021年度)", to="F2", border=False)
    put("A3", "填报单位(盖章):宁乡市坝塘镇人民政府", to="F3", border=False, align="left")
    put("A4", "项目名称")
    put("B4", "镇域内基础设施建设", to="F4")
    put("A5", "项目属性")
    put("B5", "新增项目□延续项目√", to="F5", align="left")
    for r, left, left_value, right, right_value in (
        (6, "主管部门", "坝塘镇", "主管部门编码", None),
        (7, "项目单位", "坝塘镇", "项目负责人", "蒋建华"),
        (8, "联系电话", None, "项目起止时间", "2021年度"),
    ):
        put(f"A{r}", left)
        put(f"B{r}", left_value, to=f"C{r}")
        put(f"D{r}", right)
        put(f"E{r}", right_value, to=f"F{r}")
    put("A9", "资金总额及构成")
    put("B9", FUNDS, to="F9", align="left")
    put("A10", "项目概况")
    put("B10", "镇域内水利、道路、机关、学校及乡村振兴等基础设施建设", to="F10", align="left")
    put("A11", "项目立项情况", to="A13")
    for r, label, text in (
        (11, "项目立项的依据", "机关、学校、乡村振兴按发改立项"),
        (12, "项目申报的可行性", "已申报项目可行性评估"),
        (13, "项目申报的必要性", "为改善镇域内基础设施、振兴乡村"),
    ):
        put(f"B{r}", label)
        put(f"C{r}", text, to=f"F{r}", align="left")
    put("A14", "项目实施进度计划", to="A16")
    put("B14", "项目实施内容", to="D14")
    form.row(14, {"E": "开始时间", "F": "完成时间"})
    for r, item, start, end in ((15, "1总体概念规划", 2016, 2020), (16, "2、核心区规划", 2021, 2021)):
        put(f"B{r}", item, to=f"D{r}", align="left")
        form.row(r, {"E": start, "F": end})
    put("A17", "项目绩效目标", to="A18")
    put("B17", "长期目标")
    put("C17", "改善镇域内基础设施,振兴乡村经济", to="F17", align="left")
    put("B18", "年度目标")
    put("C18", "全面完成集镇立面改造、机关、学校、乡村振兴等项目,搞好提质改造", to="F18", align="left")
    r = indicator_table(form, 19, "长期绩效指标", LONG_TERM)
    indicator_table(form, r, "年度绩效指标", ANNUAL)
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
