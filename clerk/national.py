"""Fill generated national-style 监控表 workbooks (项目支出绩效目标执行监控表) as a clerk would: cells found by
their printed labels, ticks typed in the sub-columns; optional realistic mistakes. Deterministic."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from clerk.saving import set_modified

__all__ = ["fill_national"]


def fill_national(
    path: Path,
    *,
    executed_share: float = 0.6,
    tick: str = "√",
    likelihood: str = "确定能",
    forecast_label: str = "全年预计完成情况",
    mistakes: tuple[str, ...] = (),
    modified: datetime | None = None,
) -> None:
    """Fill every 监控表 sheet of a generated workbook as a clerk would, finding the cells by their labels:
    执行数/执行率/全年预计执行数 of each funds row, the 总体目标完成情况, and each indicator row's
    执行情况, 全年预计完成情况 and one tick under `likelihood` (with 经费保障 and a 备注 when not 确定能).

    `mistakes` puts one each on the first sheet: "two_ticks" (确定能 and 有可能 both ticked on the first
    indicator), "no_remark" (有可能 without a 备注), "rate_off" (执行率 of 年度资金总额 off by 1 point)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        cells = {str(c.value).strip(): c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        heads = {
            k: v for k, v in cells.items() if k.startswith("1-") or k in ("年初预算数", "全年预计执行数")
        }
        budget_col = heads["年初预算数"].column
        executed_col = next(v.column for k, v in heads.items() if k.endswith("执行数") and k.startswith("1-"))
        rate_col = next(v.column for k, v in heads.items() if k.endswith("执行率"))
        forecast_col = heads["全年预计执行数"].column
        for label in ("年度资金总额", "其中：财政拨款", "其他资金"):
            r = cells[label].row
            budget = ws.cell(r, budget_col).value
            if budget is None:
                continue
            executed = round(float(budget) * executed_share, 2)
            ws.cell(r, executed_col, executed)
            rate = executed * 100 / float(budget) if budget else None
            if (
                rate is not None
                and "rate_off" in mistakes
                and ws is wb.worksheets[0]
                and label == "年度资金总额"
            ):
                rate += 1
            ws.cell(r, rate_col, f"{rate:.2f}%" if rate is not None else None)
            if ws.cell(r, forecast_col).value is None:
                ws.cell(r, forecast_col, budget)
        progress = next(v for k, v in cells.items() if k.endswith("总体目标完成情况"))
        ws.cell(progress.row, progress.column + 2, "按计划推进。")
        header = cells["三级指标"]
        actual_col = next(v.column for k, v in cells.items() if k.endswith("执行情况") and k.startswith("1-"))
        forecast_ind = cells[forecast_label].column
        tick_col = cells[likelihood].column
        remark_col = next(c.column for k, c in cells.items() if k == "备注" and c.row == header.row)
        first_row = True
        for r in range(header.row + 2, ws.max_row + 1):
            target = ws.cell(r, header.column + 1).value
            if ws.cell(r, header.column).value is None or target is None:
                continue
            on_first = first_row and ws is wb.worksheets[0]
            first_row = False
            if on_first and "two_ticks" in mistakes:
                ws.cell(r, cells["有可能"].column, tick)
            if on_first and "no_remark" in mistakes:
                ws.cell(r, cells["有可能"].column, tick)
                ws.cell(r, cells["经费保障"].column, tick)
                ws.cell(r, actual_col, "进行中")
                ws.cell(r, forecast_ind, target)
                continue
            ws.cell(r, actual_col, "进行中")
            ws.cell(r, forecast_ind, target)
            ws.cell(r, tick_col, tick)
            if likelihood != "确定能":
                ws.cell(r, cells["经费保障"].column, tick)
                ws.cell(r, remark_col, "资金下达较晚")
    wb.save(path)
    if modified is not None:
        set_modified(path, modified)
