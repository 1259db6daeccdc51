"""再评价结果 as the bureau keeps them: a small CSV, 部门,项目,得分,等级,评价结论,整改要求."""

from __future__ import annotations

import csv
from pathlib import Path

from perfcli.errors import InputDataError
from perfcli.letters.data import ReevaluationLine

REEVALUATION_COLUMNS = {
    "部门": "department",
    "项目": "project",
    "得分": "score",
    "等级": "grade",
    "评价结论": "conclusion",
    "结论": "conclusion",
    "整改要求": "requirement",
    "结果应用": "requirement",
}


def read_reevaluation_csv(path: Path) -> list[ReevaluationLine]:
    """再评价结果 as a small CSV (UTF-8, Excel's “CSV UTF-8” works): 部门,项目,得分,等级,评价结论,整改要求."""
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputDataError(f"无法读取再评价结果文件 {path}：{exc}") from exc
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "部门" not in rows[0]:
        raise InputDataError(f"再评价结果文件 {path} 第 1 行应为表头：部门,项目,得分,等级,评价结论,整改要求")
    out = []
    for number, row in enumerate(rows, start=2):
        values = {
            REEVALUATION_COLUMNS[k.strip()]: (v or "").strip()
            for k, v in row.items()
            if k and k.strip() in REEVALUATION_COLUMNS
        }
        if not values.get("department"):
            raise InputDataError(f"再评价结果文件 {path} 第 {number} 行缺少“部门”。")
        out.append(ReevaluationLine(**{"project": "部门整体", **values}))
    return out
