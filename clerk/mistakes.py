"""Realistic mistakes a clerk makes on a 附表1 sheet, each noted in the sheet's facts (for test oracles)."""

from __future__ import annotations

import random
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clerk.cells import field_cell, find_table, level1_of
from clerk.sheets import ProjectFacts
from clerk.words import as_cell_number, cents, typed_money


@dataclass
class Mistakes:
    """Which realistic mistakes to make, all on the 附表1 sheet with index `sheet`."""

    spent_over_received: bool = False
    received_over_budget: bool = False
    near_miss_likelihood: bool = False
    unlikely_without_analysis: bool = False
    missing_required: str | None = None  # "funds_spent", "implementation", "funds_received", "likelihood"
    text_numbers: str | None = None  # "thousands" | "wanyuan" | "fullwidth"
    extra_indicator_row: bool = False
    tamper_budget: bool = False
    sheet: int = 0

    def any(self) -> bool:
        return any(v for k, v in self.__dict__.items() if k != "sheet")


def insert_table_row(ws: Any, row: int) -> None:
    """Insert a row above `row` as Excel does: cells, merged ranges, validations and heights move down;
    a merged block the row falls inside grows by one."""
    ws.insert_rows(row)
    for rng_ in list(ws.merged_cells.ranges):
        if rng_.min_row >= row:
            ws.merged_cells.remove(rng_)
            rng_.shift(0, 1)
            ws.merged_cells.add(rng_)
        elif rng_.max_row >= row:
            ws.merged_cells.remove(rng_)
            rng_.expand(down=1)
            ws.merged_cells.add(rng_)
    for dv in ws.data_validations.dataValidation:
        new = []
        for cr in dv.sqref.ranges:
            if cr.min_row >= row:
                cr.shift(0, 1)
            elif cr.max_row >= row:
                cr.expand(down=1)
            new.append(cr.coord)
        dv.sqref = " ".join(new)
    heights = {r: d.height for r, d in ws.row_dimensions.items() if r >= row and d.height}
    for r, h in sorted(heights.items(), reverse=True):
        ws.row_dimensions[r + 1].height = h
    ws.row_dimensions[row].height = ws.row_dimensions[row - 1].height
    for col in range(1, ws.max_column + 1):
        above = ws.cell(row=row - 1, column=col)
        cell = ws.cell(row=row, column=col)
        if above.has_style:
            cell._style = copy(above._style)


def apply_mistakes(ws: Any, rng: random.Random, m: Mistakes, facts: ProjectFacts) -> None:
    received_cell = field_cell(ws, "project", "funds_received")
    spent_cell = field_cell(ws, "project", "funds_spent")
    budget_cell = field_cell(ws, "project", "budget_total")
    note = facts.mistakes.append
    if m.received_over_budget:
        facts.received = cents(facts.budget * Decimal("1.05"))
        received_cell.value = as_cell_number(facts.received)
        note(
            f"funds_received@{received_cell.coordinate}: 已到位资金 {facts.received} > 预算总额 {facts.budget}"
        )
    if m.spent_over_received:
        facts.spent = cents((facts.received or facts.budget) * Decimal("1.08"))
        spent_cell.value = as_cell_number(facts.spent)
        note(f"funds_spent@{spent_cell.coordinate}: 已支出资金 {facts.spent} > 已到位资金 {facts.received}")
    if m.text_numbers:
        received_cell.value = typed_money(facts.received or Decimal(0), m.text_numbers)
        spent_cell.value = typed_money(facts.spent or Decimal(0), m.text_numbers)
        note(
            f"funds_received@{received_cell.coordinate}: 金额以文本填写 {received_cell.value!r}、{spent_cell.value!r}"
        )
    table = find_table(ws, "project")
    col = table.columns
    filled = [r for r in table.rows if ws.cell(row=r, column=col["level3"]).value]
    if m.near_miss_likelihood and filled:
        r = filled[-1]
        ws.cell(row=r, column=col["likelihood"]).value = "可能性较大"
        note(
            f"indicators.likelihood@{ws.cell(row=r, column=col['likelihood']).coordinate}: 可能性较大（近似值）"
        )
    if m.unlikely_without_analysis and filled:
        r = filled[0]
        ws.cell(row=r, column=col["likelihood"]).value = "可能性小"
        for key in ("deviation_analysis", "improvement_plan"):
            field_cell(ws, "project", key).value = None
        note(
            f"deviation_analysis@{field_cell(ws, 'project', 'deviation_analysis').coordinate}: 可能性小但未填偏离分析和改进计划"
        )
    if m.missing_required:
        if m.missing_required == "likelihood" and filled:
            cell = ws.cell(row=filled[1 if len(filled) > 1 else 0], column=col["likelihood"])
        else:
            cell = field_cell(ws, "project", m.missing_required)
        cell.value = None
        note(f"{m.missing_required}@{cell.coordinate}: 必填项为空")
    if m.tamper_budget:
        old = budget_cell.value
        budget_cell.value = as_cell_number(cents(Decimal(str(old)) + Decimal(rng.choice([10, 50, 100]))))
        note(f"budget_total@{budget_cell.coordinate}: 预填的预算总额被改动 {old} -> {budget_cell.value}")
    if m.extra_indicator_row and filled:
        # a new 产出 indicator typed in below the last 产出数量 row
        output_rows = [r for r in filled if level1_of(ws, table, r) == "产出"]
        at = (output_rows[0] if output_rows else filled[0]) + 1
        insert_table_row(ws, at)
        ws.cell(row=at, column=col["level2"]).value = "产出数量"
        ws.cell(row=at, column=col["level3"]).value = "开展督导检查次数"
        ws.cell(row=at, column=col["target"]).value = "≥4次"
        ws.cell(row=at, column=col["actual"]).value = "3次"
        ws.cell(row=at, column=col["likelihood"]).value = "确定能"
        note(f"indicators@A{at}: 插入一行指标（开展督导检查次数）")
