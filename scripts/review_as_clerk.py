"""The demo's reviewer: fills the 审核结论 of a 审核意见表 (perfcli review targets --out) as the 业务股室 would.

A row already pre-filled with the suggestion (通过 / 退回) is kept; a row left blank because it has only warnings
is looked at and passed; a 退回 gets the reviewer's own words in 审核意见 where OPINIONS has some for the
project. Needs only openpyxl (run with the Python of the perfcli that runs the demo).

    python scripts/review_as_clerk.py 初审意见表.xlsx [--pass-all]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import openpyxl

SHEET = "审核意见表"
# what the reviewer adds to a returned project (the letter quotes it under 初审意见)
OPINIONS = {
    "2026年智慧校园建设": "请结合师生使用情况补充满意度指标，并与年度目标对应。",
    "2026年义务教育学生营养改善": "请按部门预算“二上”数核实中期资金及其构成。",
}


def review(path: Path, *, pass_all: bool) -> int:
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    header = [c.value for c in sheet[1]]
    name, conclusion, opinion = (header.index(h) + 1 for h in ("项目名称", "审核结论", "审核意见"))
    step = header.index("审核环节") + 1
    decided = 0
    for row in range(2, sheet.max_row + 1):
        project = sheet.cell(row, name).value
        if not project:
            continue
        cell = sheet.cell(row, conclusion)
        if pass_all or not cell.value:
            cell.value = "批复" if sheet.cell(row, step).value == "批复" else "通过"
        if cell.value == "退回" and project in OPINIONS and not sheet.cell(row, opinion).value:
            sheet.cell(row, opinion).value = OPINIONS[project]
        decided += 1
    book.save(path)
    print(f"审核人已填写 {path.name} 的审核结论：{decided} 个项目")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sheet", type=Path)
    parser.add_argument("--pass-all", action="store_true", help="复审：全部通过")
    options = parser.parse_args(argv)
    return review(options.sheet, pass_all=options.pass_all)


if __name__ == "__main__":
    sys.exit(main())
