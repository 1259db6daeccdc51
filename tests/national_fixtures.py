"""A national 项目支出绩效目标执行监控表 laid out by hand with openpyxl, as a ministry or a province sends it —
not by perfcli's generator: merged two-row header, a vertical 绩效指标 label in column A, ticks in the
sub-columns. The layout follows the issue's description (16 columns A–P)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from clerk.national import fill_national

__all__ = ["DEFAULT_ROWS", "fill_national", "national_sheet", "national_workbook"]

REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")

# (一级, 二级, 三级, 年度指标值, 1-X月执行情况, 全年预计完成情况, ticked reasons, ticked likelihoods, 备注)
DEFAULT_ROWS: list[tuple[Any, ...]] = [
    ("产出指标", "数量指标", "培训人次", "1200人次", "800人次", "1200人次", (), ("确定能",), None),
    ("产出指标", "数量指标", "新建教室", "10间", "4间", "8间", ("经费保障",), ("有可能",), "资金下达较晚"),
    ("产出指标", "质量指标", "验收合格率", "100%", "100%", "100%", (), ("确定能",), None),
    ("效益指标", "社会效益指标", "受益学生数", "5000人", "3000人", "5000人", (), ("确定能",), None),
]


def national_sheet(
    ws: Any,
    *,
    month: int = 7,
    year: int = 2026,
    rows: list[tuple[Any, ...]] | None = None,
    tick: str = "√",
    funds: dict[str, tuple[Any, Any, Any, Any]] | None = None,
    top_rows: int = 0,
) -> None:
    """Lay the form out on `ws`, `top_rows` blank rows down."""
    rows = DEFAULT_ROWS if rows is None else rows
    funds = funds or {
        "年度资金总额": (500, 300, "60%", 500),
        "其中：财政拨款": (400, 250, "62.5%", 400),
        "其他资金": (100, 50, "50%", 100),
    }
    r = top_rows + 1

    def put(row: int, col: int, value: Any, to_col: int | None = None, to_row: int | None = None) -> None:
        ws.cell(row, col, value)
        if to_col or to_row:
            ws.merge_cells(start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col)

    put(r, 1, "项目支出绩效目标执行监控表", 16)
    put(r + 1, 1, f"（{year}年度）", 16)
    put(r + 2, 1, "项目名称", 2)
    put(r + 2, 3, "乡村学校教学条件改善", 16)
    put(r + 3, 1, "主管部门及代码", 2)
    put(r + 3, 3, "常州市新北区教育局（301）", 9)
    put(r + 3, 10, "实施单位", 11)
    put(r + 3, 12, "新北区实验小学", 16)
    # funds block: 项目资金（万元） down the left, four columns of three cells each
    h = r + 4
    put(h, 1, "项目资金（万元）", 2, h + 3)
    put(h, 3, None, 4)
    for i, label in enumerate(("年初预算数", f"1-{month}月执行数", f"1-{month}月执行率", "全年预计执行数")):
        put(h, 5 + 3 * i, label, 7 + 3 * i)
    for k, (label, values) in enumerate(funds.items(), 1):
        put(h + k, 3, label, 4)
        for i, value in enumerate(values):
            put(h + k, 5 + 3 * i, value, 7 + 3 * i)
    g = h + 4
    put(g, 1, "年度总体目标", 2)
    put(g, 3, "完成10所乡村学校教室改造，培训教师1200人次。", 16)
    put(g + 1, 1, f"1-{month}月总体目标完成情况", 2)
    put(g + 1, 3, "已完成4所学校改造，培训800人次。", 16)
    # the indicator grid: two header rows
    t = g + 2
    put(t, 1, "绩效指标", None, t + 1 + len(rows))
    for col, label in (
        (2, "一级指标"),
        (3, "二级指标"),
        (4, "三级指标"),
        (5, "年度指标值"),
        (6, f"1-{month}月执行情况"),
        (7, "全年预计完成情况"),
        (16, "备注"),
    ):
        put(t, col, label, None, t + 1)
    put(t, 8, "偏差原因分析", 12)
    put(t, 13, "完成目标可能性", 15)
    for i, label in enumerate(REASONS):
        ws.cell(t + 1, 8 + i, label)
    for i, label in enumerate(LIKELIHOODS):
        ws.cell(t + 1, 13 + i, label)
    first = t + 2
    for k, row in enumerate(rows):
        level1, level2, level3, target, actual, forecast, reasons, likelihoods, remark = row
        line = first + k
        for col, value in ((2, level1), (3, level2), (4, level3), (5, target), (6, actual), (7, forecast)):
            ws.cell(line, col, value)
        for reason in reasons:
            ws.cell(line, 8 + REASONS.index(reason), tick)
        for likelihood in likelihoods:
            ws.cell(line, 13 + LIKELIHOODS.index(likelihood), tick)
        ws.cell(line, 16, remark)
    _merge_runs(ws, first, len(rows), 2)
    _merge_runs(ws, first, len(rows), 3)
    note = first + len(rows)
    put(
        note,
        1,
        "注：偏差原因可多选，完成目标可能性单选；选择“其他”或“有可能”“完全不可能”的须在备注中说明。",
        16,
    )


def _merge_runs(ws: Any, first: int, count: int, col: int) -> None:
    """Merge each run of equal values down a column and clear the lower cells (as Excel leaves them)."""
    start = first
    for line in range(first + 1, first + count + 1):
        if line == first + count or ws.cell(line, col).value != ws.cell(start, col).value:
            if line - 1 > start:
                for lower in range(start + 1, line):
                    ws.cell(lower, col).value = None
                ws.merge_cells(start_row=start, start_column=col, end_row=line - 1, end_column=col)
            start = line


def national_workbook(path: Path, **kwargs: Any) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = kwargs.pop("sheet", "监控表")
    national_sheet(ws, **kwargs)
    wb.save(path)
    return path
