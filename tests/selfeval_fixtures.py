"""项目支出绩效自评表 laid out by the tests with openpyxl, as a unit's own workbook would be (not by generate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 自评得分, 偏差原因分析及改进措施)
Row = tuple[str, str, str, Any, Any, Any, Any, str | None]

GOOD_ROWS: list[Row] = [
    ("产出指标", "数量指标", "培训人次", "≥500人次", "450人次", 20, 18, None),
    ("产出指标", "质量指标", "验收合格率", "100%", "98%", 15, 15, None),
    ("产出指标", "时效指标", "完成时间", "2026年12月前", "2026年11月完成", 5, 5, None),
    ("产出指标", "成本指标", "单位成本", "≤250万元", "275万元", 10, 10, None),
    ("效益指标", "社会效益指标", "覆盖社区数", "=12个", "11个", 15, 13.75, None),
    ("效益指标", "可持续影响指标", "长效机制", "建立", "已建立", 15, 14, None),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "93.5%", 10, 10, None),
]


def lay_out(
    path: Path,
    rows: list[Row] = GOOD_ROWS,
    *,
    project: str = "社区养老服务补助",
    department: str = "区民政局",
    implementer: str = "区社会福利中心",
    budget: Any = 200,
    executed: Any = 150,
    self_total: Any = 90.5,
    top_rows: int = 0,
    sheet_title: str = "养老补助",
    extra_sheet: bool = False,
) -> Path:
    """Write a 自评表 the way the national form is drawn, `top_rows` blank rows above it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    if extra_sheet:
        wb.create_sheet("说明").append(["填报说明：请如实填写各项指标"])
    o = top_rows

    def put(row: int, col: int, value: Any, to_col: int | None = None, to_row: int | None = None) -> None:
        cell = ws.cell(row + o, col)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as '=12个: text, not a formula
        if to_col or to_row:
            ws.merge_cells(
                start_row=row + o, start_column=col, end_row=(to_row or row) + o, end_column=to_col or col
            )

    put(1, 1, "项目支出绩效自评表", to_col=9)
    put(2, 1, "（2026年度）", to_col=9)
    put(3, 1, "项目名称")
    put(3, 2, project, to_col=9)
    put(4, 1, "主管部门")
    put(4, 2, department, to_col=4)
    put(4, 5, "实施单位", to_col=6)
    put(4, 7, implementer, to_col=9)
    put(5, 1, "项目资金\n（万元）", to_row=9)
    for col, head in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 4):
        put(5, col, head)
    put(6, 2, "年度资金总额", to_col=3)
    put(6, 4, budget)
    put(6, 5, budget)
    put(6, 6, executed)
    put(6, 7, 10)
    for r, label in ((7, "其中：当年财政拨款"), (8, "上年结转资金"), (9, "其他资金")):
        put(r, 2, label, to_col=3)
        put(r, 7, "—")
        put(r, 9, "—")
    put(7, 4, budget)
    put(7, 5, budget)
    put(7, 6, executed)
    put(10, 1, "年度总体目标", to_row=11)
    put(10, 2, "预期目标", to_col=5)
    put(10, 6, "实际完成情况", to_col=9)
    put(11, 2, "为全区老年人提供养老服务补助。", to_col=5)
    put(11, 6, "已按计划发放补助，服务覆盖 11 个社区。", to_col=9)
    heads = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    for col, head in enumerate(heads, 1):
        put(12, col, head)
    put(12, 8, "偏差原因分析及改进措施", to_col=9)
    r = 13
    for i, (l1, l2, l3, target, actual, weight, score, deviation) in enumerate(rows):
        first1 = i == 0 or rows[i - 1][0] != l1
        first2 = first1 or rows[i - 1][1] != l2
        if first1:
            span = next((j for j in range(i, len(rows)) if rows[j][0] != l1), len(rows)) - i
            put(r, 1, l1, to_row=r + span - 1 if span > 1 else None)
        if first2:
            span = next((j for j in range(i, len(rows)) if rows[j][:2] != (l1, l2)), len(rows)) - i
            put(r, 2, l2, to_row=r + span - 1 if span > 1 else None)
        for col, value in ((3, l3), (4, target), (5, actual), (6, weight), (7, score)):
            put(r, col, value)
        put(r, 8, deviation, to_col=9)
        r += 1
    put(r, 1, "总分", to_col=5)
    put(r, 6, 100)
    put(r, 7, self_total)
    put(r + 1, 1, "注：一级指标分值 产出 50、效益 30、满意度 10，预算执行率 10。", to_col=9)
    wb.save(path)
    return path
