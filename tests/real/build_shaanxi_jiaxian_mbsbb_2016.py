"""Rebuilds 佳县's 财政支出项目绩效目标申报表, the blank template published as "2016财政支出项目绩效目标申报表.doc"
(text stored on docx.baby).

The target declaration (绩效目标申报表, filled before the budget year) as a county issues it: project facts,
a 项目资金申请 block of six sources, 立项 and 进度 sections, 长期目标 / 年度目标, and two indicator tables (长期绩效指标,
年度绩效指标: 一级 / 二级 / 指标内容 / 指标值 / 备注). Nothing is filled in: a form perfcli should recognise and call
empty, not misread. The Word file repeats the title at the top of each page; the workbook has it once.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "shaanxi_jiaxian_mbsbb_2016"
FAMILIES = [
    ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标", "…"]),
    ("效益指标", ["经济效益指标", "社会效益指标", "环境效益指标", "可持续影响指标", "…"]),
    ("服务对象满意度指标", ["具体指标", "……"]),
]


def indicator_table(form: FormSheet, first_row: int, title: str) -> int:
    rows = sum(len(level2s) for _, level2s in FAMILIES) + 1
    form.put(f"A{first_row}", title, to=f"A{first_row + rows - 1}")
    form.row(first_row, {"B": "一级指标", "C": "二级指标", "D": "指标内容", "E": "指标值", "F": "备注"})
    r = first_row + 1
    for level1, level2s in FAMILIES:
        form.put(f"B{r}", level1, to=f"B{r + len(level2s) - 1}")
        for level2 in level2s:
            form.row(r, {"C": level2, "D": None, "E": None, "F": None})
            r += 1
    return r


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {"A": 14, "B": 16, "C": 16, "D": 24, "E": 12, "F": 12})
    put = form.put
    put("A1", "佳县财政支出项目绩效目标申报表", to="F1", bold=True, size=16, border=False)
    put("A2", "( 年度)", to="F2", border=False)
    put("A3", "填报单位(盖章)", to="F3", border=False, align="left")
    put("A4", "项目名称")
    put("B4", None, to="F4")
    put("A5", "项目属性")
    put("B5", "新增项目 □ 延续项目 □", to="F5", align="left")
    for r, left, right in (
        (6, "主管部门", "主管部门编码"),
        (7, "项目实施单位", "项目负责人"),
        (8, "联系电话", "项目起止时间"),
    ):
        put(f"A{r}", left)
        put(f"B{r}", None, to=f"C{r}")
        put(f"D{r}", right)
        put(f"E{r}", None, to=f"F{r}")
    put("A9", "项目资金申请(万元)", to="A12")
    put("B9", "资金总额:", to="F9", align="left")
    for r, left, right in (
        (10, "财政拨款:", "自有资金:"),
        (11, "事业收入:", "经营性收入:"),
        (12, "其他:", "其他:"),
    ):
        put(f"B{r}", left, to=f"C{r}", align="left")
        put(f"D{r}", right, to=f"F{r}", align="left")
    put("A13", "单位职能概述")
    put("B13", None, to="F13")
    put("A14", "项目概况")
    put("B14", None, to="F14")
    put("A15", "项目立项情况", to="A17")
    for r, label in ((15, "项目立项的依据"), (16, "项目申报的可行性"), (17, "项目申报的必要性")):
        put(f"B{r}", label)
        put(f"C{r}", None, to=f"F{r}")
    put("A18", "项目实施进度计划", to="A23")
    put("B18", "项目实施内容", to="D18")
    form.row(18, {"E": "开始时间", "F": "完成时间"})
    for r, label in ((19, "1、"), (20, "2、"), (21, "3、"), (22, "……"), (23, "……")):
        put(f"B{r}", label, to=f"D{r}", align="left")
        form.row(r, {"E": None, "F": None})
    put("A24", "项目绩效目标", to="A25")
    for r, label in ((24, "长期目标"), (25, "年度目标")):
        put(f"B{r}", label)
        put(f"C{r}", None, to=f"F{r}")
    r = indicator_table(form, 26, "长期绩效指标")
    r = indicator_table(form, r, "年度绩效指标")
    put(f"A{r}", "其他说明的问题")
    put(f"B{r}", None, to=f"F{r}")
    put(f"A{r + 1}", "填报人:", to=f"B{r + 1}", border=False, align="left")
    put(f"C{r + 1}", "单位负责人:", to=f"D{r + 1}", border=False, align="left")
    put(f"E{r + 1}", "填报日期:", to=f"F{r + 1}", border=False, align="left")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
