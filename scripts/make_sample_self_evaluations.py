"""Build sample_data/self_evaluation/: the year-end 项目支出绩效自评表 the units returned for 2026.

Generates the sample roster's 自评表 (with the Q3 returns as the 全年执行数 hint) into a temporary folder,
fills every sheet the way a unit's clerk would (openpyxl: actuals, own scores, a few deviations analysed),
and drops the workbooks flat into sample_data/self_evaluation/. Most are clean; MISTAKES below add the
ones the bureau should catch. Deterministic (seeded); one unit does not return its forms.

Run from the repository root: .venv/bin/python scripts/make_sample_self_evaluations.py
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl

from perfcli.api import generate_self_evaluation
from perfcli.model.quantities import parse_quantity
from perfcli.model.values import plain_number

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "sample_data" / "self_evaluation"
SEED = 20270115
NOT_RETURNED = "区殡仪馆"  # never sends its 自评表 (as it never sent its Q3 return)
# unit -> what goes wrong on its first project (the rest of its forms are clean)
MISTAKES = {
    "区第一实验小学": "actual_without_number",  # S001: 实际完成值 “基本完成” for a quantitative target
    "区人民医院": "unit_mismatch",  # S002: “95分” for a “≥90%” target
    "区农业技术推广中心": "qualitative_over_weight",  # S003: a qualitative indicator scored above its 分值
    "区救助管理站": "actual_missing",  # S005: 实际完成值 left empty
    "区市政园林管理处": "low_without_analysis",  # S006: far below target, no 偏差原因分析
    "区文化馆": "inflated_total",  # spot-check: own 总分 10 points above the computed one
    "区疾病预防控制中心": "overspent",  # S008: 全年执行数 above 全年预算数, no 超支说明
    "区社会福利院": "poor",  # 差: most targets missed (analysed)
}


def _cells(ws) -> dict[str, tuple[int, int]]:
    return {c.value: (c.row, c.column) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def _actual(target: str, rng: random.Random, ratio: float) -> tuple[str, Decimal | None]:
    """An actual for a target at about `ratio` of it: the text typed, and its number (None if qualitative)."""
    quantity = parse_quantity(target)
    if quantity is None:
        return rng.choice(["已完成", "按期完成", "已建立并运行"]), None
    t = quantity.number
    if quantity.sign == "≤":
        value = t * Decimal(str(round(2 - ratio, 2))) if ratio < 1 else t * Decimal("0.95")
    elif quantity.sign == "=":
        value = t if ratio >= 1 else (t * Decimal(str(ratio))).quantize(Decimal(1))
    else:
        value = t * Decimal(str(ratio)) if ratio < 1 else t * Decimal(str(round(1 + rng.random() * 0.1, 2)))
    value = value.quantize(Decimal("0.1")).normalize()
    return f"{plain_number(value)}{quantity.unit}", value


def fill_sheet(ws, rng: random.Random, mistake: str | None) -> None:
    where = _cells(ws)
    total_row, _ = where["年度资金总额"]
    budget = Decimal(str(ws.cell(total_row, 5).value))
    spent_share = (
        Decimal("1.06") if mistake == "overspent" else Decimal(str(round(0.82 + rng.random() * 0.18, 2)))
    )
    executed = (budget * spent_share).quantize(Decimal("0.01"))
    ws.cell(total_row, 6).value = float(executed)
    ws.cell(total_row, 8).value = f"{plain_number((executed / budget * 100).quantize(Decimal('0.01')))}%"
    own_budget = Decimal(10) * min(executed / budget, Decimal(1))
    ws.cell(total_row, 9).value = float(own_budget.quantize(Decimal("0.01")))
    goal_row, goal_col = where["实际完成情况"]
    ws.cell(goal_row + 1, goal_col).value = "全年项目按计划实施，主要绩效目标基本实现。"
    header, _ = where["一级指标"]
    own_total = own_budget
    first = True
    for r in range(header + 1, ws.max_row + 1):
        name, target, weight = ws.cell(r, 3).value, ws.cell(r, 4).value, ws.cell(r, 6).value
        if ws.cell(r, 1).value == "总分":
            ws.cell(r, 7).value = float(
                (own_total + (10 if mistake == "inflated_total" else 0)).quantize(Decimal("0.01"))
            )
            break
        if weight is None:
            continue
        w = Decimal(str(weight))
        if not name:  # the open row of a group without roster indicators: the unit names it
            ws.cell(r, 3).value, ws.cell(r, 4).value = "服务对象满意度", "≥90%"
            target = "≥90%"
        ratio = 0.3 if mistake == "poor" else 0.95 + rng.random() * 0.1
        if first and mistake == "low_without_analysis":
            ratio = 0.4
        text, value = _actual(str(target), rng, ratio)
        quantity = parse_quantity(target)
        if value is None:  # qualitative: the unit's own judgement
            own = (w * Decimal("0.5")).quantize(Decimal("0.01")) if mistake == "poor" else w
        else:
            own = _own_score(quantity, value, w)
        deviation = "受资金拨付进度影响，部分任务延后，下年度加快实施。" if own < w * Decimal("0.8") else None
        if first and mistake == "actual_without_number" and quantity is not None:
            text, first = "基本完成", False
        elif first and mistake == "unit_mismatch" and quantity is not None:
            text, first = "95分", False
        elif first and mistake == "qualitative_over_weight" and quantity is None:
            own, first = w + 2, False
        elif first and mistake == "actual_missing":
            text, first = None, False
        elif first and mistake == "low_without_analysis" and quantity is not None:
            deviation, first = None, False
        ws.cell(r, 5).value = text
        ws.cell(r, 7).value = float(own.quantize(Decimal("0.01")))
        ws.cell(r, 8).value = deviation
        own_total += own.quantize(Decimal("0.01"))


def _own_score(quantity, value: Decimal, w: Decimal) -> Decimal:
    from perfcli.scoring.formulas import quantitative_score

    return quantitative_score(quantity, value, w)


def main() -> int:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        result = generate_self_evaluation(
            ROOT / "sample_data" / "roster.xlsx", 2026, Path(tmp), returns=ROOT / "sample_data" / "returns"
        )
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir(parents=True)
        for file in sorted(result.files, key=lambda f: f.path):
            if file.name == NOT_RETURNED:
                continue
            wb = openpyxl.load_workbook(file.path)
            for i, ws in enumerate(wb.worksheets):
                if ws.sheet_state == "visible":
                    fill_sheet(ws, rng, MISTAKES.get(file.name) if i == 0 else None)
            wb.save(OUT / file.path.name)
    print(f"已写入 {OUT.relative_to(ROOT)}（{len(list(OUT.iterdir()))} 个工作簿）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
